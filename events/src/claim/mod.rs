//! A claim's state as a pure fold of its events.
//!
//! `Claim::evolve` is the only place facts are applied; services (to decide), projections (to
//! summarise) and audit (to replay) all use it, so they cannot disagree about what a history
//! means. It holds no business rules: those live in each service's `decide`.

mod ledger;
#[cfg(test)]
mod secondary_tests;
mod status;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use ledger::{Ledger, LedgerViolation};
pub use status::ClaimStatus;

use crate::commit::Commit;
use crate::domain::{Cents, ClaimCoding, ClaimId, Coverage, Encounter, PayerOrder, Subscriber};
use crate::event::*;

/// What the system knows of the claim's coverage on its date of service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Eligibility {
    #[default]
    Unchecked,
    Confirmed,
    Pending(String),
    Lapsed(String),
}

/// One 837 the claim went out in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub event: ClaimSubmitted,
    pub at: DateTime<Utc>,
}

/// Counts of what happened to a claim along the way: the states come and go, these stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct History {
    pub coding_issue_rounds: u32,
    pub scrub_failures: u32,
    pub rejections: u32,
    pub denials: u32,
    pub remittances: u32,
}

/// The claim as its history says it is now.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Claim {
    pub id: Option<ClaimId>,
    pub status: Option<ClaimStatus>,
    pub encounter: Option<Encounter>,
    /// The codes in force: the encounter's, or the latest correction.
    pub coding: Option<ClaimCoding>,
    /// The payer billed now (changes on a rebill).
    pub coverage: Option<Coverage>,
    /// The insured of `coverage` when the encounter does not carry it (a rebill to a coverage
    /// the practice gave later); otherwise the encounter's subscriber for that payer order.
    pub rebilled_subscriber: Option<Subscriber>,
    pub eligibility: Eligibility,
    pub coding_issues: Vec<CodingIssue>,
    pub scrub_findings: Vec<ScrubFinding>,
    pub rejections: Vec<RejectionReason>,
    pub submissions: Vec<Submission>,
    /// The payer's claim control number, from a 277CA or an 835; needed for frequency 7 and 8.
    pub payer_claim_number: Option<String>,
    /// A corrected claim waiting to go out, and how (7 or 8).
    pub pending_frequency: Option<Frequency>,
    pub ledger: Ledger,
    /// Traces of 835 postings not reversed, with what each posted, so a reversal can be checked.
    pub postings: Vec<RemittancePosted>,
    pub denials: Vec<DenialTriaged>,
    pub appeals: Vec<AppealFiled>,
    pub follow_up_due: bool,
    /// How often the claim went back for rework, for first-pass and clean-claim measures.
    pub history: History,
    /// Idempotency beyond the server's duplicate window: the keys of inputs already decided.
    pub handled_inputs: BTreeSet<String>,
    /// How many commits were applied.
    pub version: u64,
    pub last_changed: Option<DateTime<Utc>>,
}

impl Claim {
    /// The status, `New` for a claim with no history.
    pub fn status(&self) -> ClaimStatus {
        self.status.unwrap_or(ClaimStatus::New)
    }

    pub fn exists(&self) -> bool {
        self.id.is_some()
    }

    /// True if an input with this idempotency key was already decided on this claim.
    pub fn has_handled(&self, input_key: &str) -> bool {
        self.handled_inputs.contains(input_key)
    }

    /// Applies one commit: its input key, its time, then each of its events in order.
    pub fn apply(mut self, commit: &Commit) -> Claim {
        self.id = Some(commit.claim_id);
        self.handled_inputs.insert(commit.input_key());
        self.version += 1;
        self.last_changed = Some(commit.recorded_at);
        commit
            .events
            .iter()
            .fold(self, |claim, event| claim.evolve(event, commit.recorded_at))
    }

