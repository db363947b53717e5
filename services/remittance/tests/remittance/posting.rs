//! The posting decision, given / when / then: a claim's history, an 835, the facts that
//! follow, and the claim's books balanced to the cent after every commit.

use crate::common::*;
use claims_events::event::{AdjustmentGroup, ClaimPaymentStatus, Event, PatientShare};
use claims_events::{Cents, ClaimStatus, Coverage, PayerOrder};
use claims_remittance::outcome::{Outcome, Suspense};
use claims_remittance::sample::{ClaimPaid, LinePaid, Remit835};

/// 99213 $125.00: allowed $100.50, CO-45 $24.50, coinsurance $20.00, paid $80.50.
/// 82947 $18.00: allowed $15.00, CO-45 $3.00, deductible $5.00, paid $10.00.
fn paid_in_full(trace: &str, status: &'static str) -> Remit835 {
    Remit835::new(trace, day(10)).claim(
        ClaimPaid::new(&claim_id().to_string(), status, 14300, 9050)
            .icn("ICN-1")
            .remark("MA01")
            .line(
                LinePaid::new("99213", 12500, 8050)
                    .cas("CO", "45", 2450)
                    .cas("PR", "2", 2000)
                    .allowed(10050),
            )
            .line(
                LinePaid::new("82947", 1800, 1000)
                    .cas("CO", "45", 300)
                    .cas("PR", "1", 500)
                    .allowed(1500),
            ),
    )
}

#[test]
fn a_payment_with_a_contractual_adjustment_and_coinsurance_posts_to_the_cent_and_bills_the_patient()
{
    let mut given = Given::events(submitted(encounter()));

    let posting = given.when(&[paid_in_full("EFT-1", "1")], 7);

    assert_eq!(names(&posting), ["RemittancePosted", "PatientBilled"]);
    assert_eq!(posting.outcomes, [Outcome::Posted]);
    let posted = posted(&posting);
    assert_eq!(posted.trace, "EFT-1");
    assert_eq!(posted.payer_id.as_str(), "medicare-il");
    assert_eq!(posted.paid_on, day(10));
    assert_eq!(posted.status, ClaimPaymentStatus::Processed(1));
    assert_eq!(
        (posted.billed, posted.paid, posted.allowed),
        (Cents(14300), Cents(9050), Some(Cents(11550)))
    );
    assert_eq!(
        posted.patient_share,
        PatientShare {
            deductible: Cents(500),
            coinsurance: Cents(2000),
            copay: Cents(0),
            other: Cents(0)
        }
    );
    let adjustments: Vec<_> = posted
        .adjustments
        .iter()
        .map(|a| (a.group, a.reason.as_str(), a.amount.0, a.line))
        .collect();
    assert_eq!(
        adjustments,
        [
            (AdjustmentGroup::Contractual, "45", 2450, Some(1)),
            (AdjustmentGroup::PatientResponsibility, "2", 2000, Some(1)),
            (AdjustmentGroup::Contractual, "45", 300, Some(2)),
            (AdjustmentGroup::PatientResponsibility, "1", 500, Some(2)),
        ]
    );
    assert_eq!(posted.remarks, ["MA01"]);
    assert_eq!(posted.payer_claim_number.as_deref(), Some("ICN-1"));
    let lines: Vec<_> = posted
        .lines
        .iter()
        .map(|l| (l.line, l.procedure.as_str(), l.paid.0, l.allowed))
        .collect();
    assert_eq!(
        lines,
        [
            (1, "99213", 8050, Some(Cents(10050))),
            (2, "82947", 1000, Some(Cents(1500)))
        ]
    );
    let Some(Event::PatientBilled(billed)) = posting.events.last() else {
        panic!("no PatientBilled")
    };
    assert_eq!(billed.amount, Cents(2500));
    assert_eq!(Some(billed.statement_id), posting.statement_id);

    let claim = given.then_append(&posting, 7);
    assert_eq!(ledger(&claim), (9050, 2750, 2500, 0, 0));
    assert_eq!(claim.status(), ClaimStatus::PatientBilled);
    assert_eq!(claim.payer_claim_number.as_deref(), Some("ICN-1"));
}

