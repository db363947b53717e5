//! An encounter/v1 document as a whole: the contract's example becomes the encounter it
//! describes, and problems with the document itself (syntax, schema, unknown fields, the
//! encounter's id, date and place of service) are each reported with path and code.

use crate::helpers::*;
use claims_events::sample;
use claims_payers::PayerRegistry;
use claims_registration::intake::{encounter_document, parse_encounter};
use serde_json::json;

#[test]
fn given_the_contract_example_when_parsed_then_it_is_the_sample_encounter() {
    let encounter = parse(&contract_example()).expect("the contract example is valid");
    assert_eq!(
        encounter,
        sample::encounter("springfield-fp", "ENC-2026-000123")
    );
}

#[test]
fn given_any_parsed_encounter_when_written_back_and_parsed_again_then_nothing_changes() {
    for doc in [contract_example(), dependent_example()] {
        let encounter = parse(&doc).expect("valid");
        assert_eq!(
            parse(&encounter_document(&encounter)).expect("the rendering is valid"),
            encounter
        );
    }
}

#[test]
fn given_malformed_json_when_parsed_then_one_syntax_problem_names_line_and_column() {
    let text = b"{\n  \"schema\": \"encounter/v1\",\n  \"encounter_id\": \"ENC-1\"\n  \"service_date\": \"2026-11-20\"\n}";
    let problems =
        parse_encounter(&partner(), text, today(), &PayerRegistry::sample()).expect_err("bad JSON");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].path.as_str(), problems[0].code.as_str()),
        ("$", "json.syntax")
    );
    assert!(
        problems[0].message.contains("line 4, column 3"),
        "{}",
        problems[0].message
    );
}

#[test]
fn given_a_document_that_is_not_an_object_when_parsed_then_it_is_a_type_problem() {
    assert_eq!(rejected(&json!(["encounter"])), vec![at("$", "field.type")]);
}

#[test]
fn given_another_schema_or_none_when_parsed_then_it_is_refused() {
    assert_eq!(
        rejected(&with(contract_example(), "/schema", json!("encounter/v2"))),
        vec![at("$.schema", "schema.unsupported")]
    );
    assert_eq!(
        rejected(&without(contract_example(), "/schema")),
        vec![at("$.schema", "field.missing")]
    );
}

#[test]
fn given_an_unknown_or_misspelt_field_when_parsed_then_it_is_named() {
    let doc = with(contract_example(), "/rendering_provder", json!({}));
    assert_eq!(
        rejected(&doc),
        vec![at("$.rendering_provder", "field.unknown")]
    );
    let doc = with(contract_example(), "/patient/middle name", json!("Q"));
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient[\"middle name\"]", "field.unknown")]
    );
}

#[test]
fn given_a_required_field_that_is_null_when_parsed_then_it_is_missing() {
    let doc = with(contract_example(), "/encounter_id", json!(null));
    assert_eq!(rejected(&doc), vec![at("$.encounter_id", "field.missing")]);
}

#[test]
fn given_an_optional_field_that_is_null_when_parsed_then_it_is_absent() {
    let doc = with(contract_example(), "/rendering_provider", json!(null));
    let doc = with(
        with(doc, "/coverage/payer_id", json!("aetna")),
        "/coverage/plan",
        json!("Aetna Choice POS II"),
    );
    let encounter = parse(&doc).expect("aetna does not require a rendering provider");
    assert_eq!(encounter.rendering_provider, None);
}

#[test]
fn given_a_bad_encounter_id_when_parsed_then_it_is_refused() {
    let cases = [
        (json!(""), "text.empty"),
        (json!("E".repeat(39)), "text.too_long"),
        (json!("ENC 1"), "text.characters"),
        (json!("ENC*1"), "text.characters"),
        (json!(123), "field.type"),
    ];
    for (id, code) in cases {
        assert_eq!(
            rejected(&with(contract_example(), "/encounter_id", id.clone())),
            vec![at("$.encounter_id", code)],
            "{id}"
        );
    }
    assert!(parse(&with(
        contract_example(),
        "/encounter_id",
        json!("E".repeat(38))
    ))
    .is_ok());
}

#[test]
fn given_a_service_date_after_today_when_parsed_then_it_is_refused() {
    let doc = with(contract_example(), "/service_date", json!("2026-12-02"));
    assert_eq!(rejected(&doc), vec![at("$.service_date", "date.future")]);
    assert!(
        parse(&with(
            contract_example(),
            "/service_date",
            json!("2026-12-01")
        ))
        .is_ok(),
        "today is fine"
    );
}

#[test]
fn given_a_service_date_that_is_not_a_date_when_parsed_then_the_shape_or_the_calendar_is_named() {
    for (text, code) in [
        ("2026-11-31", "date.invalid"),
        ("2026-02-29", "date.invalid"),
        ("11/20/2026", "date.format"),
        ("2026-1-20", "date.format"),
    ] {
        assert_eq!(
            rejected(&with(contract_example(), "/service_date", json!(text))),
            vec![at("$.service_date", code)],
            "{text}"
        );
    }
}

#[test]
fn given_a_place_of_service_outside_the_cms_list_when_parsed_then_it_is_refused() {
    for bad in [json!("98"), json!("1"), json!("Office")] {
        assert_eq!(
            rejected(&with(contract_example(), "/place_of_service", bad.clone())),
            vec![at("$.place_of_service", "place_of_service.unknown")],
            "{bad}"
        );
    }
    assert_eq!(
        rejected(&with(contract_example(), "/place_of_service", json!(11))),
        vec![at("$.place_of_service", "field.type")]
    );
    for good in ["02", "10", "22", "27", "66", "81", "99"] {
        assert!(
            parse(&with(contract_example(), "/place_of_service", json!(good))).is_ok(),
            "{good}"
        );
    }
}

#[test]
fn given_many_problems_when_parsed_then_all_are_reported_at_once() {
    let doc = contract_example();
    let doc = with(doc, "/billing_provider/npi", json!("1234567890"));
    let doc = with(doc, "/lines/1/charge", json!("18.005"));
    let doc = with(doc, "/patient/sex", json!("X"));
    let doc = without(doc, "/place_of_service");
    assert_eq!(
        rejected(&doc),
        vec![
            at("$.place_of_service", "field.missing"),
            at("$.patient.sex", "sex.unknown"),
            at("$.billing_provider.npi", "npi.checksum"),
            at("$.lines[1].charge", "money.decimals"),
        ]
    );
}

#[test]
fn given_every_problem_when_reported_then_it_has_a_message_a_person_can_read() {
    let doc = with(
        with(contract_example(), "/lines/0/units", json!(0)),
        "/patient/address/zip",
        json!("x"),
    );
    for problem in problems(&doc) {
        assert!(problem.message.len() > 20, "{problem:?}");
    }
}
