//! Rules `diagnosis.count` and `line.count`: a professional claim (837P) carries 1 to 12
//! diagnoses (the HI segments) and 1 to 50 service lines (the 2400 loop). A claim outside
//! these bounds cannot be sent as it is, so the coder trims or splits it.

use claims_events::event::CodingIssue;

use super::{issue, CodingCheck};

pub const DIAGNOSIS_COUNT: &str = "diagnosis.count";
pub const LINE_COUNT: &str = "line.count";

/// Most diagnoses on one claim.
pub const MAX_DIAGNOSES: usize = 12;
/// Most service lines on one claim.
pub const MAX_LINES: usize = 50;

pub(crate) fn check(claim: &CodingCheck<'_>, out: &mut Vec<CodingIssue>) {
    let diagnoses = claim.coding.diagnoses.len();
    if diagnoses == 0 {
        out.push(issue(
            DIAGNOSIS_COUNT,
            "$.diagnoses".to_string(),
            "the claim has no diagnosis: add the diagnosis that supports the services, principal first"
                .to_string(),
        ));
    } else if diagnoses > MAX_DIAGNOSES {
        out.push(issue(
            DIAGNOSIS_COUNT,
            "$.diagnoses".to_string(),
            format!(
                "the claim has {diagnoses} diagnoses; a claim carries at most {MAX_DIAGNOSES}: keep \
                 the principal and those the lines point at, or split the services over two claims"
            ),
        ));
    }
    let lines = claim.coding.lines.len();
    if lines == 0 {
        out.push(issue(
            LINE_COUNT,
            "$.lines".to_string(),
            "the claim has no service line: add the services performed".to_string(),
        ));
    } else if lines > MAX_LINES {
        out.push(issue(
            LINE_COUNT,
            "$.lines".to_string(),
            format!(
                "the claim has {lines} service lines; a claim carries at most {MAX_LINES}: split it \
                 into several claims (lines after the {MAX_LINES}th are not compared with others)"
            ),
        ));
    }
}
