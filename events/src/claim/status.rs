//! Where a claim stands in the revenue cycle: the headline status every worklist, the
//! dashboard funnel and the audit trail show.

use serde::{Deserialize, Serialize};

/// The claim's lifecycle status. Which events move a claim between statuses is decided by
/// the fold (`Claim::evolve`); which inputs are allowed in a status, by each service's decider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// No event yet: the claim does not exist.
    New,
    /// Registered; coverage not yet checked.
    Registered,
    /// Coverage could not be confirmed: waits in the eligibility worklist.
    EligibilityHold,
    /// Coverage was not in force on the date of service: stopped before billing.
    CoverageLapsed,
    /// Eligible; waiting for the coding checks.
    AwaitingCoding,
    /// Coding checks failed: waits in the coding worklist.
    CodingIssues,
    /// Clean: ready for scrubbing and submission.
    Coded,
    /// Failed payer scrubbing: waits in the submission rework list.
    ScrubFailed,
    /// In an 837 batch, no acknowledgment yet.
    Submitted,
    /// Accepted into adjudication by the payer.
    Accepted,
    /// Rejected at the front end (999 / 277CA): fixed and sent again.
    Rejected,
    /// Paid in full of what the payer owed.
    Paid,
    /// Paid with some lines or amounts denied.
    PartiallyPaid,
    /// Denied by the payer: waits in the denial work queue.
    Denied,
    /// Adjudicated and forwarded by the payer to the next payer (CLP02 19 / 20).
    Forwarded,
    /// An appeal is pending with the payer.
    Appealed,
    /// The remaining balance is the patient's and a statement went out.
    PatientBilled,
    /// The open balance was written off.
    WrittenOff,
    /// Nothing left to do.
    Closed,
}

impl ClaimStatus {
    /// Every status in lifecycle order, for funnels and reports.
    pub const ALL: [ClaimStatus; 19] = [
        ClaimStatus::New,
        ClaimStatus::Registered,
        ClaimStatus::EligibilityHold,
        ClaimStatus::CoverageLapsed,
        ClaimStatus::AwaitingCoding,
        ClaimStatus::CodingIssues,
        ClaimStatus::Coded,
        ClaimStatus::ScrubFailed,
        ClaimStatus::Submitted,
        ClaimStatus::Accepted,
        ClaimStatus::Rejected,
        ClaimStatus::Paid,
        ClaimStatus::PartiallyPaid,
        ClaimStatus::Denied,
        ClaimStatus::Forwarded,
        ClaimStatus::Appealed,
        ClaimStatus::PatientBilled,
        ClaimStatus::WrittenOff,
        ClaimStatus::Closed,
    ];

    /// A stable snake_case name for JSON, the CLI and metrics labels.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::New => "new",
            ClaimStatus::Registered => "registered",
            ClaimStatus::EligibilityHold => "eligibility_hold",
            ClaimStatus::CoverageLapsed => "coverage_lapsed",
            ClaimStatus::AwaitingCoding => "awaiting_coding",
            ClaimStatus::CodingIssues => "coding_issues",
            ClaimStatus::Coded => "coded",
            ClaimStatus::ScrubFailed => "scrub_failed",
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::Accepted => "accepted",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::Paid => "paid",
            ClaimStatus::PartiallyPaid => "partially_paid",
            ClaimStatus::Denied => "denied",
            ClaimStatus::Forwarded => "forwarded",
            ClaimStatus::Appealed => "appealed",
            ClaimStatus::PatientBilled => "patient_billed",
            ClaimStatus::WrittenOff => "written_off",
            ClaimStatus::Closed => "closed",
        }
    }

    /// True once the payer has seen the claim: its codes can then only change through a
    /// corrected claim (frequency 7), never by amending the encounter.
    pub fn is_submitted(self) -> bool {
        matches!(
            self,
            ClaimStatus::Submitted
                | ClaimStatus::Accepted
                | ClaimStatus::Paid
                | ClaimStatus::PartiallyPaid
                | ClaimStatus::Denied
                | ClaimStatus::Forwarded
                | ClaimStatus::Appealed
                | ClaimStatus::PatientBilled
                | ClaimStatus::WrittenOff
                | ClaimStatus::Closed
        )
    }
}

impl std::fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
