//! What the 837P writer is given and what it gives back: plain values, no behaviour.
//!
//! A claim is billed from facts already in the log (the encounter, the coding, a prior
//! payer's posted remittance) plus what only the submission side knows: the payer's X12
//! identity, the frequency of this submission and the control numbers of the batch. These
//! types borrow the facts and own the rest, so building one costs no copies of the claim.

use claims_events::event::{Frequency, RemittancePosted};
use claims_events::{ClaimCoding, ClaimId, Coverage, Encounter, PayerOrder, Subscriber};

/// Who sends the batch (loop 1000A): the practice or its billing service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitter {
    /// NM103, the submitter's organisation name.
    pub name: String,
    /// The electronic transmitter identification number the clearinghouse assigned (NM109,
    /// and ISA06 / GS02, so at most 15 characters).
    pub id: String,
    /// PER02, the person the clearinghouse calls about the file.
    pub contact_name: String,
    /// PER04, a telephone number; anything but its digits is dropped.
    pub phone: String,
}

/// Who receives the batch (loop 1000B): the clearinghouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receiver {
    /// NM103.
    pub name: String,
    /// NM109, ISA08 and GS03 (at most 15 characters).
    pub id: String,
}

/// A payer as X12 knows it: for the billed payer (2010BB) and for prior payers (2330B).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerInfo {
    /// NM103.
    pub name: String,
    /// NM109 with qualifier PI: the id the clearinghouse routes on, not our registry slug.
    pub x12_payer_id: String,
    /// SBR09, the claim filing indicator: `MB` Medicare Part B, `MC` Medicaid, `CI`
    /// commercial, `BL` Blue Cross Blue Shield, `HM` HMO, ...
    pub claim_filing_indicator: String,
}

/// One claim to put in a batch, billed to one payer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimToBill<'a> {
    /// CLM01: payers echo it in 835 CLP01 and 277CA, which is how answers find the claim.
    pub claim_id: ClaimId,
    /// Patient, providers, date and place of service.
    pub encounter: &'a Encounter,
    /// The codes billed: the latest coding, which may differ from the encounter's.
    pub coding: &'a ClaimCoding,
    /// SBR01: whether the billed payer is primary, secondary or tertiary. Must agree with
    /// `coverage.order`; a mismatch means the wrong coverage was picked and is refused.
    pub payer_order: PayerOrder,
    /// The insured of the billed coverage (2000B / 2010BA).
    pub subscriber: &'a Subscriber,
    /// The billed coverage.
    pub coverage: &'a Coverage,
    /// The billed payer (2010BB).
    pub payer: PayerInfo,
    /// CLM05-3.
    pub frequency: Frequency,
    /// REF*F8, the payer's claim control number of the claim being replaced or voided;
    /// required for frequency 7 and 8, ignored for 1.
    pub payer_claim_number: Option<String>,
    /// Payers that adjudicated the claim before this one, in payer order (loops 2320,
    /// 2330A, 2330B and 2430). Empty for a primary claim.
    pub prior_payers: Vec<PriorAdjudication<'a>>,
}

/// How an earlier payer adjudicated the claim, reported to the next payer for coordination
/// of benefits.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorAdjudication<'a> {
    /// 2320 SBR01: the order in which this payer was responsible.
    pub payer_order: PayerOrder,
    /// 2330B, and SBR09 of 2320.
    pub payer: PayerInfo,
    /// The insured of that payer's coverage (2330A); relationship to the patient in 2320
    /// SBR02.
    pub subscriber: &'a Subscriber,
    /// The payer's answer as posted: paid amount (AMT*D), claim-level and line-level
    /// adjustments (CAS), line payments (SVD) and the date paid (DTP*573).
    pub remittance: &'a RemittancePosted,
}

/// The control numbers of one batch, allocated by the caller so that they are unique per
/// submitter and receiver (X12 requires it; a clearinghouse rejects a repeated ISA13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlNumbers {
    /// ISA13 and IEA02, at most 999999999 (written with nine digits).
    pub interchange: u32,
    /// GS06 and GE02, at most 999999999.
    pub group: u32,
    /// ST02 of the first transaction set; the n-th claim gets `first_transaction + n`.
    pub first_transaction: u32,
}

/// A written 837P interchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The X12 text, one segment per line.
    pub text: String,
    /// Each claim's ST02, in the order written: what a 999 names when it rejects a set.
    pub transactions: Vec<(ClaimId, String)>,
}
