//! Applying a held payment, the pure parts: finding its CLP loop in the original 835, and
//! what the posting decision's outcome means for the operator's command.

use claims_events::ClaimId;
use claims_x12::remittance::Remittance;

use crate::decide::Paid;
use crate::outcome::{Outcome, Suspense};
use crate::resolve::command::Problem;

/// The `occurrence`-th CLP loop with `clp01` under `trace` in the file, counted across the
/// file's transaction sets as the 835 consumer counts them when it holds a payment.
pub fn locate<'a>(
    remittances: &'a [Remittance<'a>],
    trace: &str,
    clp01: &str,
    occurrence: u32,
) -> Option<Paid<'a>> {
    let nth = usize::try_from(occurrence).ok()?.checked_sub(1)?;
    remittances
        .iter()
        .filter(|r| r.trace.number == trace)
        .flat_map(|remittance| {
            remittance
                .claims
                .iter()
                .filter(|p| p.claim_id() == clp01)
                .map(move |payment| Paid {
                    remittance,
                    payment,
                })
        })
        .nth(nth)
}

/// `Ok` when the payment went onto `claim_id`; otherwise the problem that refuses the
/// command (nothing was appended: a refused payment leaves the claim's commit empty).
pub fn accepted(outcome: &Outcome, claim_id: ClaimId) -> Result<(), Problem> {
    let refused = |code: &str, message: String| Err(Problem::new("$.claim_id", code, message));
    match outcome {
        Outcome::Posted | Outcome::Reversed { .. } => Ok(()),
        Outcome::AlreadyPosted => refused(
            "remittance.already_posted",
            format!("claim {claim_id} already has a payment with this trace: a payment is posted to a claim once"),
        ),
        Outcome::AlreadyReversed => refused(
            "remittance.already_reversed",
            format!("this reversal was already applied to claim {claim_id}"),
        ),
        Outcome::Suspense(why) => refused(why.code(), not_posted(why, claim_id)),
    }
}

/// Why the payment cannot go onto the claim, in the operator's terms.
fn not_posted(why: &Suspense, claim_id: ClaimId) -> String {
    let why = match why {
        Suspense::NotAClaimId | Suspense::UnknownClaim => "there is no such claim".into(),
        Suspense::LineUnmatched(line) => format!("{line}"),
        Suspense::ReversalUnmatched => {
            "the reversal's amounts match no payment posted on the claim".into()
        }
        Suspense::ReversalAmbiguous => {
            "the reversal matches several payments of the same trace".into()
        }
        Suspense::OtherPayer(payer) => {
            format!("the 835 is from {payer}, which the claim was never billed to")
        }
        Suspense::StatusNotPostable(code) => format!("CLP02 {code} carries no adjudication"),
        Suspense::Ledger(violation) => format!("posting would make the claim's {violation}"),
    };
    format!("not posted to claim {claim_id}: {why}; nothing was recorded")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use claims_x12::remittance::read_835;

    use super::*;
    use crate::lines::UnmatchedLine;
    use crate::sample::{interchange, ClaimPaid, Remit835};

    fn file() -> String {
        let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        let remit = |trace: &str, paid: [i64; 2]| {
            Remit835::new(trace, day)
                .claim(ClaimPaid::new("ACCT-1", "1", 5000, paid[0]).cas("CO", "45", 5000 - paid[0]))
                .claim(ClaimPaid::new("ACCT-1", "1", 5000, paid[1]).cas("CO", "45", 5000 - paid[1]))
        };
        interchange(&[remit("EFT-1", [1000, 2000]), remit("EFT-2", [3000, 4000])]).unwrap()
    }

    #[test]
    fn the_occurrence_picks_the_nth_clp_with_that_clp01_under_the_trace() {
        let text = file();
        let remittances = read_835(&text).unwrap();
        let paid = |trace, occurrence| {
            locate(&remittances, trace, "ACCT-1", occurrence).map(|p| p.payment.paid_cents)
        };
        assert_eq!(paid("EFT-1", 1), Some(1000));
        assert_eq!(paid("EFT-1", 2), Some(2000));
        assert_eq!(paid("EFT-2", 2), Some(4000));
        assert_eq!(paid("EFT-2", 3), None);
        assert_eq!(paid("EFT-3", 1), None);
        assert_eq!(paid("EFT-1", 0), None);
        assert!(locate(&remittances, "EFT-1", "ACCT-2", 1).is_none());
    }

    #[test]
    fn only_a_payment_that_went_onto_the_claim_accepts_the_command() {
        let claim: ClaimId = "3f2c0a4e-0000-5000-8000-000000000001".parse().unwrap();
        assert_eq!(accepted(&Outcome::Posted, claim), Ok(()));
        let code = |outcome: Outcome| accepted(&outcome, claim).unwrap_err().code;
        assert_eq!(code(Outcome::AlreadyPosted), "remittance.already_posted");
        assert_eq!(
            code(Outcome::Suspense(Suspense::UnknownClaim)),
            "claim.unknown"
        );
        let unmatched = accepted(
            &Outcome::Suspense(Suspense::LineUnmatched(UnmatchedLine {
                svc: 2,
                procedure: "82947".into(),
            })),
            claim,
        )
        .unwrap_err();
        assert_eq!(
            (unmatched.path.as_str(), unmatched.code.as_str()),
            ("$.claim_id", "line.unmatched")
        );
        assert!(unmatched.message.contains("82947"), "{}", unmatched.message);
    }
}
