//! An 835 that does not balance is not posted at all: this turns the reader's imbalances
//! into problems the sender can act on, naming the claim and the difference in dollars and
//! cents.
//!
//! The rules are the implementation guide's (see `claims_x12::remittance::check_balance`):
//! a line's charge less its adjustments is its payment, a claim's billed amount less its
//! claim and line adjustments is its payment, and the payment (BPR02) is the claims'
//! payments less the provider-level adjustments (PLB). Posting half a file whose totals
//! disagree would put money on the books that the bank never saw, or lose money it did.

use claims_events::Cents;
use claims_x12::remittance::{check_balance, Imbalance, Remittance};

use crate::receipt::Problem;

/// Every imbalance of every transaction set, as receipt problems; empty when all balance.
pub fn problems(remittances: &[Remittance]) -> Vec<Problem> {
    remittances
        .iter()
        .flat_map(|remittance| {
            check_balance(remittance)
                .into_iter()
                .map(move |imbalance| problem(remittance.control_number, &imbalance))
        })
        .collect()
}

fn problem(transaction: &str, imbalance: &Imbalance) -> Problem {
    let difference = Cents(imbalance.difference_cents());
    let (path, claim, message) = match imbalance {
        Imbalance::Line {
            claim_id,
            line,
            procedure,
            charge_cents,
            adjustments_cents,
            paid_cents,
            ..
        } => (
            format!("ST*{transaction}/CLP*{claim_id}/SVC#{line}"),
            Some(claim_id.clone()),
            format!(
                "claim {claim_id}, service line {line} ({procedure}): the charge {} less its adjustments {} \
                 leaves {}, but SVC03 pays {}",
                Cents(*charge_cents),
                Cents(*adjustments_cents),
                Cents(*charge_cents) - Cents(*adjustments_cents),
                Cents(*paid_cents),
            ),
        ),
        Imbalance::Claim {
            claim_id,
            billed_cents,
            adjustments_cents,
            paid_cents,
            ..
        } => (
            format!("ST*{transaction}/CLP*{claim_id}"),
            Some(claim_id.clone()),
            format!(
                "claim {claim_id}: billed {} less its claim and line adjustments {} leaves {}, but CLP04 \
                 pays {}",
                Cents(*billed_cents),
                Cents(*adjustments_cents),
                Cents(*billed_cents) - Cents(*adjustments_cents),
                Cents(*paid_cents),
            ),
        ),
        Imbalance::Transaction {
            claims_paid_cents,
            provider_adjustments_cents,
            payment_cents,
            ..
        } => (
            format!("ST*{transaction}/BPR"),
            None,
            format!(
                "transaction set {transaction}: the claims pay {} less provider adjustments {} makes {}, \
                 but BPR02 is {}",
                Cents(*claims_paid_cents),
                Cents(*provider_adjustments_cents),
                Cents(*claims_paid_cents) - Cents(*provider_adjustments_cents),
                Cents(*payment_cents),
            ),
        ),
    };
    let direction = if difference.is_negative() {
        "more"
    } else {
        "less"
    };
    Problem {
        path,
        code: "remittance.unbalanced".into(),
        message: format!(
            "{message}: a difference of {} (the payer reports {} {direction} than its own figures \
             leave); nothing in this file was posted: send a corrected 835",
            difference.abs(),
            difference.abs(),
        ),
        claim,
        difference: Some(difference.to_decimal_string()),
    }
}
