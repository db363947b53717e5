//! 835 files read back by the system's reader, balanced, and checked by pyx12.

use claims_x12::remittance::read_835;

use super::*;
use crate::adjudicate::tests::billed;
use crate::adjudicate::{adjudicate, reversal};
use crate::decisions::{Decision, Denial};
use crate::x12valid::assert_valid;

fn payer() -> PayerParty {
    PayerParty {
        name: "Aetna".into(),
        x12_payer_id: "60054".into(),
        trace_id: "1066033492".into(),
        filing_indicator: "12".into(),
        sender: "AETNA".into(),
    }
}

fn created() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn payment(trace: &str, claims: Vec<ClaimPaid>) -> Payment {
    Payment {
        trace: trace.into(),
        payee_name: "Springfield Family Practice".into(),
        payee_npi: "1234567893".into(),
        paid_on: created().date(),
        claims,
    }
}

#[test]
fn paid_partial_and_denied_claims_in_one_file_balance_and_validate() {
    let paid = adjudicate(
        1,
        "aetna",
        &billed("c-paid", &[18500, 1800]),
        Decision::Paid,
        0,
        0,
    );
    let partial = adjudicate(
        1,
        "aetna",
        &billed("c-partial", &[18500, 1800]),
        Decision::Partial(Denial {
            group: "CO",
            carc: "97",
            remark: Some("M15"),
        }),
        0,
        0,
    );
    let pi45 = adjudicate(
        1,
        "aetna",
        &billed("c-pi45", &[18500, 1800]),
        Decision::Partial(Denial {
            group: "PI",
            carc: "45",
            remark: None,
        }),
        0,
        0,
    );
    let denied = adjudicate(
        1,
        "aetna",
        &billed("c-denied", &[12500]),
        Decision::Denied(Denial {
            group: "CO",
            carc: "50",
            remark: Some("N115"),
        }),
        0,
        0,
    );
    let expected = paid.paid + partial.paid + pi45.paid;
    let file = write_835(
        &payer(),
        &[payment("EFT1", vec![paid, partial, pi45, denied])],
        17,
        created(),
    )
    .unwrap();
    let read = read_835(&file).unwrap();
    assert_eq!(read[0].payment.amount_cents, expected);
    assert_eq!(read[0].claims.len(), 4);
    assert_eq!(read[0].claims[3].paid_cents, 0);
    assert_valid("payments.835", &file);
}

#[test]
fn a_reversal_and_its_corrected_payment_balance() {
    let claim = billed("c-rev", &[18500, 1800]);
    let original = adjudicate(1, "medicare-il", &claim, Decision::PaidThenReversed, 0, 0);
    let corrected = adjudicate(1, "medicare-il", &claim, Decision::Paid, 0, 40);
    assert!(corrected.paid > original.paid);
    let net = corrected.paid - original.paid;
    let file = write_835(
        &payer(),
        &[payment("EFT2", vec![reversal(&original), corrected])],
        18,
        created(),
    )
    .unwrap();
    assert_eq!(read_835(&file).unwrap()[0].payment.amount_cents, net);
    assert_valid("reversal.835", &file);
}

#[test]
fn two_payees_are_two_transaction_sets_and_a_zero_payment_is_information_only() {
    let denied = adjudicate(
        1,
        "aetna",
        &billed("c-d", &[12500]),
        Decision::Denied(Denial {
            group: "PR",
            carc: "27",
            remark: None,
        }),
        0,
        0,
    );
    let paid = adjudicate(1, "aetna", &billed("c-p", &[12500]), Decision::Paid, 0, 0);
    let mut other = payment("EFT4", vec![paid]);
    other.payee_npi = "1245319599".into();
    let file = write_835(
        &payer(),
        &[payment("EFT3", vec![denied]), other],
        19,
        created(),
    )
    .unwrap();
    let read = read_835(&file).unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(
        (read[0].payment.amount_cents, read[0].payment.method),
        (0, "NON")
    );
    assert_eq!(read[0].claims[0].patient_responsibility_cents, Some(12500));
    assert_valid("two-payees.835", &file);
}