    /// Rebuilds a claim from its commits, oldest first.
    pub fn replay<'a>(commits: impl IntoIterator<Item = &'a Commit>) -> Claim {
        commits.into_iter().fold(Claim::default(), Claim::apply)
    }

    /// Applies one fact. `at` is the commit's recorded time (for facts whose time matters
    /// later, such as when a claim was submitted).
    pub fn evolve(mut self, event: &Event, at: DateTime<Utc>) -> Claim {
        use ClaimStatus as S;
        match event {
            Event::ClaimRegistered(e) => {
                self.register(&e.encounter);
                self.status = Some(S::Registered);
            }
            Event::EncounterAmended(e) => {
                self.register(&e.encounter);
                self.eligibility = Eligibility::Unchecked;
                self.status = Some(S::Registered);
            }
            Event::EligibilityConfirmed(_) => {
                self.eligibility = Eligibility::Confirmed;
                self.status = Some(S::AwaitingCoding);
            }
            Event::EligibilityPending(e) => {
                self.eligibility = Eligibility::Pending(e.reason.clone());
                self.status = Some(S::EligibilityHold);
            }
            Event::CoverageLapsed(e) => {
                self.eligibility = Eligibility::Lapsed(e.reason.clone());
                self.status = Some(S::CoverageLapsed);
            }
            Event::ClaimCoded(_) => {
                self.coding_issues.clear();
                self.status = Some(S::Coded);
            }
            Event::CodingIssuesFound(e) => {
                self.history.coding_issue_rounds += 1;
                self.coding_issues = e.issues.clone();
                self.status = Some(S::CodingIssues);
            }
            Event::CodingCorrected(e) => {
                self.set_coding(&e.coding);
                self.status = Some(S::AwaitingCoding);
            }
            Event::ScrubFailed(e) => {
                self.history.scrub_failures += 1;
                self.scrub_findings = e.findings.clone();
                self.status = Some(S::ScrubFailed);
            }
            Event::ClaimSubmitted(e) => {
                self.scrub_findings.clear();
                self.rejections.clear();
                self.follow_up_due = false;
                self.pending_frequency = None;
                self.submissions.push(Submission {
                    event: e.clone(),
                    at,
                });
                self.status = Some(S::Submitted);
            }
            Event::ClaimAccepted(e) => {
                if e.payer_claim_number.is_some() {
                    self.payer_claim_number = e.payer_claim_number.clone();
                }
                self.status = Some(S::Accepted);
            }
            Event::ClaimRejected(e) => {
                self.history.rejections += 1;
                self.rejections = e.reasons.clone();
                self.status = Some(S::Rejected);
            }
            Event::FollowUpDue(_) => self.follow_up_due = true,
            Event::RemittancePosted(e) => self.post(e),
            Event::PaymentReversed(e) => self.reverse(e),
            Event::DenialTriaged(e) => self.denials.push(e.clone()),
            Event::BalanceWrittenOff(e) => {
                self.ledger.written_off += e.amount;
                self.ledger.denied = (self.ledger.denied - e.amount).max(Cents::ZERO);
                // A zero write-off settles nothing: the claim stays where it was.
                if e.amount.is_positive() && self.ledger.open() <= Cents::ZERO {
                    self.status = Some(S::WrittenOff);
                }
            }
            Event::DuplicateLinked(e) => {
                // The payer denied a second copy of a claim it has (or had) under its
                // original number: nothing is at risk from that denial, and the claim stands
                // as the original's adjudication leaves it, settled or still with the payer.
                self.ledger.denied = Cents::ZERO;
                if e.payer_claim_number.is_some() {
                    self.payer_claim_number = e.payer_claim_number.clone();
                }
                self.status = Some(if self.ledger.open() <= Cents::ZERO {
                    S::Paid
                } else {
                    S::Accepted
                });
            }
            Event::PatientResponsibilityTransferred(e) => {
                self.ledger.patient_responsibility += e.amount;
                self.ledger.denied = (self.ledger.denied - e.amount).max(Cents::ZERO);
            }
            Event::CorrectedClaimPrepared(e) => {
                self.set_coding(&e.coding);
                self.pending_frequency = Some(e.frequency);
                if e.payer_claim_number.is_some() {
                    self.payer_claim_number = e.payer_claim_number.clone();
                }
                self.status = Some(S::AwaitingCoding);
            }
            Event::AppealFiled(e) => {
                self.appeals.push(e.clone());
                self.status = Some(S::Appealed);
            }
            Event::RebilledToPayer(e) => self.rebill(&e.coverage, None),
            Event::RebilledToPayerV2(e) => self.rebill(&e.coverage, Some(&e.subscriber)),
            Event::PatientBilled(_) => self.status = Some(S::PatientBilled),
            Event::DeadlineApproaching(_) | Event::DeadlinePassed(_) => {}
            Event::ClaimClosed(_) => self.status = Some(S::Closed),
            Event::SecondaryBillingQueued(e) => {
                self.coverage = Some(e.coverage.clone());
                self.rebilled_subscriber = None;
                // The secondary assigns its own claim number; the primary's is in its posting.
                self.payer_claim_number = None;
                self.pending_frequency = None;
                self.status = Some(S::Coded);
            }
        }
        self
    }

    /// The insured of the coverage billed now, as the 837 must name them.
    pub fn billed_subscriber(&self) -> Option<&Subscriber> {
        if let Some(subscriber) = &self.rebilled_subscriber {
            return Some(subscriber);
        }
        let order = self
            .coverage
            .as_ref()
            .map_or(PayerOrder::Primary, |c| c.order);
        Some(self.encounter.as_ref()?.subscriber_for(order))
    }

    fn rebill(&mut self, coverage: &Coverage, subscriber: Option<&Subscriber>) {
        self.coverage = Some(coverage.clone());
        self.rebilled_subscriber = subscriber.cloned();
        self.payer_claim_number = None;
        self.ledger.denied = Cents::ZERO;
        self.status = Some(ClaimStatus::Coded);
    }

    fn register(&mut self, encounter: &Encounter) {
        self.coverage = Some(encounter.coverage.clone());
        self.rebilled_subscriber = None;
        self.set_coding(&encounter.coding);
        self.encounter = Some(encounter.clone());
    }

    fn set_coding(&mut self, coding: &ClaimCoding) {
        self.ledger.charge = coding.total_charge();
        self.coding = Some(coding.clone());
    }

    fn post(&mut self, remit: &RemittancePosted) {
        let (contractual, denied) = split_adjustments(&remit.adjustments);
        // A later payer's first adjudication takes over the patient share the payer before
        // it left (that share is what it was billed for): the patient now owes only what the
        // later payer says. Its OA-23 repeats the earlier payer's amounts and is skipped.
        if let Some(earlier) = self.share_taken_over_by(remit) {
            self.ledger.patient_responsibility -= earlier;
        }
        self.ledger.paid += remit.paid;
        self.ledger.patient_responsibility += remit.patient_share.total();
        self.ledger.contractual += contractual;
        // A payer's latest adjudication replaces what it denied before: an appeal won or a
        // corrected claim paid leaves nothing at risk, while a new denial is all that is.
        self.ledger.denied = denied;
        if remit.payer_claim_number.is_some() {
            self.payer_claim_number = remit.payer_claim_number.clone();
        }
        self.follow_up_due = false;
        self.history.remittances += 1;
        if remit.status == ClaimPaymentStatus::Denied || denied.is_positive() {
            self.history.denials += 1;
        }
        self.status = Some(match remit.status {
            ClaimPaymentStatus::Denied => ClaimStatus::Denied,
            ClaimPaymentStatus::ProcessedAndForwarded(_) => ClaimStatus::Forwarded,
            _ if remit.paid.is_positive() && denied.is_positive() => ClaimStatus::PartiallyPaid,
            _ if !remit.paid.is_positive() && denied.is_positive() => ClaimStatus::Denied,
            _ => ClaimStatus::Paid,
        });
        self.postings.push(remit.clone());
    }

    fn reverse(&mut self, reversal: &PaymentReversed) {
        let (contractual, denied) = split_adjustments(&reversal.adjustments);
        self.ledger.paid -= reversal.paid;
        self.ledger.patient_responsibility -= reversal.patient_share.total();
        self.ledger.contractual -= contractual;
        self.ledger.denied = (self.ledger.denied - denied).max(Cents::ZERO);
        // Only the posting the reversal names goes: another posting may share its trace
        // (one check paying two adjudications of the claim).
        let position = self
            .postings
            .iter()
            .position(|posting| posting.trace == reversal.reversed_trace);
        if let Some(reversed) = position.map(|i| self.postings.remove(i)) {
            // A later payer's only adjudication taken back: the earlier payer's patient
            // share stands again, as it did before the later payer posted.
            if let Some(earlier) = self.share_taken_over_by(&reversed) {
                self.ledger.patient_responsibility += earlier;
            }
        }
        self.status = Some(ClaimStatus::Accepted);
    }

    /// The patient share of the earlier payer that `remit` takes over: `Some` when `remit`
    /// is a secondary or tertiary adjudication and no other posting of its payer stands
    /// (a second posting of the same payer adds to the first, as a primary's does).
    fn share_taken_over_by(&self, remit: &RemittancePosted) -> Option<Cents> {
        if !remit.status.is_later_payer() {
            return None;
        }
        let standing_of_same_payer = self
            .postings
            .iter()
            .any(|p| p.payer_id == remit.payer_id && p != remit);
        if standing_of_same_payer {
            return None;
        }
        self.postings
            .iter()
            .rev()
            .find(|p| p.payer_id != remit.payer_id)
            .map(|earlier| earlier.patient_share.total())
    }
}

