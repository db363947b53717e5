//! The claim's money, to the cent: what was charged and where every cent of it went.
//!
//! The invariant auditors check after every commit:
//! `charge = paid + contractual + patient_responsibility + written_off + open`, with every
//! part but `open` never negative. `open` is derived, so the equation cannot drift; what can
//! go wrong, and is checked, is a part going negative (a reversal of more than was posted, a
//! write-off larger than the balance).

use serde::{Deserialize, Serialize};

use crate::domain::Cents;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// The sum of the claim's line charges.
    pub charge: Cents,
    /// Paid by payers, net of reversals.
    pub paid: Cents,
    /// Contractual adjustments (CO-45 and the like): the provider agreed not to collect them.
    pub contractual: Cents,
    /// Owed by the patient: deductible, coinsurance, copay and other PR amounts.
    pub patient_responsibility: Cents,
    /// Written off by a rule or an operator.
    pub written_off: Cents,
    /// Denied by a payer and not yet resolved: part of `open`, shown as at risk.
    pub denied: Cents,
}

/// A ledger part that went negative: the log holds a posting the books cannot explain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{part} is negative ({amount})")]
pub struct LedgerViolation {
    pub part: &'static str,
    pub amount: Cents,
}

impl Ledger {
    /// What is still owed by payers: the charge less everything accounted for.
    pub fn open(&self) -> Cents {
        self.charge - self.paid - self.contractual - self.patient_responsibility - self.written_off
    }

    /// Checks that no part is negative. `open` may be negative only as a credit balance
    /// (an overpayment the practice must refund), which is reported, not an error.
    pub fn check(&self) -> Result<(), LedgerViolation> {
        let parts = [
            ("charge", self.charge),
            ("paid", self.paid),
            ("contractual", self.contractual),
            ("patient responsibility", self.patient_responsibility),
            ("written off", self.written_off),
            ("denied", self.denied),
        ];
        match parts.into_iter().find(|(_, amount)| amount.is_negative()) {
            Some((part, amount)) => Err(LedgerViolation { part, amount }),
            None => Ok(()),
        }
    }
}
