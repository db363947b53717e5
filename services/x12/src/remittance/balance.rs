//! The 835's three balancing rules, as pure functions returning every imbalance found.
//!
//! The implementation guide (section 1.10.2.1) requires an 835 to balance at three levels,
//! and a remittance that does not cannot be posted without inventing money:
//!
//! - service line: SVC02 − the line's CAS amounts = SVC03;
//! - claim: CLP03 − the claim-level CAS amounts − every line's CAS amounts = CLP04. When
//!   service lines are present the payer reports each adjustment either at the claim or at
//!   a line, never both, so the two levels together explain the difference;
//! - transaction: the sum of CLP04 − the sum of PLB amounts = BPR02 (with the sign BPR03
//!   gives it).
//!
//! CAS and PLB amounts reduce the payment when positive and increase it when negative.
//! Each [`Imbalance`] names the claim (CLP01) and line, and gives the difference in cents
//! as computed − reported: positive means the payer reports less than its own adjustments
//! leave to pay. Sums are taken in `i128` so no file can overflow them.

use std::fmt;

use super::claim::{ClaimPayment, ServiceLine};
use super::codes::Adjustment;
use super::Remittance;
use crate::money::format_cents;

/// One broken balancing rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imbalance {
    /// SVC02 − line CAS ≠ SVC03.
    Line {
        /// CLP01 of the claim.
        claim_id: String,
        /// 1-based position of the line within the claim.
        line: usize,
        /// SVC01, such as `HC:99213`.
        procedure: String,
        /// SVC02.
        charge_cents: i64,
        /// Sum of the line's CAS amounts.
        adjustments_cents: i64,
        /// SVC03.
        paid_cents: i64,
        /// (SVC02 − adjustments) − SVC03.
        difference_cents: i64,
    },
    /// CLP03 − claim CAS − line CAS ≠ CLP04.
    Claim {
        /// CLP01.
        claim_id: String,
        /// CLP03.
        billed_cents: i64,
        /// Sum of the claim-level and line-level CAS amounts.
        adjustments_cents: i64,
        /// CLP04.
        paid_cents: i64,
        /// (CLP03 − adjustments) − CLP04.
        difference_cents: i64,
    },
    /// sum(CLP04) − sum(PLB) ≠ BPR02.
    Transaction {
        /// ST02.
        control_number: String,
        /// Sum of CLP04 over all claims.
        claims_paid_cents: i64,
        /// Sum of the PLB amounts.
        provider_adjustments_cents: i64,
        /// BPR02, negative for a debit.
        payment_cents: i64,
        /// (claims paid − provider adjustments) − BPR02.
        difference_cents: i64,
    },
}

impl Imbalance {
    /// Computed minus reported, in cents.
    pub fn difference_cents(&self) -> i64 {
        match self {
            Imbalance::Line {
                difference_cents, ..
            }
            | Imbalance::Claim {
                difference_cents, ..
            }
            | Imbalance::Transaction {
                difference_cents, ..
            } => *difference_cents,
        }
    }
}

impl fmt::Display for Imbalance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = |cents: &i64| format_cents(*cents);
        match self {
            Imbalance::Line { claim_id, line, procedure, charge_cents, adjustments_cents, paid_cents, difference_cents } => write!(
                f,
                "claim {claim_id} line {line} ({procedure}): charge {} minus adjustments {} is {} but SVC03 is {} (difference {})",
                m(charge_cents), m(adjustments_cents), m(&charge_cents.saturating_sub(*adjustments_cents)), m(paid_cents), m(difference_cents)
            ),
            Imbalance::Claim { claim_id, billed_cents, adjustments_cents, paid_cents, difference_cents } => write!(
                f,
                "claim {claim_id}: billed {} minus claim and line adjustments {} is {} but CLP04 is {} (difference {})",
                m(billed_cents), m(adjustments_cents), m(&billed_cents.saturating_sub(*adjustments_cents)), m(paid_cents), m(difference_cents)
            ),
            Imbalance::Transaction { control_number, claims_paid_cents, provider_adjustments_cents, payment_cents, difference_cents } => write!(
                f,
                "transaction {control_number}: claims paid {} minus provider adjustments {} is {} but BPR02 is {} (difference {})",
                m(claims_paid_cents), m(provider_adjustments_cents), m(&claims_paid_cents.saturating_sub(*provider_adjustments_cents)), m(payment_cents), m(difference_cents)
            ),
        }
    }
}

/// Every imbalance of `remittance`: lines and claims in order, then the transaction.
/// Empty when the remittance balances.
pub fn check_balance(remittance: &Remittance) -> Vec<Imbalance> {
    let mut found: Vec<Imbalance> = remittance.claims.iter().flat_map(check_claim).collect();
    found.extend(check_transaction(remittance));
    found
}

/// The imbalances of one claim: each line's, then the claim's own.
pub fn check_claim(claim: &ClaimPayment) -> Vec<Imbalance> {
    let mut found: Vec<Imbalance> = claim
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| check_line(claim.claim_id(), i + 1, line))
        .collect();
    let adjustments = sum(claim.all_adjustments().map(|a| a.amount_cents));
    let difference = i128::from(claim.billed_cents) - adjustments - i128::from(claim.paid_cents);
    if difference != 0 {
        found.push(Imbalance::Claim {
            claim_id: claim.claim_id().to_owned(),
            billed_cents: claim.billed_cents,
            adjustments_cents: clamp(adjustments),
            paid_cents: claim.paid_cents,
            difference_cents: clamp(difference),
        });
    }
    found
}

/// The imbalance of service line number `line` (1-based) of claim `claim_id`, if any.
pub fn check_line(claim_id: &str, line: usize, service: &ServiceLine) -> Option<Imbalance> {
    let adjustments = sum(service
        .adjustments
        .iter()
        .map(|a: &Adjustment| a.amount_cents));
    let difference =
        i128::from(service.charge_cents) - adjustments - i128::from(service.paid_cents);
    (difference != 0).then(|| Imbalance::Line {
        claim_id: claim_id.to_owned(),
        line,
        procedure: service.procedure.to_string(),
        charge_cents: service.charge_cents,
        adjustments_cents: clamp(adjustments),
        paid_cents: service.paid_cents,
        difference_cents: clamp(difference),
    })
}

/// The transaction-level imbalance (BPR02 against the claims and PLBs), if any.
pub fn check_transaction(remittance: &Remittance) -> Option<Imbalance> {
    let claims_paid = sum(remittance.claims.iter().map(|c| c.paid_cents));
    let provider = sum(remittance
        .provider_adjustments
        .iter()
        .flat_map(|p| &p.items)
        .map(|i| i.amount_cents));
    let payment = remittance.payment.signed_amount_cents();
    let difference = claims_paid - provider - i128::from(payment);
    (difference != 0).then(|| Imbalance::Transaction {
        control_number: remittance.control_number.to_owned(),
        claims_paid_cents: clamp(claims_paid),
        provider_adjustments_cents: clamp(provider),
        payment_cents: payment,
        difference_cents: clamp(difference),
    })
}

fn sum(amounts: impl Iterator<Item = i64>) -> i128 {
    amounts.map(i128::from).sum()
}

/// Sums beyond `i64` cannot come from a real remittance; they are reported at the limit.
fn clamp(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}
