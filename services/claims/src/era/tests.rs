//! The inspection of the public X12 samples the reader is tested on, with totals worked
//! out by hand from the files' CLP and BPR segments, and of one sample unbalanced on
//! purpose.

use std::path::PathBuf;

use super::import::era_subject;
use super::inspect::inspect_file;
use super::report::{inspect_text, Inspection};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../x12/tests/fixtures")
        .join(name)
}

fn inspected(name: &str) -> Inspection {
    inspect_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

/// (transactions, claims, sum of CLP04 in cents, balanced).
fn totals(inspection: &Inspection) -> (usize, usize, i64, bool) {
    let t = &inspection.totals;
    (t.transactions, t.claims, t.claims_paid, t.balanced)
}

#[test]
fn every_public_sample_is_inspected_with_its_totals() {
    // all-loops: 150.00 + 0 − 80.00 (a reversal) + 0; PLB 25.00 − 1.50 leaves BPR02 46.50.
    assert_eq!(totals(&inspected("all-loops.835")), (2, 4, 7000, true));
    assert_eq!(totals(&inspected("denial-mult-loops.835")), (1, 1, 0, true));
    assert_eq!(totals(&inspected("managed-care.835")), (1, 2, 94500, true));
    assert_eq!(
        totals(&inspected("secondary-payment.835")),
        (1, 2, 122200, true)
    );
}

#[test]
fn a_claim_shows_its_amounts_adjustments_and_lines() {
    let inspection = inspected("managed-care.835");
    let transaction = &inspection.transactions[0];
    assert_eq!(
        (
            transaction.trace_number.as_str(),
            transaction.payment.amount
        ),
        ("7170066655", 94500)
    );
    let claim = &transaction.claims[1];
    assert_eq!(claim.claim_id, "8765432112");
    assert_eq!(
        (
            claim.status.as_str(),
            claim.billed,
            claim.paid,
            claim.patient_responsibility
        ),
        ("1", 120000, 49500, Some(60000))
    );
    assert_eq!(claim.payer_claim_number.as_deref(), Some("94077799230000"));
    let adjustments: Vec<(&str, &str, i64)> = claim
        .adjustments
        .iter()
        .map(|a| (a.group.as_str(), a.reason.as_str(), a.amount))
        .collect();
    assert_eq!(
        adjustments,
        [("CO", "A2", 5500), ("PR", "1", 60000), ("CO", "45", 5000)]
    );
    assert_eq!(claim.lines.len(), 1);
    assert_eq!(claim.lines[0].procedure, "HC:93555");
}

#[test]
fn an_unbalanced_claim_is_reported_with_its_difference() {
    let text = std::fs::read_to_string(fixture("managed-care.835")).unwrap();
    // CLP04 450.00 → 449.00: the claim's own figures (800.00 − 50.00 − 300.00) leave 450.00,
    // one dollar more than it pays, and the claims now pay one dollar less than BPR02.
    let changed = text.replacen("*800.00*450.00*", "*800.00*449.00*", 1);
    assert_ne!(
        changed, text,
        "the sample still holds the CLP being changed"
    );

    let inspection = inspect_text(&changed).expect("still readable");
    assert!(!inspection.totals.balanced);
    let problems: Vec<(&str, Option<&str>, Option<&str>)> = inspection.transactions[0]
        .imbalances
        .iter()
        .map(|p| (p.path.as_str(), p.claim.as_deref(), p.difference.as_deref()))
        .collect();
    assert_eq!(
        problems,
        [
            ("ST*112233/CLP*5554555444", Some("5554555444"), Some("1.00")),
            ("ST*112233/BPR", None, Some("-1.00")),
        ]
    );
    let table = super::table::render(&inspection);
    assert!(table.contains("NOT BALANCED"), "{table}");
}

#[test]
fn an_unreadable_file_is_an_error_naming_the_file_and_the_x12_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cut.835");
    let text = std::fs::read_to_string(fixture("managed-care.835")).unwrap();
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();

    let error = format!("{:#}", inspect_file(&file).unwrap_err());
    assert!(error.contains("cut.835"), "{error}");
    assert!(
        error.contains("truncated") || error.contains("segment"),
        "{error}"
    );
}

#[test]
fn no_patient_name_reaches_the_report() {
    // NM1*QC of managed-care.835 names the patient: neither the JSON nor the table carry it.
    let inspection = inspected("managed-care.835");
    let json = serde_json::to_string(&inspection).unwrap();
    let table = super::table::render(&inspection);
    for name in ["BUDD", "WILLIAM", "SETTLE", "SUSAN", "33344555510"] {
        assert!(
            !json.contains(name) && !table.contains(name),
            "{name} printed"
        );
    }
}

#[test]
fn a_partner_id_that_cannot_name_an_inbox_is_refused() {
    assert_eq!(era_subject("availity").unwrap(), "inbox.availity.era");
    let error = format!("{:#}", era_subject("avail.ity").unwrap_err());
    assert!(error.contains("is not a partner id"), "{error}");
}
