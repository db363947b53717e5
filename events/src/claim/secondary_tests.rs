//! The books across two payers: the primary's patient share handed to the secondary, the
//! secondary's OA-23 not counted twice, and reversals that take back only what they name.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::domain::{Cents, PayerOrder};
use crate::sample;

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).expect("valid time")
}

fn adjustment(group: AdjustmentGroup, reason: &str, cents: i64) -> Adjustment {
    Adjustment {
        group,
        reason: reason.into(),
        amount: Cents(cents),
        line: None,
    }
}

fn posting(
    trace: &str,
    payer: &str,
    status: ClaimPaymentStatus,
    paid: i64,
    adjustments: Vec<Adjustment>,
) -> RemittancePosted {
    let coinsurance: Cents = adjustments
        .iter()
        .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
        .map(|a| a.amount)
        .sum();
    RemittancePosted {
        trace: trace.into(),
        payer_id: payer.parse().unwrap(),
        paid_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        status,
        billed: Cents(14300),
        paid: Cents(paid),
        allowed: None,
        patient_share: PatientShare {
            coinsurance,
            ..Default::default()
        },
        adjustments,
        remarks: vec![],
        payer_claim_number: None,
        lines: vec![],
    }
}

fn reversal_of(posted: &RemittancePosted, trace: &str) -> Event {
    let negate = |a: &Adjustment| Adjustment {
        amount: Cents(-a.amount.0),
        ..a.clone()
    };
    Event::PaymentReversed(PaymentReversed {
        trace: trace.into(),
        reversed_trace: posted.trace.clone(),
        paid: posted.paid,
        patient_share: posted.patient_share,
        adjustments: posted.adjustments.iter().map(negate).collect(),
    })
}

fn secondary() -> Coverage {
    Coverage {
        payer_id: "bcbs-il".parse().unwrap(),
        plan: "PPO".into(),
        order: PayerOrder::Secondary,
    }
}

/// Charge 143.00: the primary pays 80.00, adjusts 43.00 (CO-45) and leaves 20.00 (PR-2).
fn primary_paid() -> (Claim, RemittancePosted) {
    let primary = posting(
        "EFT-P",
        "medicare-il",
        ClaimPaymentStatus::Processed(1),
        8000,
        vec![
            adjustment(AdjustmentGroup::Contractual, "45", 4300),
            adjustment(AdjustmentGroup::PatientResponsibility, "2", 2000),
        ],
    );
    let events = [
        Event::ClaimRegistered(ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "E-2"),
        }),
        Event::RemittancePosted(primary.clone()),
        Event::SecondaryBillingQueued(SecondaryBillingQueued {
            coverage: secondary(),
            primary_trace: "EFT-P".into(),
            balance: Cents(2000),
        }),
    ];
    let claim = events
        .iter()
        .fold(Claim::default(), |claim, event| claim.evolve(event, at()));
    (claim, primary)
}

/// The secondary pays 15.00 of the 20.00, restates the primary's 123.00 as OA-23 and leaves
/// the patient 5.00.
fn secondary_posting() -> RemittancePosted {
    posting(
        "EFT-S",
        "bcbs-il",
        ClaimPaymentStatus::Processed(2),
        1500,
        vec![
            adjustment(AdjustmentGroup::Other, "23", 12300),
            adjustment(AdjustmentGroup::PatientResponsibility, "2", 500),
        ],
    )
}

#[test]
fn queued_for_the_secondary_the_claim_is_coded_again_for_that_payer() {
    let (claim, _) = primary_paid();
    assert_eq!(claim.status(), ClaimStatus::Coded);
    assert_eq!(claim.coverage, Some(secondary()));
    assert_eq!(claim.payer_claim_number, None);
    assert_eq!(claim.ledger.patient_responsibility, Cents(2000));
}

#[test]
fn the_secondary_takes_over_the_patient_share_and_its_oa23_is_not_counted_again() {
    let (claim, _) = primary_paid();
    let claim = claim.evolve(&Event::RemittancePosted(secondary_posting()), at());
    assert_eq!(claim.status(), ClaimStatus::Paid);
    assert_eq!(claim.ledger.paid, Cents(9500));
    assert_eq!(claim.ledger.contractual, Cents(4300));
    assert_eq!(claim.ledger.patient_responsibility, Cents(500));
    assert_eq!(claim.ledger.denied, Cents::ZERO, "OA-23 is no denial");
    assert_eq!(claim.ledger.open(), Cents::ZERO);
    assert_eq!(claim.ledger.check(), Ok(()));
}

#[test]
fn reversing_the_secondary_puts_the_primary_share_back_and_a_repost_takes_it_over_again() {
    let (claim, primary) = primary_paid();
    let secondary = secondary_posting();
    let claim = claim
        .evolve(&Event::RemittancePosted(secondary.clone()), at())
        .evolve(&reversal_of(&secondary, "EFT-S-REV"), at());
    assert_eq!(claim.status(), ClaimStatus::Accepted);
    assert_eq!(claim.ledger.paid, Cents(8000));
    assert_eq!(claim.ledger.patient_responsibility, Cents(2000));
    assert_eq!(claim.ledger.open(), Cents::ZERO);
    assert_eq!(claim.postings, vec![primary]);

    let corrected = posting(
        "EFT-S2",
        "bcbs-il",
        ClaimPaymentStatus::Processed(2),
        2000,
        vec![adjustment(AdjustmentGroup::Other, "23", 12300)],
    );
    let claim = claim.evolve(&Event::RemittancePosted(corrected), at());
    assert_eq!(claim.ledger.paid, Cents(10000));
    assert_eq!(claim.ledger.patient_responsibility, Cents::ZERO);
    assert_eq!(claim.ledger.open(), Cents::ZERO);
    assert_eq!(claim.ledger.check(), Ok(()));
}

#[test]
fn a_reversal_takes_back_only_the_posting_it_names_when_two_share_a_trace() {
    let (claim, primary) = primary_paid();
    // The same check paid the secondary too: two postings under one trace.
    let mut secondary = secondary_posting();
    secondary.trace = primary.trace.clone();
    let claim = claim
        .evolve(&Event::RemittancePosted(secondary.clone()), at())
        .evolve(&reversal_of(&primary, "EFT-P-REV"), at());
    assert_eq!(
        claim.postings,
        vec![secondary],
        "the secondary posting stays"
    );
}
