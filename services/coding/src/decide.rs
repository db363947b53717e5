//! The coding decisions. Pure: given the claim as its log says it is and the loaded code set
//! and edits, which facts follow.

use claims_events::event::{ClaimCoded, CodingCorrected, CodingIssuesFound};
use claims_events::{Claim, ClaimCoding, ClaimStatus, Event};

use crate::rules::{check_claim, Reference};

/// The check of a claim waiting for coding; `None` when there is nothing to decide (not
/// waiting, or this input was already decided).
pub fn decide_coding(claim: &Claim, input_key: &str, reference: &Reference) -> Option<Vec<Event>> {
    if claim.has_handled(input_key) || claim.status() != ClaimStatus::AwaitingCoding {
        return None;
    }
    let coding = claim.coding.as_ref()?;
    Some(vec![check(claim, coding, reference)])
}

/// Statuses in which a coder may replace a claim's codes: before the payer has the claim,
/// or after a front-end rejection (the payer never adjudicated it).
pub const CORRECTABLE: [ClaimStatus; 5] = [
    ClaimStatus::AwaitingCoding,
    ClaimStatus::CodingIssues,
    ClaimStatus::Coded,
    ClaimStatus::ScrubFailed,
    ClaimStatus::Rejected,
];

/// A coder's correction: recorded with the operator's id, and checked again in the same
/// commit, so the claim moves on (or back to the worklist) at once.
pub fn decide_correction(
    claim: &Claim,
    operator: &str,
    coding: ClaimCoding,
    note: Option<String>,
    input_key: &str,
    reference: &Reference,
) -> Result<Vec<Event>, String> {
    if claim.has_handled(input_key) {
        return Ok(Vec::new());
    }
    if !claim.exists() {
        return Err("no such claim".into());
    }
    if !CORRECTABLE.contains(&claim.status()) {
        return Err(format!(
            "the claim is {}: its codes can no longer be corrected here; once a payer has a claim, \
             send a corrected claim (frequency 7) through denial handling",
            claim.status()
        ));
    }
    let checked = check(claim, &coding, reference);
    Ok(vec![
        Event::CodingCorrected(CodingCorrected {
            operator: operator.to_owned(),
            coding,
            note,
        }),
        checked,
    ])
}

fn check(claim: &Claim, coding: &ClaimCoding, reference: &Reference) -> Event {
    let service_date = claim
        .encounter
        .as_ref()
        .map(|e| e.service_date)
        .unwrap_or_default();
    let code_set = reference.code_set_used(service_date);
    let issues = check_claim(coding, service_date, reference);
    if issues.is_empty() {
        Event::ClaimCoded(ClaimCoded { code_set })
    } else {
        Event::CodingIssuesFound(CodingIssuesFound { code_set, issues })
    }
}
