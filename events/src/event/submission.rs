//! Facts of submission: scrubbing against payer rules, the 837P that went out, the
//! clearinghouse's acknowledgments, and follow-up when the payer is silent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Cents, PartnerId, PayerId, PayerOrder};

/// CLM05-3, the claim frequency type code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// 1: an original claim.
    Original,
    /// 7: replaces a claim the payer already has (carries its claim number in REF*F8).
    Replacement,
    /// 8: voids a claim the payer already has.
    Void,
}

impl Frequency {
    pub fn code(self) -> &'static str {
        match self {
            Frequency::Original => "1",
            Frequency::Replacement => "7",
            Frequency::Void => "8",
        }
    }
}

/// One payer rule the claim breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScrubFinding {
    pub rule: String,
    pub message: String,
}

/// The claim failed payer-specific scrubbing and went back to rework instead of out the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScrubFailed {
    pub payer_id: PayerId,
    pub findings: Vec<ScrubFinding>,
}

/// The claim went out in an 837P batch. The control numbers let a 999 or 277CA be matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSubmitted {
    pub batch_id: Uuid,
    pub clearinghouse: PartnerId,
    pub payer_id: PayerId,
    pub payer_order: PayerOrder,
    pub frequency: Frequency,
    pub charge: Cents,
    /// ISA13.
    pub interchange_control: u32,
    /// GS06.
    pub group_control: u32,
    /// ST02.
    pub transaction_control: String,
}

/// Which acknowledgment a decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acknowledgment {
    /// X12 999: the batch's syntax.
    Implementation999,
    /// X12 277CA: each claim accepted into adjudication or not.
    ClaimAck277,
}

/// The payer (through the clearinghouse) took the claim into adjudication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimAccepted {
    pub acknowledgment: Acknowledgment,
    /// The payer's claim control number, when the 277CA gives one (REF*1K).
    pub payer_claim_number: Option<String>,
    pub status_code: String,
}

/// One reason a clearinghouse or payer gave for refusing a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionReason {
    pub code: String,
    pub message: String,
}

/// A front-end rejection: never adjudicated, so not a denial. It is fixed and sent again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRejected {
    pub acknowledgment: Acknowledgment,
    pub reasons: Vec<RejectionReason>,
}

/// No acknowledgment or remittance arrived within the payer's follow-up days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDue {
    pub submitted_on: NaiveDate,
    pub days_waiting: u32,
}
