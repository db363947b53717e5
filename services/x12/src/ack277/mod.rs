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
pub struct ClaimAckReport<'a> {
    /// ST02.
    pub control_number: &'a str,
    /// BHT03, the originator's reference.
    pub reference: Option<&'a str>,
    /// BHT04, when the report was created.
    pub created: Option<NaiveDate>,
    /// HL 20 NM1: the payer or clearinghouse answering.
    pub source: Option<EntityName<'a>>,
    /// HL 20 DTP*050: when it received our file.
    pub received: Option<NaiveDate>,
    /// HL 20 DTP*009: when it processed our file.
    pub processed: Option<NaiveDate>,
    /// HL 21: the batch as a whole.
    pub receiver: Option<PartyAck<'a>>,
    /// HL 19: each billing provider.
    pub providers: Vec<PartyAck<'a>>,
    /// HL PT: each claim.
    pub claims: Vec<ClaimAcknowledgment<'a>>,
    /// Segments skipped.
    pub warnings: Vec<Warning>,
}

/// The verdict on a batch (HL 21) or on a billing provider's claims (HL 19).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartyAck<'a> {
    /// NM1 of the level.
    pub name: Option<EntityName<'a>>,
    /// TRN02: our batch or provider trace.
    pub trace: Option<&'a str>,
    /// STC composites.
    pub statuses: Vec<StatusInfo<'a>>,
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
pub struct StatusInfo<'a> {
    /// Component 1, the category: `A1` received, `A2` accepted into adjudication, `A3`
    /// returned as unprocessable, `A6`/`A7` rejected for missing/invalid information, ...
    pub category: &'a str,
    /// Component 2, the claim status code saying why.
    pub code: &'a str,
    /// Component 3, the entity the status is about (`85` billing provider, `IL`, `QC`...).
    pub entity: Option<&'a str>,
}

impl StatusInfo<'_> {
    /// Whether the category lets the claim go on to adjudication: `A0` forwarded, `A1`
    /// received, `A2` accepted, `A5` split. Every other category (A3, A4, A6, A7, A8 and
    /// the E "response not possible" codes) means it did not.
    pub fn is_acceptance(&self) -> bool {
        matches!(self.category, "A0" | "A1" | "A2" | "A5")
    }
}

/// What the 277CA says about one of our claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimAcknowledgment<'a> {
    /// TRN02 of the claim: the CLM01 we sent, our claim id.
    pub claim_id: &'a str,
    /// True if and only if every status of the claim is an acceptance category
    /// (see [`StatusInfo::is_acceptance`]).
    pub accepted: bool,
    /// The first status's category.
    pub category: &'a str,
    /// The first status's code.
    pub status_code: &'a str,
    /// The first status's entity.
    pub entity: Option<&'a str>,
    /// Every STC composite of the claim (STC01, STC10, STC11 of each STC), in order.
    pub statuses: Vec<StatusInfo<'a>>,
    /// STC02 of the first STC.
    pub status_date: Option<NaiveDate>,
    /// STC03: `WQ` accepted, `U` rejected.
    pub action_code: Option<&'a str>,
    /// STC04: the claim's total charge as received.
    pub charge_cents: Option<i64>,
    /// STC12: free text from the clearinghouse, often the most useful line.
    pub message: Option<&'a str>,
    /// REF*1K: the payer's claim control number.
    pub payer_claim_number: Option<&'a str>,
    /// REF*D9: the clearinghouse's trace number.
    pub clearinghouse_trace: Option<&'a str>,
    /// Every REF of the claim.
    pub references: Vec<Reference<'a>>,
    /// DTP*472, the first day of service.
    pub service_from: Option<NaiveDate>,
    /// DTP*472, the last day of service (the same day for D8).
    pub service_to: Option<NaiveDate>,
    /// NM1*QC of the patient level.
    pub patient: Option<EntityName<'a>>,
    /// NM1*85 of the billing provider level above.
    pub billing_provider: Option<EntityName<'a>>,
    /// Line-level statuses (loop 2220D).
    pub lines: Vec<LineAcknowledgment<'a>>,
}

/// What the 277CA says about one service line (SVC loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineAcknowledgment<'a> {
    /// SVC01.
    pub procedure: Procedure<'a>,
    /// SVC02.
    pub charge_cents: Option<i64>,
    /// STC composites of the line.
    pub statuses: Vec<StatusInfo<'a>>,
    /// REF*FJ: the line item control number we sent.
    pub line_item_control_number: Option<&'a str>,
    /// DTP*472, first day.
    pub service_from: Option<NaiveDate>,
    /// DTP*472, last day.
    pub service_to: Option<NaiveDate>,
}
