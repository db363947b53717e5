//! Reversals (CLP02 22), given / when / then: an earlier posting taken back exactly, before
//! the corrected payment of the same 835 is posted, and never twice.

use crate::common::*;
use claims_events::event::{Event, PatientShare};
use claims_events::{Cents, ClaimStatus};
use claims_remittance::outcome::{Outcome, Suspense};
use claims_remittance::sample::{ClaimPaid, LinePaid, Remit835};

fn original() -> ClaimPaid {
    ClaimPaid::sample(&claim_id().to_string(), "1", 1).icn("ICN-1")
}

/// The original, every amount negated, as payers write a reversal.
fn reversal() -> ClaimPaid {
    ClaimPaid::sample(&claim_id().to_string(), "22", -1).icn("ICN-1")
}

/// The payer re-adjudicated: coinsurance $10.00 instead of $20.00, so it pays $10.00 more.
fn corrected() -> ClaimPaid {
    ClaimPaid::new(&claim_id().to_string(), "1", 14300, 10050)
        .icn("ICN-2")
        .line(
            LinePaid::new("99213", 12500, 9050)
                .cas("CO", "45", 2450)
                .cas("PR", "2", 1000),
        )
        .line(
            LinePaid::new("82947", 1800, 1000)
                .cas("CO", "45", 300)
                .cas("PR", "1", 500),
        )
}

/// A claim paid $90.50 by trace EFT-1, appended as INBOX message 7.
fn given_paid() -> Given {
    let mut given = Given::events(submitted(encounter()));
    let posting = given.when(&[Remit835::new("EFT-1", day(10)).claim(original())], 7);
    let claim = given.then_append(&posting, 7);
    assert_eq!(ledger(&claim), (9050, 2750, 2500, 0, 0));
    given
}

#[test]
fn a_reversal_takes_back_the_earlier_posting_before_the_corrected_one_posts() {
    let mut given = given_paid();
    let file = Remit835::new("EFT-2", day(20))
        .claim(reversal())
        .claim(corrected());

    let posting = given.when(&[file], 8);

    assert_eq!(
        names(&posting),
        ["PaymentReversed", "RemittancePosted", "PatientBilled"]
    );
    assert_eq!(
        posting.outcomes,
        [
            Outcome::Reversed {
                reversed_trace: "EFT-1".into()
            },
            Outcome::Posted
        ]
    );
    let Event::PaymentReversed(reversed) = &posting.events[0] else {
        unreachable!()
    };
    assert_eq!(
        (reversed.trace.as_str(), reversed.reversed_trace.as_str()),
        ("EFT-2", "EFT-1")
    );
    assert_eq!(
        reversed.paid,
        Cents(9050),
        "amounts are positive, as taken back"
    );
    assert_eq!(
        reversed.patient_share,
        PatientShare {
            deductible: Cents(500),
            coinsurance: Cents(2000),
            copay: Cents(0),
            other: Cents(0)
        }
    );
    assert!(reversed.adjustments.iter().all(|a| a.amount.is_positive()));

    let claim = given.then_append(&posting, 8);
    assert_eq!(ledger(&claim), (10050, 2750, 1500, 0, 0));
    let traces: Vec<_> = claim.postings.iter().map(|p| p.trace.as_str()).collect();
    assert_eq!(traces, ["EFT-2"]);
    assert_eq!(claim.payer_claim_number.as_deref(), Some("ICN-2"));
}

#[test]
fn the_reversal_goes_first_even_when_the_payer_lists_the_correction_first() {
    let given = given_paid();
    let file = Remit835::new("EFT-2", day(20))
        .claim(corrected())
        .claim(reversal());

    let posting = given.when(&[file], 8);

    assert_eq!(
        names(&posting),
        ["PaymentReversed", "RemittancePosted", "PatientBilled"]
    );
    assert_eq!(
        posting.outcomes[0],
        Outcome::Posted,
        "outcomes stay in file order"
    );
}

#[test]
fn a_reversal_alone_returns_the_claim_to_its_payer_with_nothing_paid() {
    let mut given = given_paid();

    let posting = given.when(&[Remit835::new("EFT-3", day(20)).claim(reversal())], 8);

    assert_eq!(names(&posting), ["PaymentReversed"]);
    let claim = given.then_append(&posting, 8);
    assert_eq!(ledger(&claim), (0, 0, 0, 0, 14300));
    assert_eq!(claim.status(), ClaimStatus::Accepted);
    assert!(claim.postings.is_empty());
}

#[test]
fn a_reversal_applied_once_is_not_applied_again_and_the_reversed_payment_is_not_reposted() {
    let mut given = given_paid();
    let file = Remit835::new("EFT-2", day(20))
        .claim(reversal())
        .claim(corrected());
    let posting = given.when(std::slice::from_ref(&file), 8);
    let claim = given.then_append(&posting, 8);

    let resent = given.when(&[file], 9);
    assert!(resent.events.is_empty());
    assert_eq!(
        resent.outcomes,
        [Outcome::AlreadyReversed, Outcome::AlreadyPosted]
    );

    let original_again = given.when(&[Remit835::new("EFT-1", day(10)).claim(original())], 10);
    assert!(
        original_again.events.is_empty(),
        "EFT-1 was posted, then reversed: not posted again"
    );
    assert_eq!(given.claim().ledger, claim.ledger);
}

#[test]
fn a_reversal_of_a_payment_never_posted_goes_to_suspense() {
    let given = given_paid();
    let unknown = ClaimPaid::new(&claim_id().to_string(), "22", -14300, -5000)
        .cas("CO", "45", -5000)
        .cas("PR", "2", -4300);

    let posting = given.when(&[Remit835::new("EFT-4", day(20)).claim(unknown)], 8);

    assert!(posting.events.is_empty());
    assert_eq!(
        posting.outcomes,
        [Outcome::Suspense(Suspense::ReversalUnmatched)]
    );
}
