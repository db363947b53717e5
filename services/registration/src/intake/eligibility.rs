//! `eligibility/v1`: what a payer or clearinghouse says about one member's coverage.
//!
//! The latest record for a (payer, member) pair is what the system knows about that
//! member; [`super::check_coverage`] compares it with an encounter before anything is
//! billed. The record is read with the same lenient walk as encounters, so a rejected
//! eligibility message names every problem too.

use chrono::NaiveDate;
use claims_events::PayerId;
use serde::{Deserialize, Serialize};

use super::encounter::schema;
use super::json::{parse_document, Node};
use super::person::{MAX_FIRST_NAME, MAX_LAST_NAME};
use super::problem::{Problem, Problems};
use super::text::{identifier, text};
use super::values::{date, one_of};

/// The value of `schema` this parser reads.
pub const ELIGIBILITY_SCHEMA: &str = "eligibility/v1";

const FIELDS: &[&str] = &[
    "schema",
    "payer_id",
    "member_id",
    "first_name",
    "last_name",
    "birth_date",
    "plan",
    "status",
    "coverage_start",
    "coverage_end",
];

/// Whether the payer says the member's coverage is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EligibilityStatus {
    Active,
    Inactive,
}

/// One eligibility answer. Names, birth date and member id are protected health
/// information: the record is stored and compared, never logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityRecord {
    pub payer_id: PayerId,
    pub member_id: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub plan: String,
    pub status: EligibilityStatus,
    pub coverage_start: NaiveDate,
    /// `None` while the coverage has no end date.
    pub coverage_end: Option<NaiveDate>,
}

/// Parses an `eligibility/v1` document, reporting every problem at once.
pub fn parse_eligibility(json: &[u8]) -> Result<EligibilityRecord, Vec<Problem>> {
    let document = parse_document(json)?;
    let root = Node::root(&document);
    let mut problems = Problems::default();
    let p = &mut problems;
    if root.object(FIELDS, p).is_none() {
        return Err(problems.into_rejection());
    }
    schema(&root.field("schema"), ELIGIBILITY_SCHEMA, p);
    let payer_id = payer_id(&root.field("payer_id"), p);
    let member_id = identifier(&root.field("member_id"), 80, p);
    let first_name = text(&root.field("first_name"), MAX_FIRST_NAME, p);
    let last_name = text(&root.field("last_name"), MAX_LAST_NAME, p);
    let birth_date = date(&root.field("birth_date"), p);
    let plan = text(&root.field("plan"), 60, p);
    let status = one_of(
        &root.field("status"),
        &[
            ("active", EligibilityStatus::Active),
            ("inactive", EligibilityStatus::Inactive),
        ],
        "status.unknown",
        p,
    );
    let coverage_start = date(&root.field("coverage_start"), p);
    let end_node = root.field("coverage_end");
    let coverage_end = end_node.clone().present().map(|node| date(&node, p));
    if let (Some(start), Some(Some(end))) = (coverage_start, coverage_end) {
        if end < start {
            p.push(
                end_node.path(),
                "date.order",
                "coverage_end is before coverage_start: check both dates",
            );
        }
    }
    let (
        Some(payer_id),
        Some(member_id),
        Some(first_name),
        Some(last_name),
        Some(birth_date),
        Some(plan),
        Some(status),
        Some(coverage_start),
    ) = (
        payer_id,
        member_id,
        first_name,
        last_name,
        birth_date,
        plan,
        status,
        coverage_start,
    )
    else {
        return Err(problems.into_rejection());
    };
    let coverage_end = match coverage_end {
        None => None,
        Some(Some(end)) => Some(end),
        Some(None) => return Err(problems.into_rejection()),
    };
    if !problems.is_empty() {
        return Err(problems.into_rejection());
    }
    Ok(EligibilityRecord {
        payer_id,
        member_id,
        first_name,
        last_name,
        birth_date,
        plan,
        status,
        coverage_start,
        coverage_end,
    })
}

/// A payer id of the registry's form. Whether the registry knows it is decided when the
/// record is used: an answer about a payer not yet configured is still worth keeping.
fn payer_id(node: &Node, problems: &mut Problems) -> Option<PayerId> {
    let text = node.string(problems)?;
    text.parse()
        .map_err(|_| {
            problems.push(
                node.path(),
                "payer.format",
                "payer_id must be a payer registry id: lower-case letters, digits and -, such as medicare-il",
            )
        })
        .ok()
}
