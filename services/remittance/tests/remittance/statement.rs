//! Patient statements: what the patient owes after insurance, adding up to the cent, in
//! plain words, with every outside text escaped in the printable page.

use crate::common::*;
use claims_payers::PayerRegistry;
use claims_remittance::sample::{ClaimPaid, Remit835};
use claims_remittance::statement::build;
use serde_json::Value;

#[test]
fn a_statement_explains_what_insurance_paid_and_why_the_patient_owes_the_rest() {
    let mut encounter = encounter();
    encounter.patient.first_name = "Ada <script>alert(1)</script>".into();
    encounter.patient.last_name = "O'Brien & Sons".into();
    let mut given = Given::events(submitted(encounter));
    let file =
        Remit835::new("EFT-1", day(10)).claim(ClaimPaid::sample(&claim_id().to_string(), "1", 1));
    let posting = given.when(&[file], 7);
    let claim = given.then_append(&posting, 7);

    let statement = build(
        &claim,
        claim_id(),
        posting.statement_id.expect("billed"),
        &PayerRegistry::sample(),
    )
    .expect("a registered claim has a statement");
    let json: Value = serde_json::from_slice(&statement.to_json()).unwrap();

    assert_eq!(json["schema"], "statement/v1");
    assert_eq!(json["claim_id"], claim_id().to_string());
    assert_eq!(json["service_date"], "2026-11-20");
    assert_eq!(json["totals"]["billed"], "143.00");
    assert_eq!(json["totals"]["insurance_paid"], "90.50");
    assert_eq!(json["totals"]["adjusted"], "27.50");
    assert_eq!(json["totals"]["you_owe"], "25.00");
    assert_eq!(json["you_owe_by_kind"]["coinsurance"], "20.00");
    assert_eq!(json["you_owe_by_kind"]["deductible"], "5.00");
    assert_eq!(json["lines"][0]["procedure"], "99213");
    assert_eq!(json["lines"][0]["insurance_paid"], "80.50");
    assert_eq!(json["lines"][0]["adjusted"], "24.50");
    assert_eq!(json["lines"][0]["you_owe"], "20.00");
    assert_eq!(
        json["insurance"][0]["payer_name"],
        "Medicare Part B Illinois"
    );
    let reasons: Vec<&str> = json["adjustments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["explanation"].as_str().unwrap())
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with("Your coinsurance")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("agreed not to bill you")),
        "{reasons:?}"
    );

    let text = String::from_utf8(statement.to_json()).unwrap();
    assert!(!text.contains("1961-04-09"), "no birth date");
    assert!(!text.contains("1EG4TE5MK73"), "no member id");

    let html = &statement.html;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("You owe $25.00"));
    assert!(html.contains("Ada &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("O&#39;Brien &amp; Sons"));
    assert!(!html.contains("<script>"));
}
