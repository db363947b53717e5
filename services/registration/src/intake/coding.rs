//! What the provider billed: the diagnosis list and the service lines that point into it.
//!
//! These are the 837P's HI segment (up to 12 diagnoses) and its 2400 loops (up to 50
//! lines, each with up to 4 modifiers and 1 to 4 diagnosis pointers). Codes are checked by
//! shape only: whether a code exists and is billable on the date of service is the coding
//! service's business, with the code set loaded. A pointer to a diagnosis that is not
//! there, though, can only be fixed by whoever wrote the encounter, so it is caught here.

use std::collections::HashMap;

use chrono::NaiveDate;
use claims_events::{ClaimCoding, Icd10Code, Modifier, ProcedureCode, ServiceLine};

use super::json::Node;
use super::problem::Problems;
use super::values::{check_count, money, past_date, whole_number_in};

pub(crate) const LINE_FIELDS: &[&str] = &[
    "procedure",
    "modifiers",
    "units",
    "charge",
    "diagnosis_pointers",
    "service_date",
];

const MAX_DIAGNOSES: usize = 12;
const MAX_LINES: usize = 50;
const MAX_MODIFIERS: usize = 4;
const MAX_POINTERS: usize = 4;
const MAX_UNITS: i64 = 999;

pub(crate) fn coding(
    diagnoses: &Node,
    lines: &Node,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<ClaimCoding> {
    let diagnosis_nodes = diagnoses.array(problems);
    // Pointers are checked against the number of diagnoses sent, valid or not, so that one
    // bad code is reported once and not again by every line that points at it.
    let sent = diagnosis_nodes.as_ref().map(Vec::len);
    let diagnoses = diagnosis_nodes.map(|nodes| diagnosis_list(diagnoses, &nodes, problems));
    let lines = lines.array(problems).map(|nodes| {
        check_count(
            lines,
            nodes.len(),
            1..=MAX_LINES,
            "lines",
            "lines.count",
            problems,
        );
        // Every line is read, even after a bad one, so that all problems are reported.
        let read: Vec<Option<ServiceLine>> = nodes
            .iter()
            .map(|node| line(node, sent, today, problems))
            .collect();
        read.into_iter().collect::<Option<Vec<_>>>()
    });
    Some(ClaimCoding {
        diagnoses: diagnoses??,
        lines: lines??,
    })
}

fn diagnosis_list(list: &Node, nodes: &[Node], problems: &mut Problems) -> Option<Vec<Icd10Code>> {
    check_count(
        list,
        nodes.len(),
        1..=MAX_DIAGNOSES,
        "diagnoses",
        "diagnoses.count",
        problems,
    );
    let mut seen: HashMap<Icd10Code, String> = HashMap::new();
    let mut codes = Vec::with_capacity(nodes.len());
    for node in nodes {
        let Some(text) = node.string(problems) else {
            continue;
        };
        match text.parse::<Icd10Code>() {
            Err(e) => problems.push(node.path(), "diagnosis.format", e.to_string()),
            Ok(code) => match seen.get(&code) {
                Some(first) => problems.push(
                    node.path(),
                    "diagnosis.duplicate",
                    format!(
                        "{} repeats {first} ({code}): list each diagnosis once and point at it",
                        node.name()
                    ),
                ),
                None => {
                    seen.insert(code.clone(), node.name().to_owned());
                    codes.push(code);
                }
            },
        }
    }
    (codes.len() == nodes.len()).then_some(codes)
}

fn line(
    node: &Node,
    diagnoses: Option<usize>,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<ServiceLine> {
    node.object(LINE_FIELDS, problems)?;
    let procedure = procedure(&node.field("procedure"), problems);
    let modifiers = match node.field("modifiers").present() {
        Some(list) => modifiers(&list, problems),
        None => Some(Vec::new()),
    };
    let units = whole_number_in(&node.field("units"), 1..=MAX_UNITS, "units.range", problems);
    let charge = money(&node.field("charge"), problems);
    let pointers = pointers(&node.field("diagnosis_pointers"), diagnoses, problems);
    let service_date = node
        .field("service_date")
        .present()
        .map(|date| past_date(&date, today, problems));
    Some(ServiceLine {
        procedure: procedure?,
        modifiers: modifiers?,
        units: u32::try_from(units?).ok()?,
        charge: charge?,
        diagnosis_pointers: pointers?,
        service_date: match service_date {
            Some(date) => Some(date?),
            None => None,
        },
    })
}

fn procedure(node: &Node, problems: &mut Problems) -> Option<ProcedureCode> {
    let text = node.string(problems)?;
    text.parse()
        .map_err(|e: claims_events::CodeError| {
            problems.push(node.path(), "procedure.format", e.to_string())
        })
        .ok()
}

fn modifiers(list: &Node, problems: &mut Problems) -> Option<Vec<Modifier>> {
    let nodes = list.array(problems)?;
    if nodes.len() > MAX_MODIFIERS {
        problems.push(
            list.path(),
            "modifiers.count",
            format!(
                "modifiers has {}; a service line takes at most {MAX_MODIFIERS}",
                nodes.len()
            ),
        );
    }
    let parsed: Vec<Option<Modifier>> = nodes
        .iter()
        .map(|node| {
            let text = node.string(problems)?;
            text.parse()
                .map_err(|e: claims_events::CodeError| {
                    problems.push(node.path(), "modifier.format", e.to_string())
                })
                .ok()
        })
        .collect();
    parsed.into_iter().collect()
}

/// One to four one-based positions in the diagnosis list, each pointing at a diagnosis that
/// was sent, none twice.
fn pointers(list: &Node, diagnoses: Option<usize>, problems: &mut Problems) -> Option<Vec<u8>> {
    let nodes = list.array(problems)?;
    check_count(
        list,
        nodes.len(),
        1..=MAX_POINTERS,
        "pointers",
        "pointers.count",
        problems,
    );
    // With no diagnoses at all, `diagnoses.count` already says what to fix.
    let highest = diagnoses
        .filter(|n| *n > 0)
        .unwrap_or(MAX_DIAGNOSES)
        .min(MAX_DIAGNOSES);
    let mut pointers = Vec::with_capacity(nodes.len());
    for node in &nodes {
        let Some(n) = node.whole_number(problems) else {
            continue;
        };
        let Some(pointer) = u8::try_from(n)
            .ok()
            .filter(|p| (1..=highest as u8).contains(p))
        else {
            problems.push(
                node.path(),
                "pointer.range",
                format!(
                    "{} is {n}, but the diagnoses are numbered 1 to {highest}: point at a listed diagnosis",
                    node.name()
                ),
            );
            continue;
        };
        if pointers.contains(&pointer) {
            problems.push(
                node.path(),
                "pointer.duplicate",
                format!("{} points at diagnosis {pointer} twice", list.name()),
            );
            continue;
        }
        pointers.push(pointer);
    }
    (pointers.len() == nodes.len()).then_some(pointers)
}
