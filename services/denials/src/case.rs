//! A claim as denial handling sees it: the shared fold, plus which triaged denials are still
//! open and which deadline notices were already given.
//!
//! `Claim::denials` keeps every denial ever triaged, across adjudications, and the fold does
//! not record deadline notices at all; both are needed to decide (is there a denial to work?
//! was this deadline announced?). Rather than change the shared fold, this module folds the
//! same commits once more for those two facts. It is pure and cheap: services build it from a
//! loaded claim, the CLI and the dashboard's projection from the log.

use chrono::NaiveDate;

use claims_events::event::{DeadlineKind, DenialTriaged};
use claims_events::{Claim, ClaimId, ClaimStatus, Commit, Event};

/// One claim's denial file.
#[derive(Debug, Clone, PartialEq)]
pub struct DenialCase {
    pub claim_id: ClaimId,
    pub claim: Claim,
    /// Denials triaged since the claim was last adjudicated, rejected or sent again.
    pub open: Vec<DenialTriaged>,
    /// Deadline notices in the log: kind, deadline, and whether it was the "passed" one.
    notices: Vec<(DeadlineKind, NaiveDate, bool)>,
}

impl DenialCase {
    pub fn new(claim_id: ClaimId) -> DenialCase {
        DenialCase {
            claim_id,
            claim: Claim::default(),
            open: Vec::new(),
            notices: Vec::new(),
        }
    }

    /// Folds a claim's commits, oldest first.
    pub fn from_commits<'a>(
        claim_id: ClaimId,
        commits: impl IntoIterator<Item = &'a Commit>,
    ) -> DenialCase {
        commits
            .into_iter()
            .fold(DenialCase::new(claim_id), DenialCase::apply)
    }

    /// Applies one commit.
    pub fn apply(mut self, commit: &Commit) -> DenialCase {
        for event in &commit.events {
            match event {
                // A new answer from the payer, or the claim going out again, makes earlier
                // triage history: what is open is whatever the newest answer is triaged as.
                Event::RemittancePosted(_)
                | Event::PaymentReversed(_)
                | Event::ClaimRejected(_)
                | Event::ClaimSubmitted(_) => self.open.clear(),
                Event::DenialTriaged(denial) => self.open.push(denial.clone()),
                Event::DeadlineApproaching(notice) => {
                    self.notices.push((notice.kind, notice.deadline, false))
                }
                Event::DeadlinePassed(notice) => {
                    self.notices.push((notice.kind, notice.deadline, true))
                }
                _ => {}
            }
        }
        self.claim = std::mem::take(&mut self.claim).apply(commit);
        self
    }

    /// True while the payer's (or clearinghouse's) answer waits for someone to act on it:
    /// denied, partly paid or rejected, with triage on file. An appeal filed, a corrected
    /// claim or a rebill, a statement, a full write-off or a payment all end it.
    pub fn is_workable(&self) -> bool {
        matches!(
            self.claim.status(),
            ClaimStatus::Denied | ClaimStatus::PartiallyPaid | ClaimStatus::Rejected
        ) && !self.open.is_empty()
    }

    /// True if the log already announced this deadline (as approaching, or as passed).
    pub fn notified(&self, kind: DeadlineKind, deadline: NaiveDate, passed: bool) -> bool {
        self.notices
            .iter()
            .any(|&(k, d, p)| k == kind && d == deadline && p == passed)
    }

    /// The open denials' deadlines, each once, earliest first, with the kind that governs it.
    pub fn deadlines(&self) -> Vec<(DeadlineKind, NaiveDate)> {
        let mut deadlines: Vec<(DeadlineKind, NaiveDate)> = Vec::new();
        for denial in &self.open {
            let (Some(kind), Some(date)) =
                (crate::deadline::kind_for(denial.action), denial.deadline)
            else {
                continue;
            };
            if !deadlines.contains(&(kind, date)) {
                deadlines.push((kind, date));
            }
        }
        deadlines.sort_by_key(|&(_, date)| date);
        deadlines
    }
}