#[test]
fn a_denied_line_leaves_the_claim_partially_paid_with_the_denial_open_and_no_statement_yet() {
    let mut given = Given::events(submitted(encounter()));
    let partial = Remit835::new("EFT-2", day(10)).claim(
        ClaimPaid::new(&claim_id().to_string(), "1", 14300, 8050)
            .line(
                LinePaid::new("99213", 12500, 8050)
                    .cas("CO", "45", 2450)
                    .cas("PR", "2", 2000),
            )
            .line(
                LinePaid::new("82947", 1800, 0)
                    .cas("CO", "50", 1800)
                    .remark("N115"),
            ),
    );

    let posting = given.when(&[partial], 7);

    assert_eq!(names(&posting), ["RemittancePosted"]);
    assert_eq!(posted(&posting).remarks, ["N115"]);
    let claim = given.then_append(&posting, 7);
    assert_eq!(claim.status(), ClaimStatus::PartiallyPaid);
    assert_eq!(ledger(&claim), (8050, 2450, 2000, 1800, 1800));
}

#[test]
fn a_denied_claim_stays_open_as_denied() {
    let mut given = Given::events(submitted(encounter()));
    let denied = Remit835::new("CHK-3", day(10)).claim(
        ClaimPaid::new(&claim_id().to_string(), "4", 14300, 0)
            .cas("CO", "27", 14300)
            .remark("N30"),
    );

    let posting = given.when(&[denied], 7);

    assert_eq!(names(&posting), ["RemittancePosted"]);
    assert_eq!(posted(&posting).status, ClaimPaymentStatus::Denied);
    assert_eq!(
        posted(&posting).adjustments[0].line,
        None,
        "claim-level adjustments have no line"
    );
    let claim = given.then_append(&posting, 7);
    assert_eq!(claim.status(), ClaimStatus::Denied);
    assert_eq!(ledger(&claim), (0, 0, 0, 14300, 14300));
}

#[test]
fn a_claim_forwarded_to_the_next_payer_is_not_billed_to_the_patient() {
    let mut given = Given::events(submitted(encounter()));

    let posting = given.when(&[paid_in_full("EFT-4", "19")], 7);

    assert_eq!(names(&posting), ["RemittancePosted"]);
    assert_eq!(
        posted(&posting).status,
        ClaimPaymentStatus::ProcessedAndForwarded(19)
    );
    assert_eq!(posting.secondary_due, None, "the payer forwarded it itself");
    let claim = given.then_append(&posting, 7);
    assert_eq!(claim.status(), ClaimStatus::Forwarded);
    assert_eq!(ledger(&claim), (9050, 2750, 2500, 0, 0));
}

#[test]
fn a_primary_that_did_not_forward_leaves_the_claim_due_to_the_secondary_instead_of_the_patient() {
    let mut encounter = encounter();
    let aetna = Coverage {
        payer_id: "aetna".parse().unwrap(),
        plan: "Aetna PPO".into(),
        order: PayerOrder::Secondary,
    };
    encounter.secondary_coverage = Some(aetna.clone());
    let mut given = Given::events(submitted(encounter));

    let posting = given.when(&[paid_in_full("EFT-5", "1")], 7);

    assert_eq!(
        names(&posting),
        ["RemittancePosted", "SecondaryBillingQueued"]
    );
    assert_eq!(posting.secondary_due, Some(aetna.clone()));
    assert_eq!(posting.statement_id, None);
    assert_eq!(posted(&posting).payer_id.as_str(), "medicare-il");
    let claim = given.then_append(&posting, 7);
    assert_eq!(
        claim.status(),
        ClaimStatus::Coded,
        "coded again, for the secondary"
    );
    assert_eq!(claim.coverage, Some(aetna));
    assert_eq!(ledger(&claim), (9050, 2750, 2500, 0, 0));
}

#[test]
fn the_same_835_twice_or_the_same_payment_in_another_file_posts_once() {
    let mut given = Given::events(submitted(encounter()));
    let first = given.when(&[paid_in_full("EFT-6", "1")], 7);
    let claim = given.then_append(&first, 7);

    let again = given.when(&[paid_in_full("EFT-6", "1")], 7);
    assert!(again.events.is_empty());
    assert_eq!(again.outcomes, [Outcome::AlreadyPosted]);

    let other_file = given.when(&[paid_in_full("EFT-6", "1")], 8);
    assert!(
        other_file.events.is_empty(),
        "same trace and claim: the same payment"
    );
    assert_eq!(other_file.outcomes, [Outcome::AlreadyPosted]);
    assert_eq!(given.claim().ledger, claim.ledger);
}

