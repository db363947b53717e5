//! Adjudications balance to the cent, whatever the payer and decision.

use chrono::NaiveDate;

use super::*;
use crate::decisions::{decision, Denial};
use crate::x837::BilledLine;

pub(crate) fn billed(claim_id: &str, charges: &[i64]) -> BilledClaim {
    BilledClaim {
        st02: "0001".into(),
        claim_id: claim_id.into(),
        charge_cents: charges.iter().sum(),
        frequency: "1".into(),
        payer_claim_number: None,
        payer_name: "Aetna".into(),
        payer_x12_id: "60054".into(),
        billing_name: "Springfield Family Practice".into(),
        billing_npi: "1234567893".into(),
        patient_last: "Example".into(),
        patient_first: "Ada".into(),
        member_id: "W123456789".into(),
        subscriber_position: 12,
        service_date: NaiveDate::from_ymd_opt(2026, 11, 20),
        lines: charges
            .iter()
            .enumerate()
            .map(|(i, c)| BilledLine {
                procedure: ["99214", "82947", "36415"][i % 3].into(),
                modifiers: vec![],
                charge_cents: *c,
                units: "1".into(),
            })
            .collect(),
    }
}

fn balanced(paid: &ClaimPaid) {
    for line in &paid.lines {
        let adjusted: i64 = line.adjustments.iter().map(|c| c.cents).sum();
        assert_eq!(line.charge - adjusted, line.paid, "{line:?}");
        assert!(line.paid >= 0);
    }
    let adjusted: i64 = paid.all_adjustments().map(|c| c.cents).sum();
    assert_eq!(paid.billed - adjusted, paid.paid, "{paid:?}");
}

#[test]
fn every_payer_and_decision_balances() {
    for payer in [
        "medicare-il",
        "illinois-medicaid",
        "bluecross-il",
        "aetna",
        "united-healthcare",
    ] {
        for n in 0..300 {
            let claim = billed(&format!("claim-{n}"), &[18500, 1800, 1850]);
            let d = decision(4, &claim.claim_id, 0, claim.lines.len());
            let paid = adjudicate(4, payer, &claim, d, 0, 0);
            balanced(&paid);
            balanced(&reversal(&paid));
            match d {
                Decision::Denied(_) => assert_eq!((paid.status, paid.paid), ("4", 0)),
                _ => assert!(paid.paid > 0 && paid.status == "1"),
            }
            if payer == "illinois-medicaid" && d == Decision::Paid {
                assert_eq!(paid.patient_share(), 0);
            }
        }
    }
}

#[test]
fn a_paid_claim_has_a_contractual_reduction_and_usually_a_patient_share() {
    let mut with_share = 0;
    for n in 0..200 {
        let paid = adjudicate(
            9,
            "medicare-il",
            &billed(&format!("c{n}"), &[12500]),
            Decision::Paid,
            0,
            0,
        );
        let co45: i64 = paid
            .all_adjustments()
            .filter(|c| (c.group, c.reason) == ("CO", "45"))
            .map(|c| c.cents)
            .sum();
        assert!(
            (12500 * 400 / 1000..=12500 * 500 / 1000).contains(&co45),
            "{co45}"
        );
        with_share += i64::from(paid.patient_share() > 0);
    }
    assert_eq!(with_share, 200, "Medicare always leaves 20 % coinsurance");
}

#[test]
fn a_partial_payment_denies_the_last_line_only() {
    let denial = Denial {
        group: "CO",
        carc: "97",
        remark: Some("M15"),
    };
    let paid = adjudicate(
        2,
        "aetna",
        &billed("c1", &[18500, 1800]),
        Decision::Partial(denial),
        0,
        0,
    );
    assert_eq!(paid.lines[1].paid, 0);
    assert_eq!(
        paid.lines[1].adjustments,
        vec![Cas {
            group: "CO",
            reason: "97",
            cents: 1800
        }]
    );
    assert!(paid.lines[0].paid > 0);
    let corrected = adjudicate(
        2,
        "aetna",
        &billed("c1", &[18500, 1800]),
        Decision::Paid,
        1,
        40,
    );
    assert!(corrected.paid > 0);
    assert_ne!(corrected.icn, paid.icn);
}
