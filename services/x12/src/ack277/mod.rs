//! The 277CA claim acknowledgment (005010X214): which of our claims entered adjudication.
//!
//! After the 999 accepts a file's syntax, the clearinghouse or payer edits each claim and
//! answers with a 277CA. Its hierarchy runs payer (HL 20), us as information receiver
//! (HL 21), billing provider (HL 19), then each claim under its patient (HL PT): the claim's
//! TRN*2 gives back our CLM01, STC gives the verdict (category `A1`/`A2` accepted, `A3`,
//! `A6`, `A7`, ... rejected) with a status code and free text, and REF*1K the payer's claim
//! number that later 835s and corrected claims quote. A rejected claim was never
//! adjudicated: it is fixed and sent again, not appealed.
//!
//! - `read`: the hierarchy walker.

mod read;

use chrono::NaiveDate;

pub use read::{claim_acknowledgments, read_277ca};

use crate::common::{EntityName, Reference, Warning};
use crate::remittance::Procedure;

/// One 277CA transaction set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAckReport {
    /// ST02.
    pub control_number: String,
    /// BHT03, the originator's reference.
    pub reference: Option<String>,
    /// BHT04, when the report was created.
    pub created: Option<NaiveDate>,
    /// HL 20 NM1: the payer or clearinghouse answering.
    pub source: Option<EntityName>,
    /// HL 20 DTP*050: when it received our file.
    pub received: Option<NaiveDate>,
    /// HL 20 DTP*009: when it processed our file.
    pub processed: Option<NaiveDate>,
    /// HL 21: the batch as a whole.
    pub receiver: Option<PartyAck>,
    /// HL 19: each billing provider.
    pub providers: Vec<PartyAck>,
    /// HL PT: each claim.
    pub claims: Vec<ClaimAcknowledgment>,
    /// Segments skipped.
    pub warnings: Vec<Warning>,
}

/// The verdict on a batch (HL 21) or on a billing provider's claims (HL 19).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartyAck {
    /// NM1 of the level.
    pub name: Option<EntityName>,
    /// TRN02: our batch or provider trace.
    pub trace: Option<String>,
    /// STC composites.
    pub statuses: Vec<StatusInfo>,
    /// QTY*90: claims accepted.
    pub accepted_count: Option<u32>,
    /// QTY*AA: claims rejected.
    pub rejected_count: Option<u32>,
    /// AMT*YU: total charge accepted.
    pub accepted_cents: Option<i64>,
    /// AMT*YY: total charge rejected.
    pub rejected_cents: Option<i64>,
}

/// One STC composite: health care claim status category, status code and entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusInfo {
    /// Component 1, the category: `A1` received, `A2` accepted into adjudication, `A3`
    /// returned as unprocessable, `A6`/`A7` rejected for missing/invalid information, ...
    pub category: String,
    /// Component 2, the claim status code saying why.
    pub code: String,
    /// Component 3, the entity the status is about (`85` billing provider, `IL`, `QC`...).
    pub entity: Option<String>,
}

impl StatusInfo {
    /// Whether the category lets the claim go on to adjudication: `A0` forwarded, `A1`
    /// received, `A2` accepted, `A5` split. Every other category (A3, A4, A6, A7, A8 and
    /// the E "response not possible" codes) means it did not.
    pub fn is_acceptance(&self) -> bool {
        matches!(self.category.as_str(), "A0" | "A1" | "A2" | "A5")
    }
}

/// What the 277CA says about one of our claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAcknowledgment {
    /// TRN02 of the claim: the CLM01 we sent, our claim id.
    pub claim_id: String,
    /// True if and only if every status of the claim is an acceptance category
    /// (see [`StatusInfo::is_acceptance`]).
    pub accepted: bool,
    /// The first status's category.
    pub category: String,
    /// The first status's code.
    pub status_code: String,
    /// The first status's entity.
    pub entity: Option<String>,
    /// Every STC composite of the claim (STC01, STC10, STC11 of each STC), in order.
    pub statuses: Vec<StatusInfo>,
    /// STC02 of the first STC.
    pub status_date: Option<NaiveDate>,
    /// STC03: `WQ` accepted, `U` rejected.
    pub action_code: Option<String>,
    /// STC04: the claim's total charge as received.
    pub charge_cents: Option<i64>,
    /// STC12: free text from the clearinghouse, often the most useful line.
    pub message: Option<String>,
    /// REF*1K: the payer's claim control number.
    pub payer_claim_number: Option<String>,
    /// REF*D9: the clearinghouse's trace number.
    pub clearinghouse_trace: Option<String>,
    /// Every REF of the claim.
    pub references: Vec<Reference>,
    /// DTP*472, the first day of service.
    pub service_from: Option<NaiveDate>,
    /// DTP*472, the last day of service (the same day for D8).
    pub service_to: Option<NaiveDate>,
    /// NM1*QC of the patient level.
    pub patient: Option<EntityName>,
    /// NM1*85 of the billing provider level above.
    pub billing_provider: Option<EntityName>,
    /// Line-level statuses (loop 2220D).
    pub lines: Vec<LineAcknowledgment>,
}

/// What the 277CA says about one service line (SVC loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineAcknowledgment {
    /// SVC01.
    pub procedure: Procedure,
    /// SVC02.
    pub charge_cents: Option<i64>,
    /// STC composites of the line.
    pub statuses: Vec<StatusInfo>,
    /// REF*FJ: the line item control number we sent.
    pub line_item_control_number: Option<String>,
    /// DTP*472, first day.
    pub service_from: Option<NaiveDate>,
    /// DTP*472, last day.
    pub service_to: Option<NaiveDate>,
}
