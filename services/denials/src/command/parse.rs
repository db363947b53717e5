//! Parsing a denial command's JSON: the schema first, then every field, each problem
//! reported with its JSON path and a stable code, as receipts name them.
//!
//! Unknown fields are refused (a misspelt optional field would otherwise be lost) and
//! amounts are decimal strings, as in every other contract of the system.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use claims_events::event::WriteOffReason;
use claims_events::{
    Cents, ClaimCoding, ClaimId, Icd10Code, Modifier, PayerId, ProcedureCode, ServiceLine,
};

use super::{Action, Command, Kind, NewCoverage, Problem};

#[derive(Deserialize)]
struct Envelope {
    schema: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectFields {
    diagnoses: Vec<Icd10Code>,
    lines: Vec<LineInput>,
    #[serde(default)]
    note: Option<String>,
}

/// A service line as encounter/v1 and code-correct/v1 write it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineInput {
    procedure: ProcedureCode,
    #[serde(default)]
    modifiers: Vec<Modifier>,
    units: u32,
    charge: String,
    diagnosis_pointers: Vec<u8>,
    #[serde(default)]
    service_date: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppealFields {
    level: u8,
    reason: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RebillFields {
    payer_id: PayerId,
    reason: String,
    /// For a coverage the encounter did not name: the patient's member id with that payer.
    #[serde(default)]
    member_id: Option<String>,
    #[serde(default)]
    group_number: Option<String>,
    #[serde(default)]
    plan: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BillPatientFields {
    #[serde(default)]
    transfer: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriteOffFields {
    amount: String,
    reason: String,
    #[serde(default)]
    note: Option<String>,
}

/// Parses a command of `kind`: every problem found, or the typed command.
pub fn parse(kind: Kind, payload: &[u8]) -> Result<Command, Vec<Problem>> {
    let envelope: Envelope = serde_json::from_slice(payload).map_err(|e| {
        vec![Problem::new(
            "$",
            "json.syntax",
            format!("not a {} command: {e}", kind.schema()),
        )]
    })?;
    if envelope.schema != kind.schema() {
        return Err(vec![Problem::new(
            "$.schema",
            "schema.unsupported",
            format!(
                "schema is `{}`; this subject reads `{}`",
                envelope.schema,
                kind.schema()
            ),
        )]);
    }
    let (claim_id, operator, action) = match kind {
        Kind::Correct => body(payload, correct)?,
        Kind::Appeal => body(payload, appeal)?,
        Kind::Rebill => body(payload, |f: RebillFields| {
            let insured = match f.member_id {
                Some(member_id) => Some(NewCoverage {
                    member_id: member_id_text(member_id)?,
                    group_number: f.group_number.filter(|g| !g.trim().is_empty()),
                    plan: f.plan.filter(|p| !p.trim().is_empty()),
                }),
                None => None,
            };
            Ok(Action::Rebill {
                payer_id: f.payer_id,
                reason: required_text("$.reason", f.reason)?,
                insured,
            })
        })?,
        Kind::BillPatient => body(payload, |f: BillPatientFields| {
            let transfer = match f.transfer {
                Some(text) => money("$.transfer", &text, true)?,
                None => Cents::ZERO,
            };
            Ok(Action::BillPatient {
                transfer,
                note: f.note,
            })
        })?,
        Kind::WriteOff => body(payload, write_off)?,
    };
    if operator.trim().is_empty() {
        return Err(vec![Problem::new(
            "$.operator",
            "text.empty",
            "`operator` must name the operator",
        )]);
    }
    Ok(Command {
        claim_id,
        operator,
        action,
    })
}

fn body<T: DeserializeOwned>(
    payload: &[u8],
    fields: impl FnOnce(T) -> Result<Action, Problem>,
) -> Result<(ClaimId, String, Action), Vec<Problem>> {
    let mut map: Map<String, Value> = serde_json::from_slice(payload)
        .map_err(|e| vec![Problem::new("$", "json.syntax", e.to_string())])?;
    map.remove("schema");
    let claim_id = take(&mut map, "claim_id");
    let operator = take(&mut map, "operator");
    let rest = serde_json::from_value::<T>(Value::Object(map))
        .map_err(|e| Problem::new("$", "field.invalid", e.to_string()))
        .and_then(fields);
    let problems: Vec<Problem> = [
        claim_id.as_ref().err(),
        operator.as_ref().err(),
        rest.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    match (claim_id, operator, rest) {
        (Ok(claim_id), Ok(operator), Ok(action)) => Ok((claim_id, operator, action)),
        _ => Err(problems),
    }
}

/// Takes a required field out of the command, reporting it by its path.
fn take<T: DeserializeOwned>(map: &mut Map<String, Value>, key: &str) -> Result<T, Problem> {
    let path = format!("$.{key}");
    let value = map
        .remove(key)
        .filter(|v| !v.is_null())
        .ok_or_else(|| Problem::new(&path, "field.missing", format!("`{key}` is required")))?;
    serde_json::from_value(value).map_err(|e| Problem::new(&path, "field.type", e.to_string()))
}

fn correct(fields: CorrectFields) -> Result<Action, Problem> {
    let lines = fields
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            Ok(ServiceLine {
                charge: money(&format!("$.lines[{i}].charge"), &line.charge, false)?,
                procedure: line.procedure,
                modifiers: line.modifiers,
                units: line.units,
                diagnosis_pointers: line.diagnosis_pointers,
                service_date: line.service_date,
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    if fields.diagnoses.is_empty() || lines.is_empty() {
        return Err(Problem::new(
            "$",
            "field.missing",
            "a corrected claim needs its diagnoses and its lines",
        ));
    }
    Ok(Action::Correct {
        coding: ClaimCoding {
            diagnoses: fields.diagnoses,
            lines,
        },
        note: fields.note,
    })
}

fn appeal(fields: AppealFields) -> Result<Action, Problem> {
    if !(1..=5).contains(&fields.level) {
        return Err(Problem::new(
            "$.level",
            "level.range",
            "appeal levels run from 1 to 5",
        ));
    }
    Ok(Action::Appeal {
        level: fields.level,
        reason: required_text("$.reason", fields.reason)?,
        note: fields.note,
    })
}

fn write_off(fields: WriteOffFields) -> Result<Action, Problem> {
    let reason = match fields.reason.as_str() {
        "contractual" => WriteOffReason::Contractual,
        "timely_filing" => WriteOffReason::TimelyFiling,
        "small_balance" => WriteOffReason::SmallBalance,
        "uncollectible" => WriteOffReason::Uncollectible,
        "non_covered" => WriteOffReason::NonCovered,
        "other" => match fields.note.as_deref().map(str::trim) {
            Some(note) if !note.is_empty() => WriteOffReason::Other(note.to_owned()),
            _ => return Err(Problem::new("$.note", "note.required", "reason `other` needs a `note` saying why")),
        },
        other => {
            return Err(Problem::new(
                "$.reason",
                "reason.unknown",
                format!("`{other}` is not one of contractual, timely_filing, small_balance, uncollectible, non_covered, other"),
            ))
        }
    };
    Ok(Action::WriteOff {
        amount: money("$.amount", &fields.amount, false)?,
        reason,
        note: fields.note,
    })
}

/// A decimal string amount; positive unless `zero_ok`.
fn money(path: &str, text: &str, zero_ok: bool) -> Result<Cents, Problem> {
    let amount = Cents::parse_decimal(text)
        .map_err(|e| Problem::new(path, "money.format", e.to_string()))?;
    if amount.is_negative() || (!zero_ok && amount == Cents::ZERO) {
        return Err(Problem::new(
            path,
            "money.not_positive",
            format!("`{text}` must be more than zero"),
        ));
    }
    Ok(amount)
}

/// The insured's id with the new payer, as X12 NM109 carries it. The value is never echoed
/// in the problem: member ids are protected health information.
fn member_id_text(text: String) -> Result<String, Problem> {
    let id = text.trim();
    let shaped =
        (2..=80).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !shaped {
        return Err(Problem::new(
            "$.member_id",
            "member_id.format",
            "a member id is 2 to 80 letters, digits or hyphens, as on the insurance card",
        ));
    }
    Ok(id.to_owned())
}

fn required_text(path: &str, text: String) -> Result<String, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::new(
            path,
            "text.empty",
            "must say why, for the log and the payer",
        ));
    }
    Ok(text)
}
