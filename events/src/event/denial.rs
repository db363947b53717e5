//! Facts of denial handling and closing: triage, the actions operators and rules take,
//! deadlines, and the end of a claim's life.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{AdjustmentGroup, Frequency};
use crate::domain::{Cents, ClaimCoding, Coverage, Subscriber};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DenialCategory {
    Coding,
    MissingInformation,
    Duplicate,
    CoordinationOfBenefits,
    Eligibility,
    TimelyFiling,
    Contractual,
    MedicalNecessity,
    NonCovered,
    Bundling,
    Authorization,
    Documentation,
    FrontEndRejection,
    /// A code no rule knows: a person looks at it, with the code shown.
    Unclassified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RecommendedAction {
    CorrectAndResubmit,
    Appeal,
    BillAnotherPayer,
    BillPatient,
    WriteOff,
    InvestigateDuplicate,
    HumanReview,
}

/// A denied claim, line or rejection was classified and given an action and a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DenialTriaged {
    pub line: Option<u16>,
    pub group: Option<AdjustmentGroup>,
    /// The CARC, or the rejection code for a front-end rejection.
    pub reason: String,
    pub remarks: Vec<String>,
    pub category: DenialCategory,
    pub action: RecommendedAction,
    pub amount_at_risk: Cents,
    pub deadline: Option<NaiveDate>,
    /// The triage rule that fired.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WriteOffReason {
    Contractual,
    TimelyFiling,
    SmallBalance,
    Uncollectible,
    NonCovered,
    Other(String),
}

/// Part of the open balance was written off, by a rule or an operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BalanceWrittenOff {
    pub amount: Cents,
    pub reason: WriteOffReason,
    /// The rule that wrote it off automatically, or the operator who did.
    pub decided_by: Decision,
    pub note: Option<String>,
}

/// Who made a decision that is not the payer's: an automatic rule or a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Rule(String),
    Operator(String),
}

/// A CARC 18 duplicate denial was linked to the original claim and is not resubmitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateLinked {
    pub payer_claim_number: Option<String>,
    pub decided_by: Decision,
}

/// An amount moved from the open balance to what the patient owes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientResponsibilityTransferred {
    pub amount: Cents,
    pub reason: String,
    pub decided_by: Decision,
}

/// New codes for a corrected claim, to go through coding again and out as frequency 7 (or 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectedClaimPrepared {
    pub operator: String,
    pub coding: ClaimCoding,
    pub frequency: Frequency,
    pub payer_claim_number: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealFiled {
    pub operator: String,
    pub level: u8,
    pub reason: String,
    pub deadline: NaiveDate,
    /// The appeal letter sent on the practice's outbox.
    pub letter_id: Uuid,
}

/// The claim is billed to a different payer (COB, wrong payer, lapsed coverage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebilledToPayer {
    pub operator: String,
    pub coverage: Coverage,
    pub reason: String,
}

/// The claim is billed to a payer the encounter did not name (a coverage the practice told
/// the biller of after a COB denial), with the insured's member id for it. `RebilledToPayer`
/// could only name one of the encounter's coverages, whose insured the encounter carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebilledToPayerV2 {
    pub operator: String,
    pub coverage: Coverage,
    /// The insured of `coverage` (2000B / 2010BA of the 837).
    pub subscriber: Subscriber,
    pub reason: String,
}

/// A statement for the patient's balance went to the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientBilled {
    pub amount: Cents,
    pub statement_id: Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    Appeal,
    TimelyFiling,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineApproaching {
    pub kind: DeadlineKind,
    pub deadline: NaiveDate,
    pub days_left: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinePassed {
    pub kind: DeadlineKind,
    pub deadline: NaiveDate,
}

/// Nothing is left to do: the balance is settled or the claim is abandoned with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimClosed {
    pub reason: String,
}
