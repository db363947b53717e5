//! eligibility/v1: a payer's answer about one member becomes a record, or every problem in
//! it is named.

use crate::helpers::*;
use claims_registration::intake::{parse_eligibility, EligibilityStatus, Problem};
use serde_json::{json, Value};

fn contract_eligibility() -> Value {
    json!({
      "schema": "eligibility/v1",
      "payer_id": "medicare-il", "member_id": "1EG4TE5MK73",
      "first_name": "Ada", "last_name": "Example", "birth_date": "1961-04-09",
      "plan": "Medicare Part B", "status": "active",
      "coverage_start": "2026-01-01", "coverage_end": null
    })
}

fn eligibility_problems(doc: &Value) -> Vec<(String, String)> {
    let problems: Vec<Problem> =
        parse_eligibility(doc.to_string().as_bytes()).expect_err("rejected");
    problems.into_iter().map(|p| (p.path, p.code)).collect()
}

#[test]
fn given_the_contract_example_when_parsed_then_it_is_an_open_ended_active_record() {
    let record = parse_eligibility(contract_eligibility().to_string().as_bytes()).expect("valid");
    assert_eq!(record.payer_id.as_str(), "medicare-il");
    assert_eq!(record.member_id, "1EG4TE5MK73");
    assert_eq!(
        (record.first_name.as_str(), record.last_name.as_str()),
        ("Ada", "Example")
    );
    assert_eq!(record.birth_date, date("1961-04-09"));
    assert_eq!(
        (record.plan.as_str(), record.status),
        ("Medicare Part B", EligibilityStatus::Active)
    );
    assert_eq!(
        (record.coverage_start, record.coverage_end),
        (date("2026-01-01"), None)
    );
}

#[test]
fn given_an_end_date_or_none_at_all_when_parsed_then_it_is_kept() {
    let doc = with(contract_eligibility(), "/coverage_end", json!("2026-06-30"));
    let record = parse_eligibility(doc.to_string().as_bytes()).expect("valid");
    assert_eq!(record.coverage_end, Some(date("2026-06-30")));
    let doc = without(contract_eligibility(), "/coverage_end");
    assert_eq!(
        parse_eligibility(doc.to_string().as_bytes())
            .expect("valid")
            .coverage_end,
        None
    );
}

#[test]
fn given_inactive_coverage_when_parsed_then_the_status_says_so() {
    let doc = with(contract_eligibility(), "/status", json!("inactive"));
    let record = parse_eligibility(doc.to_string().as_bytes()).expect("valid");
    assert_eq!(record.status, EligibilityStatus::Inactive);
}

#[test]
fn given_a_status_outside_the_list_when_parsed_then_it_is_refused() {
    let doc = with(contract_eligibility(), "/status", json!("terminated"));
    assert_eq!(
        eligibility_problems(&doc),
        vec![at("$.status", "status.unknown")]
    );
}

#[test]
fn given_coverage_that_ends_before_it_starts_when_parsed_then_it_is_refused() {
    let doc = with(contract_eligibility(), "/coverage_end", json!("2025-12-31"));
    assert_eq!(
        eligibility_problems(&doc),
        vec![at("$.coverage_end", "date.order")]
    );
}

#[test]
fn given_many_problems_when_parsed_then_all_are_reported() {
    let doc = with(contract_eligibility(), "/schema", json!("encounter/v1"));
    let doc = with(doc, "/payer_id", json!("Medicare IL"));
    let doc = with(doc, "/birth_date", json!("04/09/1961"));
    let doc = with(doc, "/last_name", json!("Ex*ample"));
    let doc = without(doc, "/coverage_start");
    let doc = with(doc, "/group", json!("X"));
    assert_eq!(
        eligibility_problems(&doc),
        vec![
            at("$.group", "field.unknown"),
            at("$.schema", "schema.unsupported"),
            at("$.payer_id", "payer.format"),
            at("$.last_name", "text.characters"),
            at("$.birth_date", "date.format"),
            at("$.coverage_start", "field.missing"),
        ]
    );
}

#[test]
fn given_malformed_json_when_parsed_then_it_is_a_syntax_problem() {
    let problems = parse_eligibility(b"{\"schema\": ").expect_err("bad JSON");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "json.syntax");
}