#[test]
fn lines_are_matched_by_procedure_whatever_order_the_payer_reports_them_in() {
    let mut given = Given::events(submitted(encounter()));
    let reordered = Remit835::new("EFT-7", day(10)).claim(
        ClaimPaid::new(&claim_id().to_string(), "1", 14300, 9050)
            .line(
                LinePaid::new("82947", 1800, 1000)
                    .cas("CO", "45", 300)
                    .cas("PR", "1", 500),
            )
            .line(
                LinePaid::new("99213", 12500, 8050)
                    .cas("CO", "45", 2450)
                    .cas("PR", "2", 2000),
            ),
    );

    let posting = given.when(&[reordered], 7);

    let lines: Vec<_> = posted(&posting)
        .lines
        .iter()
        .map(|l| (l.line, l.procedure.as_str()))
        .collect();
    assert_eq!(lines, [(2, "82947"), (1, "99213")]);
    let pr_lines: Vec<_> = posted(&posting)
        .adjustments
        .iter()
        .filter(|a| a.reason != "45")
        .map(|a| (a.reason.as_str(), a.line))
        .collect();
    assert_eq!(pr_lines, [("1", Some(2)), ("2", Some(1))]);
    given.then_append(&posting, 7);
}

#[test]
fn a_line_the_claim_never_billed_sends_the_payment_to_suspense_and_changes_nothing() {
    let given = Given::events(submitted(encounter()));
    let stranger = Remit835::new("EFT-8", day(10)).claim(
        ClaimPaid::new(&claim_id().to_string(), "1", 14300, 9050)
            .line(
                LinePaid::new("99214", 12500, 8050)
                    .cas("CO", "45", 2450)
                    .cas("PR", "2", 2000),
            )
            .line(
                LinePaid::new("82947", 1800, 1000)
                    .cas("CO", "45", 300)
                    .cas("PR", "1", 500),
            ),
    );

    let posting = given.when(&[stranger], 7);

    assert!(posting.events.is_empty());
    assert!(
        matches!(&posting.outcomes[0], Outcome::Suspense(Suspense::LineUnmatched(line)) if line.svc == 1)
    );
    assert_eq!(posting.after.ledger, given.claim().ledger);
}

#[test]
fn a_payment_for_a_claim_not_in_the_log_goes_to_suspense() {
    let given = Given::events(vec![]);

    let posting = given.when(&[paid_in_full("EFT-9", "1")], 7);

    assert!(posting.events.is_empty());
    assert_eq!(
        posting.outcomes,
        [Outcome::Suspense(Suspense::UnknownClaim)]
    );
}

#[test]
fn a_posting_that_would_make_a_ledger_part_negative_is_held_for_review() {
    let given = Given::events(submitted(encounter()));
    // A negative contractual adjustment with nothing to take it from.
    let odd = Remit835::new("EFT-10", day(10))
        .claim(ClaimPaid::new(&claim_id().to_string(), "1", 14300, 14400).cas("CO", "45", -100));

    let posting = given.when(&[odd], 7);

    assert!(posting.events.is_empty());
    assert!(
        matches!(&posting.outcomes[0], Outcome::Suspense(Suspense::Ledger(v)) if v.part == "contractual")
    );
}

#[test]
fn a_payment_from_a_payer_the_claim_was_never_billed_to_is_held_in_suspense() {
    let given = Given::events(submitted(encounter()));
    let mut from_united = paid_in_full("EFT-11", "1");
    from_united.payer_name = "UNITEDHEALTHCARE".into();
    from_united.payer_id = "87726".into();

    let posting = given.when(&[from_united], 7);

    assert!(posting.events.is_empty());
    assert_eq!(
        posting.outcomes,
        [Outcome::Suspense(Suspense::OtherPayer(
            "united-healthcare".parse().unwrap()
        ))]
    );
}
