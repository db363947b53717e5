//! Facts of remittance: what a payer's 835 said about the claim, posted to the cent, and
//! reversals that take an earlier posting back.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Cents, PayerId};

/// CAS01, the claim adjustment group code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AdjustmentGroup {
    /// CO: contractual obligation, the provider may not bill the patient for it.
    Contractual,
    /// PR: patient responsibility.
    PatientResponsibility,
    /// OA: other adjustment.
    Other,
    /// PI: payer initiated reduction.
    PayerInitiated,
    /// CR: correction and reversal.
    Correction,
}

impl AdjustmentGroup {
    pub fn code(self) -> &'static str {
        match self {
            AdjustmentGroup::Contractual => "CO",
            AdjustmentGroup::PatientResponsibility => "PR",
            AdjustmentGroup::Other => "OA",
            AdjustmentGroup::PayerInitiated => "PI",
            AdjustmentGroup::Correction => "CR",
        }
    }

    pub fn from_code(code: &str) -> Option<AdjustmentGroup> {
        Some(match code {
            "CO" => AdjustmentGroup::Contractual,
            "PR" => AdjustmentGroup::PatientResponsibility,
            "OA" => AdjustmentGroup::Other,
            "PI" => AdjustmentGroup::PayerInitiated,
            "CR" => AdjustmentGroup::Correction,
            _ => return None,
        })
    }
}

/// One CAS triplet: group, claim adjustment reason code, amount; at claim level or on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub group: AdjustmentGroup,
    /// The CARC (`45`, `2`, `CO-50` is group Contractual with reason `50`).
    pub reason: String,
    pub amount: Cents,
    /// One-based service line, or `None` for a claim-level adjustment.
    pub line: Option<u16>,
}

/// CLP02: how the payer processed the claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimPaymentStatus {
    /// 1, 2, 3: processed as primary, secondary or tertiary.
    Processed(u8),
    /// 4: denied.
    Denied,
    /// 19, 20: processed and forwarded by the payer to another payer.
    ProcessedAndForwarded(u8),
    /// 22: reversal of a previous payment.
    Reversal,
    /// Any other CLP02 code, kept as sent.
    Other(String),
}

impl ClaimPaymentStatus {
    /// True for an adjudication as secondary or tertiary payer (CLP02 2, 3, 20, 21).
    pub fn is_later_payer(&self) -> bool {
        matches!(
            self,
            ClaimPaymentStatus::Processed(2 | 3)
                | ClaimPaymentStatus::ProcessedAndForwarded(20 | 21)
        )
    }
}

/// Patient responsibility by kind, as CAS PR reasons 1, 2 and 3 split it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PatientShare {
    pub deductible: Cents,
    pub coinsurance: Cents,
    pub copay: Cents,
    /// PR amounts under other reasons (96 non-covered with an ABN, 204 not in the plan, ...).
    pub other: Cents,
}

impl PatientShare {
    pub fn total(&self) -> Cents {
        self.deductible + self.coinsurance + self.copay + self.other
    }
}

/// What the payer did with one service line (SVC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinePayment {
    /// One-based position of the line on the claim.
    pub line: u16,
    pub procedure: String,
    pub billed: Cents,
    pub paid: Cents,
    pub allowed: Option<Cents>,
    pub units: u32,
}

/// A payer's adjudication of the claim from an 835, posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemittancePosted {
    /// TRN02, the check or EFT trace number.
    pub trace: String,
    pub payer_id: PayerId,
    /// BPR16, the payment's effective date.
    pub paid_on: NaiveDate,
    pub status: ClaimPaymentStatus,
    pub billed: Cents,
    pub paid: Cents,
    pub allowed: Option<Cents>,
    pub patient_share: PatientShare,
    pub adjustments: Vec<Adjustment>,
    /// RARCs from MOA, MIA and LQ*HE.
    pub remarks: Vec<String>,
    /// CLP07, the payer's claim control number.
    pub payer_claim_number: Option<String>,
    pub lines: Vec<LinePayment>,
}

/// A CLP02 22 reversal took back an earlier posting, named by its trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentReversed {
    pub trace: String,
    pub reversed_trace: String,
    pub paid: Cents,
    pub patient_share: PatientShare,
    pub adjustments: Vec<Adjustment>,
}

/// The primary payer adjudicated the claim (CLP02 1, not forwarded) and left a balance that
/// the encounter's secondary coverage may pay: the claim is billed again, to that payer, with
/// the primary's adjudication as prior-payer loops (2320 / 2330 / 2430).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondaryBillingQueued {
    /// The coverage billed next.
    pub coverage: crate::domain::Coverage,
    /// The trace of the primary's posting whose balance goes to the secondary.
    pub primary_trace: String,
    /// What the primary left to the patient, which the secondary is asked to consider.
    pub balance: Cents,
}
