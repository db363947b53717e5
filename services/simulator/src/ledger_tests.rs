//! Predicted paths: without operators claims wait where a person would work them; with
//! operators every claim reaches a resting status.

use chrono::NaiveDate;
use claims_codes::CodeSet;

use super::*;
use crate::encounter::{Generator, ProblemShares};

fn records(operators: bool) -> Vec<ClaimRecord> {
    let generator = Generator::new(77, CodeSet::embedded().unwrap(), ProblemShares::default());
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    (0..1000)
        .map(|n| {
            let generated = generator.encounter(n, today);
            let lines = generated.lines.as_array().map_or(0, Vec::len);
            predict(77, &generated, lines, operators)
        })
        .collect()
}

#[test]
fn without_operators_claims_wait_in_the_work_queues() {
    let records = records(false);
    let resting = |status: &str| {
        records
            .iter()
            .filter(|r| r.final_statuses == [status])
            .count()
    };
    assert!(resting("coding_issues") > 10);
    assert!(resting("rejected") > 10);
    assert!(resting("denied") > 40);
    assert!(resting("coverage_lapsed") > 5);
    assert!(records
        .iter()
        .filter(|r| r.outcome == "invalid")
        .all(|r| r.final_statuses.is_empty()));
}

#[test]
fn with_operators_no_claim_waits_for_a_person() {
    for record in records(true) {
        for status in &record.final_statuses {
            assert!(
                !["coding_issues", "rejected", "denied", "partially_paid"].contains(status),
                "{record:?}"
            );
        }
    }
}

#[test]
fn every_denial_has_an_action_a_biller_would_take() {
    let denial = |group, carc| Denial {
        group,
        carc,
        remark: None,
    };
    assert_eq!(work_for(&denial("CO", "16")), Work::Correct);
    assert_eq!(work_for(&denial("CO", "50")), Work::Appeal);
    assert_eq!(work_for(&denial("PR", "27")), Work::BillPatient);
    assert_eq!(
        work_for(&denial("CO", "29")),
        Work::WriteOff("timely_filing")
    );
    assert_eq!(work_for(&denial("CO", "18")), Work::WriteOff("other"));
}

#[test]
fn payments_are_summed_reversals_included() {
    let mut ledger = Ledger::default();
    let record = records(false).remove(0);
    let id = record.claim_id.to_string();
    ledger.add(record);
    ledger.paid(&id, "EFT1", 10_050);
    ledger.paid(&id, "EFT2", -10_050);
    ledger.paid(&id, "EFT2", 11_000);
    ledger.paid("not-ours", "EFT3", 5);
    assert_eq!(ledger.total_paid(), 11_005);
    assert_eq!(ledger.unknown_payments.len(), 1);
}
