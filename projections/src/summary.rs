//! What an operations team sees of one claim: status, payer, money and dates, derived from
//! the claim's fold. Worklists and counts are computed from summaries, so every read model
//! agrees with every other.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use claims_events::event::AdjustmentGroup;
use claims_events::ClaimStatus;

use crate::deadline::{self, Deadline, PayerTerms};
use crate::fold::Folded;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    pub claim_id: String,
    pub partner: String,
    pub encounter_id: String,
    pub payer_id: String,
    pub status: ClaimStatus,
    pub service_date: NaiveDate,
    /// Money in cents.
    pub charge: i64,
    pub paid: i64,
    pub patient_responsibility: i64,
    pub contractual: i64,
    pub written_off: i64,
    pub denied: i64,
    pub open: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub last_changed: Option<DateTime<Utc>>,
    pub follow_up_due: bool,
    /// Coding issues to fix (rule names), when the claim is in the coding worklist.
    pub coding_issues: Vec<String>,
    /// Why the claim waits, in the words of the event that put it there.
    pub waiting_for: Option<String>,
    /// How many 837s it went out in.
    pub submissions: u32,
    /// It went back for rework at some point (coding issues, scrub failure, front-end rejection).
    pub had_rework: bool,
    /// A payer denied all or part of it at some point.
    pub ever_denied: bool,
    /// Denial reasons as group-CARC (`CO-50`), from the payers' remittances.
    pub denial_reasons: Vec<String>,
    /// The payment date of the latest remittance.
    pub paid_on: Option<NaiveDate>,
    /// The timely-filing or appeal deadline the claim runs against now (`deadline.rs`).
    pub deadline: Option<Deadline>,
}

/// The worklists a claim is on: what someone has to do about it.
pub const WORKLISTS: [&str; 6] = [
    "eligibility",
    "coding",
    "rework",
    "denials",
    "follow-up",
    "deadlines",
];

/// The worklist of claims with a deadline, in the order of their due dates.
pub const DEADLINES: &str = "deadlines";

impl ClaimSummary {
    /// The summary of a registered claim; `None` before registration. `terms` are the
    /// payers' days, for deadlines.
    pub fn of(folded: &Folded, terms: &PayerTerms) -> Option<ClaimSummary> {
        let claim = &folded.claim;
        let encounter = claim.encounter.as_ref()?;
        let payer_id = claim
            .coverage
            .as_ref()
            .unwrap_or(&encounter.coverage)
            .payer_id
            .to_string();
        let deadline = deadline::deadline(
            claim,
            folded.open_denials(),
            &payer_id,
            encounter.service_date,
            terms,
        );
        let ledger = claim.ledger;
        let waiting_for = match claim.status() {
            ClaimStatus::EligibilityHold | ClaimStatus::CoverageLapsed => {
                match &claim.eligibility {
                    claims_events::claim::Eligibility::Pending(reason)
                    | claims_events::claim::Eligibility::Lapsed(reason) => Some(reason.clone()),
                    _ => None,
                }
            }
            ClaimStatus::ScrubFailed => Some(
                claim
                    .scrub_findings
                    .iter()
                    .map(|f| f.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ClaimStatus::Rejected => Some(
                claim
                    .rejections
                    .iter()
                    .map(|r| format!("{} {}", r.code, r.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        };
        Some(ClaimSummary {
            claim_id: claim.id?.to_string(),
            partner: encounter.partner.to_string(),
            encounter_id: encounter.encounter_id.clone(),
            payer_id,
            status: claim.status(),
            service_date: encounter.service_date,
            charge: ledger.charge.0,
            paid: ledger.paid.0,
            patient_responsibility: ledger.patient_responsibility.0,
            contractual: ledger.contractual.0,
            written_off: ledger.written_off.0,
            denied: ledger.denied.0,
            open: ledger.open().0,
            submitted_at: claim.submissions.first().map(|s| s.at),
            last_changed: claim.last_changed,
            follow_up_due: claim.follow_up_due,
            coding_issues: claim.coding_issues.iter().map(|i| i.rule.clone()).collect(),
            waiting_for,
            submissions: claim.submissions.len() as u32,
            had_rework: claim.history.coding_issue_rounds
                + claim.history.scrub_failures
                + claim.history.rejections
                > 0,
            ever_denied: claim.history.denials > 0,
            denial_reasons: claim
                .postings
                .iter()
                .flat_map(|posting| &posting.adjustments)
                .filter(|a| {
                    a.group != AdjustmentGroup::PatientResponsibility
                        && !(a.group == AdjustmentGroup::Contractual && a.reason == "45")
                })
                .map(|a| format!("{}-{}", a.group.code(), a.reason))
                .collect(),
            paid_on: claim.postings.last().map(|p| p.paid_on),
            deadline,
        })
    }

    /// The worklists this claim belongs on.
    pub fn worklists(&self) -> Vec<&'static str> {
        let mut lists = Vec::new();
        match self.status {
            ClaimStatus::EligibilityHold | ClaimStatus::CoverageLapsed => lists.push("eligibility"),
            ClaimStatus::CodingIssues => lists.push("coding"),
            ClaimStatus::ScrubFailed | ClaimStatus::Rejected => lists.push("rework"),
            ClaimStatus::Denied | ClaimStatus::PartiallyPaid => lists.push("denials"),
            _ => {}
        }
        if self.follow_up_due {
            lists.push("follow-up");
        }
        if self.deadline.is_some() {
            lists.push(DEADLINES);
        }
        lists
    }

    /// The claim's key on `list`: on the deadlines worklist, behind its due date, so the
    /// list reads in the order the deadlines fall.
    pub fn worklist_key(&self, list: &str, claim_id: &claims_events::ClaimId) -> Vec<u8> {
        match (&self.deadline, list) {
            (Some(deadline), DEADLINES) => crate::keys::worklist(
                list,
                &format!("{}/{claim_id}", crate::keys::date(deadline.due)),
            ),
            _ => crate::keys::worklist(list, &claim_id.to_string()),
        }
    }
}
