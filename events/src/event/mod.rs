//! The v1 domain events of the claim lifecycle: facts in the past tense.
//!
//! # Versioning
//!
//! Commits are bincode, which is not self-describing: a variant is stored as its position in
//! this enum and its fields in order. So the enum only ever grows at the end, and a payload
//! whose shape must change gets a new variant (`FooV2`) while the old one stays decodable;
//! the fold upcasts old variants. The golden corpus under `events/tests/golden/` holds
//! commits encoded by earlier builds and a test decodes every one of them.

mod coding;
mod denial;
mod registration;
mod remittance;
mod submission;

use serde::{Deserialize, Serialize};

pub use coding::{ClaimCoded, CodingCorrected, CodingIssue, CodingIssuesFound};
pub use denial::{
    AppealFiled, BalanceWrittenOff, ClaimClosed, CorrectedClaimPrepared, DeadlineApproaching,
    DeadlineKind, DeadlinePassed, Decision, DenialCategory, DenialTriaged, DuplicateLinked,
    PatientBilled, PatientResponsibilityTransferred, RebilledToPayer, RebilledToPayerV2,
    RecommendedAction, WriteOffReason,
};
pub use registration::{
    ClaimRegistered, CoverageLapsed, EligibilityConfirmed, EligibilityPending, EncounterAmended,
};
pub use remittance::{
    Adjustment, AdjustmentGroup, ClaimPaymentStatus, LinePayment, PatientShare, PaymentReversed,
    RemittancePosted, SecondaryBillingQueued,
};
pub use submission::{
    Acknowledgment, ClaimAccepted, ClaimRejected, ClaimSubmitted, FollowUpDue, Frequency,
    RejectionReason, ScrubFailed, ScrubFinding,
};

/// One fact about a claim. Append-only: never reorder or change a variant (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    ClaimRegistered(ClaimRegistered),
    EncounterAmended(EncounterAmended),
    EligibilityConfirmed(EligibilityConfirmed),
    EligibilityPending(EligibilityPending),
    CoverageLapsed(CoverageLapsed),
    ClaimCoded(ClaimCoded),
    CodingIssuesFound(CodingIssuesFound),
    CodingCorrected(CodingCorrected),
    ScrubFailed(ScrubFailed),
    ClaimSubmitted(ClaimSubmitted),
    ClaimAccepted(ClaimAccepted),
    ClaimRejected(ClaimRejected),
    FollowUpDue(FollowUpDue),
    RemittancePosted(RemittancePosted),
    PaymentReversed(PaymentReversed),
    DenialTriaged(DenialTriaged),
    BalanceWrittenOff(BalanceWrittenOff),
    DuplicateLinked(DuplicateLinked),
    PatientResponsibilityTransferred(PatientResponsibilityTransferred),
    CorrectedClaimPrepared(CorrectedClaimPrepared),
    AppealFiled(AppealFiled),
    RebilledToPayer(RebilledToPayer),
    PatientBilled(PatientBilled),
    DeadlineApproaching(DeadlineApproaching),
    DeadlinePassed(DeadlinePassed),
    ClaimClosed(ClaimClosed),
    SecondaryBillingQueued(SecondaryBillingQueued),
    RebilledToPayerV2(RebilledToPayerV2),
}

impl Event {
    /// The event's type name, as listed in the `Claims-Event-Types` header so consumers can
    /// skip commits without decoding them. Stable: never rename.
    pub fn name(&self) -> &'static str {
        match self {
            Event::ClaimRegistered(_) => "ClaimRegistered",
            Event::EncounterAmended(_) => "EncounterAmended",
            Event::EligibilityConfirmed(_) => "EligibilityConfirmed",
            Event::EligibilityPending(_) => "EligibilityPending",
            Event::CoverageLapsed(_) => "CoverageLapsed",
            Event::ClaimCoded(_) => "ClaimCoded",
            Event::CodingIssuesFound(_) => "CodingIssuesFound",
            Event::CodingCorrected(_) => "CodingCorrected",
            Event::ScrubFailed(_) => "ScrubFailed",
            Event::ClaimSubmitted(_) => "ClaimSubmitted",
            Event::ClaimAccepted(_) => "ClaimAccepted",
            Event::ClaimRejected(_) => "ClaimRejected",
            Event::FollowUpDue(_) => "FollowUpDue",
            Event::RemittancePosted(_) => "RemittancePosted",
            Event::PaymentReversed(_) => "PaymentReversed",
            Event::DenialTriaged(_) => "DenialTriaged",
            Event::BalanceWrittenOff(_) => "BalanceWrittenOff",
            Event::DuplicateLinked(_) => "DuplicateLinked",
            Event::PatientResponsibilityTransferred(_) => "PatientResponsibilityTransferred",
            Event::CorrectedClaimPrepared(_) => "CorrectedClaimPrepared",
            Event::AppealFiled(_) => "AppealFiled",
            Event::RebilledToPayer(_) => "RebilledToPayer",
            Event::PatientBilled(_) => "PatientBilled",
            Event::DeadlineApproaching(_) => "DeadlineApproaching",
            Event::DeadlinePassed(_) => "DeadlinePassed",
            Event::ClaimClosed(_) => "ClaimClosed",
            Event::SecondaryBillingQueued(_) => "SecondaryBillingQueued",
            Event::RebilledToPayerV2(_) => "RebilledToPayerV2",
        }
    }
}
