//! The 835 health care claim payment/advice (005010X221A1), read into typed records and
//! checked for balance.
//!
//! An 835 is the payer's answer to our claims: one payment (BPR, traced by TRN) explained
//! claim by claim (CLP) and line by line (SVC), with every difference between what was
//! billed and what was paid given a reason (CAS), plus provider-level adjustments (PLB)
//! that are not tied to any claim. Each transaction set in the file becomes one
//! [`Remittance`]. [`read_835`] fails on anything that makes the money ambiguous and skips
//! (with a [`Warning`]) segments it does not know; [`check_balance`] then applies the
//! guide's balancing rules, which a remittance must pass before it is posted.
//!
//! - `claim`: the claim and service line records.
//! - `codes`: claim status, adjustment groups and triplets, procedures.
//! - `read`: the loop-by-loop reader.
//! - `segments`: one function per segment, segment to record.
//! - `balance`: the balancing rules.

mod balance;
mod claim;
mod codes;
mod read;
mod segments;

use chrono::NaiveDate;

pub use balance::{check_balance, check_claim, check_line, check_transaction, Imbalance};
pub use claim::{
    ClaimPayment, InpatientAdjudication, OutpatientAdjudication, QualifiedAmount, QualifiedDate,
    Remark, ServiceLine,
};
pub use codes::{Adjustment, AdjustmentGroup, ClaimStatus, Procedure};
pub use read::read_835;

use crate::common::{find_reference, Reference, Warning};

/// One 835 transaction set: one payment and the claims it pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remittance<'a> {
    /// ST02.
    pub control_number: &'a str,
    /// The payment (BPR).
    pub payment: Payment<'a>,
    /// The check or EFT trace (TRN), which ties the remittance to the money in the bank.
    pub trace: Trace<'a>,
    /// REF*EV, the receiver's id, when given.
    pub receiver_id: Option<&'a str>,
    /// DTM*405, the production date.
    pub production_date: Option<NaiveDate>,
    /// Loop 1000A, N1*PR.
    pub payer: Party<'a>,
    /// Loop 1000B, N1*PE.
    pub payee: Party<'a>,
    /// Every claim, in order, whatever LX group it sits in.
    pub claims: Vec<ClaimPayment<'a>>,
    /// PLB segments.
    pub provider_adjustments: Vec<ProviderAdjustment<'a>>,
    /// Segments skipped or not fully understood; the rest of the remittance is sound.
    pub warnings: Vec<Warning>,
}

impl<'a> Remittance<'a> {
    /// The claim whose CLP01 is `claim_id` (the first, if the payer sent it twice).
    pub fn claim(&self, claim_id: &str) -> Option<&ClaimPayment<'a>> {
        self.claims.iter().find(|c| c.claim_id() == claim_id)
    }

    /// The sum of all PLB amounts (positive amounts reduce the payment).
    pub fn provider_adjustments_cents(&self) -> i64 {
        self.provider_adjustments
            .iter()
            .flat_map(|p| &p.items)
            .fold(0i64, |sum, item| sum.saturating_add(item.amount_cents))
    }
}

/// BPR: the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment<'a> {
    /// BPR01: `C` payment with remittance, `I` remittance information only, `H`
    /// notification only, `D` payment only, `P` prenotification, `U`, `X`.
    pub handling_code: &'a str,
    /// BPR02, the total actual provider payment.
    pub amount_cents: i64,
    /// BPR03: `C` credit to the provider, `D` debit.
    pub credit_debit: &'a str,
    /// BPR04: `ACH`, `CHK`, `BOP`, `FWT` or `NON` (no payment).
    pub method: &'a str,
    /// BPR05, the ACH format (`CCP`, `CTX`), when given.
    pub format: Option<&'a str>,
    /// BPR16: the check issue or EFT effective date; `None` (with a warning) when the
    /// payer left it out or wrote an impossible date.
    pub date: Option<NaiveDate>,
}

impl Payment<'_> {
    /// BPR02 with the sign BPR03 gives it: a debit is money taken from the provider.
    pub fn signed_amount_cents(&self) -> i64 {
        if self.credit_debit == "D" {
            -self.amount_cents
        } else {
            self.amount_cents
        }
    }
}

/// TRN: the reassociation trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace<'a> {
    /// TRN01, `1` (current transaction trace number).
    pub trace_type: &'a str,
    /// TRN02: the check number or EFT trace number.
    pub number: &'a str,
    /// TRN03: the payer's identifier (`1` followed by its tax id).
    pub payer_id: Option<&'a str>,
    /// TRN04: the payer's supplemental code, when given.
    pub supplemental_code: Option<&'a str>,
}

/// N1 with its references: the payer (N1*PR) or the payee (N1*PE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party<'a> {
    /// N102.
    pub name: &'a str,
    /// N103: `XX` NPI, `FI` tax id, `XV` CMS plan id, ...
    pub id_qualifier: Option<&'a str>,
    /// N104.
    pub id: Option<&'a str>,
    /// The REF segments of the loop (`2U` payer id, `TJ` tax id, `PQ` payee id, ...).
    pub references: Vec<Reference<'a>>,
}

impl<'a> Party<'a> {
    /// The payer's identification: REF*2U when present, otherwise N104.
    pub fn payer_id(&self) -> Option<&'a str> {
        find_reference(&self.references, "2U").or(self.id)
    }

    /// The NPI: N104 when N103 is `XX`.
    pub fn npi(&self) -> Option<&'a str> {
        self.id_with("XX")
    }

    /// The tax id: N104 when N103 is `FI`, otherwise REF*TJ.
    pub fn tax_id(&self) -> Option<&'a str> {
        self.id_with("FI")
            .or_else(|| find_reference(&self.references, "TJ"))
    }

    fn id_with(&self, qualifier: &str) -> Option<&'a str> {
        match self.id_qualifier {
            Some(q) if q == qualifier => self.id,
            _ => None,
        }
    }
}

/// PLB: adjustments to the provider's payment not tied to a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderAdjustment<'a> {
    /// PLB01, the provider identifier (usually the NPI).
    pub provider_id: &'a str,
    /// PLB02, the last day of the provider's fiscal period (`None`, with a warning, when
    /// missing or impossible).
    pub fiscal_period_end: Option<NaiveDate>,
    /// Up to six (reason, amount) pairs.
    pub items: Vec<ProviderAdjustmentItem<'a>>,
}

/// One (reason, amount) pair of a PLB segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderAdjustmentItem<'a> {
    /// Component 1 of the composite: `WO` overpayment recovery, `L6` interest, `FB`
    /// forward balance, `72` authorized return, ...
    pub reason: &'a str,
    /// Component 2: the reference, such as the claim the recovery comes from.
    pub reference: Option<&'a str>,
    /// The amount; positive reduces the payment, negative increases it.
    pub amount_cents: i64,
}
