//! The 999 and 277CA read back by the system's own readers, and checked by pyx12.

use chrono::NaiveDate;
use claims_x12::ack277::read_277ca;
use claims_x12::ack999::{read_999, AckStatus};

use super::*;
use crate::x12valid::assert_valid;
use crate::x837::BilledLine;

fn claim(n: u32, npi: &str) -> BilledClaim {
    BilledClaim {
        st02: format!("{n:04}"),
        claim_id: format!("0a1b2c3d-0000-5000-8000-00000000000{n}"),
        charge_cents: 14300 + i64::from(n),
        frequency: "1".into(),
        payer_claim_number: None,
        payer_name: "Medicare Part B Illinois".into(),
        payer_x12_id: "06102".into(),
        billing_name: "Springfield Family Practice".into(),
        billing_npi: npi.into(),
        patient_last: "Example".into(),
        patient_first: "Ada".into(),
        member_id: "1EG4TE5MK73".into(),
        subscriber_position: 12,
        service_date: NaiveDate::from_ymd_opt(2026, 11, 20),
        lines: vec![BilledLine {
            procedure: "99213".into(),
            modifiers: vec![],
            charge_cents: 14300,
            units: "1".into(),
        }],
    }
}

fn batch() -> BilledBatch {
    BilledBatch {
        interchange_control: "000000042".into(),
        group_control: "42".into(),
        submitter: "SUBM12345".into(),
        receiver: "AVAILITY".into(),
        submitter_name: "Springfield Billing Service".into(),
        claims: vec![
            claim(1, "1234567893"),
            claim(2, "1234567893"),
            claim(3, "1245319599"),
        ],
    }
}

fn created() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(12, 30, 0)
        .unwrap()
}

#[test]
fn a_999_rejecting_one_set_names_it_and_accepts_the_others() {
    let verdicts = [Verdict::Accept, Verdict::Reject999, Verdict::Accept];
    let text = write_999(&batch(), &verdicts, 7, created()).unwrap();
    let acks = read_999(&text).unwrap();
    assert_eq!(acks[0].group_control_number, "42");
    assert_eq!(acks[0].group_status, AckStatus::PartiallyAccepted);
    let statuses: Vec<(String, AckStatus)> = acks[0]
        .transactions
        .iter()
        .map(|t| (t.control_number.clone(), t.status))
        .collect();
    assert_eq!(statuses[1], ("0002".into(), AckStatus::Rejected));
    assert!(statuses[0].1.is_accepted() && statuses[2].1.is_accepted());
    assert_valid("partial.999", &text);
    assert_valid(
        "accepted.999",
        &write_999(&batch(), &[Verdict::Accept; 3], 8, created()).unwrap(),
    );
}

#[test]
fn a_277ca_accepts_with_a_claim_number_and_rejects_with_a_status() {
    let batch = batch();
    let answers = vec![
        ClaimAnswer {
            claim: &batch.claims[0],
            verdict: Verdict::Accept,
            payer_claim_number: "2633100000001".into(),
        },
        ClaimAnswer {
            claim: &batch.claims[1],
            verdict: Verdict::Reject277(
                "A7",
                "562",
                "85",
                "BILLING PROVIDER NPI NOT ENROLLED WITH PAYER",
            ),
            payer_claim_number: String::new(),
        },
        ClaimAnswer {
            claim: &batch.claims[2],
            verdict: Verdict::Accept,
            payer_claim_number: "2633100000003".into(),
        },
    ];
    let text = write_277ca(&batch, &answers, 9, created()).unwrap();
    let reports = read_277ca(&text).unwrap();
    let claims = &reports[0].claims;
    assert_eq!(claims.len(), 3);
    let first = claims
        .iter()
        .find(|c| c.claim_id == batch.claims[0].claim_id)
        .unwrap();
    assert!(first.accepted);
    assert_eq!(first.payer_claim_number, Some("2633100000001"));
    let rejected = claims
        .iter()
        .find(|c| c.claim_id == batch.claims[1].claim_id)
        .unwrap();
    assert!(!rejected.accepted);
    assert_eq!((rejected.category, rejected.status_code), ("A7", "562"));
    assert_eq!(
        rejected.message,
        Some("BILLING PROVIDER NPI NOT ENROLLED WITH PAYER")
    );
    assert_eq!(reports[0].providers.len(), 2);
    assert_valid("mixed.277", &text);
}
