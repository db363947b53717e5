//! The partner-facing examples in `docs/contracts/examples/` work as published: every
//! example is read by the parser it documents, the invalid encounter yields exactly the
//! problems of the published rejection receipt, and the schemas' code lists are the
//! parser's.

use std::path::PathBuf;

use crate::helpers::*;
use claims_events::{sample, ClaimId, PayerOrder, Relationship};
use claims_payers::PayerRegistry;
use claims_registration::intake::{
    check_coverage, parse_eligibility, parse_encounter, CoverageCheck, Problem, PLACES_OF_SERVICE,
    USPS_STATE_CODES,
};
use serde_json::Value;

fn contracts() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/contracts")
}

fn read(name: &str) -> Vec<u8> {
    let path = contracts().join("examples").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("the file is JSON")
}

fn encounter(name: &str) -> Result<claims_events::Encounter, Vec<Problem>> {
    parse_encounter(&partner(), &read(name), today(), &PayerRegistry::sample())
}

#[test]
fn given_every_example_file_when_read_by_its_parser_then_it_is_what_its_name_says() {
    let dir = contracts().join("examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the examples folder exists")
        .map(|entry| {
            entry
                .expect("readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        let bytes = read(&name);
        match name.as_str() {
            "encounter-invalid.json" => assert!(encounter(&name).is_err()),
            n if n.starts_with("encounter-") => {
                assert!(encounter(n).is_ok(), "{n}: {:?}", encounter(n).err())
            }
            n if n.starts_with("eligibility-") => assert!(parse_eligibility(&bytes).is_ok(), "{n}"),
            n if n.starts_with("receipt-") => {
                let receipt = json(&bytes);
                assert!(
                    receipt["schema"] == "receipt/v1"
                        && receipt["message_id"].is_string()
                        && receipt["status"].is_string(),
                    "{n}"
                );
            }
            // Operator commands of the remittance service: its parser reads these very
            // files in its own tests (services/remittance/src/resolve/command.rs).
            n if n.starts_with("suspense-resolve-") => {
                let command = json(&bytes);
                let action = n
                    .trim_start_matches("suspense-resolve-")
                    .trim_end_matches(".json");
                assert!(
                    command["schema"] == "suspense-resolve/v1" && command["action"] == action,
                    "{n}"
                );
            }
            other => panic!("{other}: an example this test does not know how to check"),
        }
    }
}

#[test]
fn given_the_self_example_when_parsed_then_it_is_the_contract_encounter() {
    let parsed = encounter("encounter-self.json").expect("valid");
    assert_eq!(
        parsed,
        sample::encounter("springfield-fp", "ENC-2026-000123")
    );
}

#[test]
fn given_the_dependent_example_when_parsed_then_a_child_has_two_payers_in_order() {
    let parsed = encounter("encounter-dependent.json").expect("valid");
    assert_eq!(parsed.subscriber.relationship, Relationship::Child);
    assert!(parsed.subscriber.person.is_some());
    assert_eq!(parsed.coverage.order, PayerOrder::Primary);
    assert_eq!(
        parsed.secondary_coverage.map(|c| c.order),
        Some(PayerOrder::Secondary)
    );
    assert!(parsed.secondary_subscriber.is_some());
    assert_eq!(parsed.billing_provider.tax_id, "371234567");
}

#[test]
fn given_the_invalid_example_when_parsed_then_the_problems_are_those_of_the_published_receipt() {
    let problems = encounter("encounter-invalid.json").expect_err("invalid");
    let receipt = json(&read("receipt-rejected.json"));
    assert_eq!(receipt["status"], "rejected");
    let published: Vec<Problem> =
        serde_json::from_value(receipt["errors"].clone()).expect("errors are problems");
    assert_eq!(problems, published);
}

#[test]
fn given_the_accepted_receipt_example_then_it_names_the_claim_of_the_self_example() {
    let receipt = json(&read("receipt-accepted.json"));
    let claim = ClaimId::for_encounter(&partner(), "ENC-2026-000123");
    assert_eq!(receipt["status"], "accepted");
    assert_eq!(receipt["claim_id"], claim.to_string());
}

#[test]
fn given_the_active_eligibility_example_when_checked_against_the_self_example_then_coverage_is_confirmed(
) {
    let record = parse_eligibility(&read("eligibility-active.json")).expect("valid");
    let parsed = encounter("encounter-self.json").expect("valid");
    assert!(matches!(
        check_coverage(&parsed, Some(&record)),
        CoverageCheck::Confirmed { .. }
    ));
}

fn schema(name: &str) -> Value {
    let path = contracts().join(name);
    json(&std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn given_the_encounter_schema_then_its_code_lists_are_the_parsers() {
    let schema = schema("encounter.v1.schema.json");
    let places: Vec<&str> = PLACES_OF_SERVICE.iter().map(|(code, _)| *code).collect();
    assert_eq!(
        schema["properties"]["place_of_service"]["enum"],
        serde_json::json!(places)
    );
    assert_eq!(
        schema["$defs"]["address"]["properties"]["state"]["enum"],
        serde_json::json!(USPS_STATE_CODES)
    );
    assert_eq!(schema["properties"]["schema"]["const"], "encounter/v1");
}

#[test]
fn given_the_schemas_then_each_is_a_2020_12_schema_of_its_message() {
    for (file, title) in [
        ("encounter.v1.schema.json", "encounter/v1"),
        ("eligibility.v1.schema.json", "eligibility/v1"),
        ("receipt.v1.schema.json", "receipt"),
    ] {
        let schema = schema(file);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        assert_eq!(schema["title"], title, "{file}");
    }
}
