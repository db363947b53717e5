//! The payers of an encounter: which registry payer covers the visit, under which plan, and
//! in which order when there is more than one.
//!
//! A payer the registry does not know has no clearinghouse route, no filing limit and no
//! SBR09 indicator, so its claim could never be sent: it is refused here, where the practice
//! can still correct it. Billing payers in the wrong order is CARC 22 ("this care may be
//! covered by another payer"), so two coverages may not claim the same place in the order.

use claims_events::{Coverage, PayerId, PayerOrder};
use claims_payers::{Payer, PayerRegistry};

use super::json::Node;
use super::problem::Problems;
use super::text::text;
use super::values::one_of;

pub(crate) const COVERAGE_FIELDS: &[&str] = &["payer_id", "plan", "priority"];

/// SBR04, the plan or group name, holds at most 60 characters.
const MAX_PLAN: usize = 60;

pub(crate) const PRIORITIES: &[(&str, PayerOrder)] = &[
    ("primary", PayerOrder::Primary),
    ("secondary", PayerOrder::Secondary),
    ("tertiary", PayerOrder::Tertiary),
];

/// A coverage as read: the parts that could be read, kept apart so that a bad plan name
/// does not hide the payer from the rules that depend on it.
pub(crate) struct ReadCoverage<'r> {
    pub coverage: Option<Coverage>,
    pub payer: Option<&'r Payer>,
    pub order: Option<PayerOrder>,
}

pub(crate) fn coverage<'r>(
    node: &Node,
    payers: &'r PayerRegistry,
    problems: &mut Problems,
) -> ReadCoverage<'r> {
    if node.object(COVERAGE_FIELDS, problems).is_none() {
        return ReadCoverage {
            coverage: None,
            payer: None,
            order: None,
        };
    }
    let payer = payer(&node.field("payer_id"), payers, problems);
    let plan = text(&node.field("plan"), MAX_PLAN, problems);
    let order = one_of(
        &node.field("priority"),
        PRIORITIES,
        "priority.unknown",
        problems,
    );
    let coverage = match (payer, plan, order) {
        (Some(payer), Some(plan), Some(order)) => Some(Coverage {
            payer_id: payer.id.clone(),
            plan,
            order,
        }),
        _ => None,
    };
    ReadCoverage {
        coverage,
        payer,
        order,
    }
}

fn payer<'r>(node: &Node, payers: &'r PayerRegistry, problems: &mut Problems) -> Option<&'r Payer> {
    let text = node.string(problems)?;
    let payer = text.parse::<PayerId>().ok().and_then(|id| payers.get(&id));
    if payer.is_none() {
        let hint = match closest_id(text, payers) {
            Some(id) => format!(" (did you mean `{id}`?)"),
            None => String::new(),
        };
        problems.push(
            node.path(),
            "payer.unknown",
            format!(
                "payer_id `{text}` is not in the payer registry{hint}: use the registry's id for \
                 the payer, or ask the billing office to add it"
            ),
        );
    }
    payer
}

/// The registry id within two edits of `text`, if there is one: `medicare-in` is most
/// likely `medicare-il`.
fn closest_id<'r>(text: &str, payers: &'r PayerRegistry) -> Option<&'r str> {
    payers
        .iter()
        .map(|payer| (edit_distance(text, payer.id.as_str()), payer.id.as_str()))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, id)| id)
}

/// Levenshtein distance over characters, with one row of memory.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// Two coverages of one encounter must hold different places in the payer order.
pub(crate) fn check_order(
    primary: &ReadCoverage,
    secondary: &ReadCoverage,
    secondary_node: &Node,
    problems: &mut Problems,
) {
    if let (Some(a), Some(b)) = (primary.order, secondary.order) {
        if a == b {
            let word = PRIORITIES
                .iter()
                .find(|(_, order)| *order == a)
                .map_or("", |(word, _)| *word);
            problems.push(
                secondary_node.field("priority").path(),
                "priority.conflict",
                format!(
                    "secondary_coverage has the same priority as coverage ({word}): each payer takes \
                     its own place in the order of benefits"
                ),
            );
        }
    }
}