/// CARC 23: the impact of prior payer(s) adjudication including payments and adjustments.
const PRIOR_PAYER_IMPACT: &str = "23";

/// CARCs that are contractual reductions, not denials: the provider agreed to them.
const CONTRACTUAL_REASONS: [&str; 4] = ["45", "253", "59", "94"];

/// Splits CAS adjustments into contractual reductions and denied amounts. PR amounts are
/// carried separately as the patient's share and counted in neither.
fn split_adjustments(adjustments: &[Adjustment]) -> (Cents, Cents) {
    let mut contractual = Cents::ZERO;
    let mut denied = Cents::ZERO;
    for adjustment in adjustments {
        match adjustment.group {
            AdjustmentGroup::PatientResponsibility => {}
            // OA-23, "the impact of prior payer(s) adjudication": a secondary's restatement
            // of what the primary paid and adjusted, already on the books from the primary.
            AdjustmentGroup::Other if adjustment.reason == PRIOR_PAYER_IMPACT => {}
            AdjustmentGroup::Contractual
                if CONTRACTUAL_REASONS.contains(&adjustment.reason.as_str()) =>
            {
                contractual += adjustment.amount
            }
            _ => denied += adjustment.amount,
        }
    }
    (contractual, denied)
}

#[cfg(test)]
mod tests;
