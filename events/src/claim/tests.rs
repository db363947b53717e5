//! The fold on one payer: postings, denials, duplicates and write-offs.

use super::*;
use crate::domain::Cents;
use crate::sample;

fn at() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).expect("valid time")
}

fn remittance(status: ClaimPaymentStatus, paid: i64, adjustments: Vec<Adjustment>) -> Event {
    Event::RemittancePosted(RemittancePosted {
        trace: format!("T{paid}"),
        payer_id: "medicare-il".parse().unwrap(),
        paid_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        status,
        billed: Cents(14300),
        paid: Cents(paid),
        allowed: None,
        patient_share: PatientShare {
            coinsurance: Cents(2000),
            ..Default::default()
        },
        adjustments,
        remarks: vec![],
        payer_claim_number: Some("PCN1".into()),
        lines: vec![],
    })
}

fn given(events: &[Event]) -> Claim {
    events
        .iter()
        .fold(Claim::default(), |claim, event| claim.evolve(event, at()))
}

fn registered() -> Event {
    Event::ClaimRegistered(ClaimRegistered {
        encounter: sample::encounter("springfield-fp", "E-1"),
    })
}

#[test]
fn given_a_registered_claim_when_paid_with_a_contractual_adjustment_then_the_books_balance() {
    let co45 = Adjustment {
        group: AdjustmentGroup::Contractual,
        reason: "45".into(),
        amount: Cents(4300),
        line: None,
    };
    let pr2 = Adjustment {
        group: AdjustmentGroup::PatientResponsibility,
        reason: "2".into(),
        amount: Cents(2000),
        line: None,
    };
    let claim = given(&[
        registered(),
        remittance(ClaimPaymentStatus::Processed(1), 8000, vec![co45, pr2]),
    ]);
    assert_eq!(claim.status(), ClaimStatus::Paid);
    assert_eq!(claim.ledger.charge, Cents(14300));
    assert_eq!(
        claim.ledger.paid + claim.ledger.contractual + claim.ledger.patient_responsibility,
        Cents(14300)
    );
    assert_eq!(claim.ledger.open(), Cents::ZERO);
    assert_eq!(claim.ledger.check(), Ok(()));
    assert_eq!(claim.payer_claim_number.as_deref(), Some("PCN1"));
}

#[test]
fn a_duplicate_denial_linked_to_a_paid_original_leaves_the_claim_paid_with_nothing_at_risk() {
    let co18 = Adjustment {
        group: AdjustmentGroup::Other,
        reason: "18".into(),
        amount: Cents(14300),
        line: None,
    };
    let co45 = Adjustment {
        group: AdjustmentGroup::Contractual,
        reason: "45".into(),
        amount: Cents(4300),
        line: None,
    };
    let mut duplicate = remittance(ClaimPaymentStatus::Denied, 0, vec![co18]);
    if let Event::RemittancePosted(r) = &mut duplicate {
        r.payer_claim_number = Some("PCN2".into());
    }
    let linked = Event::DuplicateLinked(DuplicateLinked {
        payer_claim_number: Some("PCN1".into()),
        decided_by: Decision::Rule("carc-18-duplicate-link".into()),
    });
    let claim = given(&[
        registered(),
        remittance(ClaimPaymentStatus::Processed(1), 8000, vec![co45]),
        duplicate,
    ]);
    assert_eq!(claim.status(), ClaimStatus::Denied);
    let claim = claim.evolve(&linked, at());
    assert_eq!(claim.status(), ClaimStatus::Paid);
    assert_eq!(claim.ledger.denied, Cents::ZERO);
    assert_eq!(claim.payer_claim_number.as_deref(), Some("PCN1"));
}

#[test]
fn a_zero_write_off_settles_nothing() {
    let claim = given(&[
        registered(),
        remittance(ClaimPaymentStatus::Processed(1), 12300, vec![]),
    ]);
    let written = claim.clone().evolve(
        &Event::BalanceWrittenOff(BalanceWrittenOff {
            amount: Cents::ZERO,
            reason: WriteOffReason::SmallBalance,
            decided_by: Decision::Rule("small-balance".into()),
            note: None,
        }),
        at(),
    );
    assert_eq!(written.status(), claim.status());
}

#[test]
fn given_a_denial_when_a_later_remittance_pays_it_then_nothing_stays_at_risk() {
    let co50 = Adjustment {
        group: AdjustmentGroup::Contractual,
        reason: "50".into(),
        amount: Cents(12300),
        line: None,
    };
    let denied = given(&[
        registered(),
        remittance(ClaimPaymentStatus::Denied, 0, vec![co50]),
    ]);
    assert_eq!(denied.status(), ClaimStatus::Denied);
    assert_eq!(denied.ledger.denied, Cents(12300));
    assert_eq!(denied.history.denials, 1);

    let paid = denied.evolve(
        &remittance(ClaimPaymentStatus::Processed(1), 12300, vec![]),
        at(),
    );
    assert_eq!(paid.status(), ClaimStatus::Paid);
    assert_eq!(paid.ledger.denied, Cents::ZERO);
    assert_eq!(paid.history.denials, 1, "the history remembers the denial");
}
