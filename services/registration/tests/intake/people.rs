//! The people of an encounter: names that X12 can carry, birth dates that make sense,
//! the F/M/U and self/spouse/child/other vocabularies, USPS addresses, and the insured's
//! own demographics exactly when the insured is not the patient.

use crate::helpers::*;
use claims_events::{Relationship, Sex};
use serde_json::json;

#[test]
fn given_names_with_x12_delimiters_or_non_ascii_when_parsed_then_they_are_refused() {
    for bad in ["Ada*", "Ad~a", "A:da", "Ada^", "Zo\u{eb}", "Ada\tB"] {
        assert_eq!(
            rejected(&with(contract_example(), "/patient/first_name", json!(bad))),
            vec![at("$.patient.first_name", "text.characters")],
            "{bad:?}"
        );
    }
    assert!(parse(&with(
        contract_example(),
        "/patient/last_name",
        json!("O'Brien-Smith Jr.")
    ))
    .is_ok());
}

#[test]
fn given_blank_names_when_parsed_then_they_are_empty_and_padding_is_trimmed() {
    assert_eq!(
        rejected(&with(
            contract_example(),
            "/patient/last_name",
            json!("   ")
        )),
        vec![at("$.patient.last_name", "text.empty")]
    );
    let encounter = parse(&with(
        contract_example(),
        "/patient/first_name",
        json!("  Ada "),
    ))
    .expect("padding is fine");
    assert_eq!(encounter.patient.first_name, "Ada");
}

#[test]
fn given_a_birth_date_in_the_future_or_after_the_visit_when_parsed_then_it_is_refused() {
    let doc = with(
        contract_example(),
        "/patient/birth_date",
        json!("2026-12-25"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.birth_date", "date.future")]
    );
    let doc = with(
        contract_example(),
        "/patient/birth_date",
        json!("2026-11-21"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.birth_date", "birth_date.after_service")]
    );
    assert!(
        parse(&with(
            contract_example(),
            "/patient/birth_date",
            json!("2026-11-20")
        ))
        .is_ok(),
        "a newborn seen on the day of birth"
    );
    let doc = with(
        contract_example(),
        "/patient/birth_date",
        json!("1961-02-30"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.birth_date", "date.invalid")]
    );
}

#[test]
fn given_a_rejected_birth_date_when_reported_then_the_message_does_not_repeat_it() {
    let doc = with(
        contract_example(),
        "/patient/birth_date",
        json!("2026-11-21"),
    );
    for problem in problems(&doc) {
        assert!(
            !problem.message.contains("2026-11-21"),
            "{}",
            problem.message
        );
    }
}

#[test]
fn given_sex_outside_f_m_u_when_parsed_then_it_is_refused() {
    for bad in ["X", "f", "Female", ""] {
        assert_eq!(
            rejected(&with(contract_example(), "/patient/sex", json!(bad))),
            vec![at("$.patient.sex", "sex.unknown")],
            "{bad:?}"
        );
    }
    let encounter =
        parse(&with(contract_example(), "/patient/sex", json!("U"))).expect("U is allowed");
    assert_eq!(encounter.patient.sex, Sex::Unknown);
}

#[test]
fn given_a_relationship_outside_the_list_when_parsed_then_it_is_refused() {
    let doc = with(
        contract_example(),
        "/subscriber/relationship",
        json!("parent"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.subscriber.relationship", "relationship.unknown")]
    );
}

#[test]
fn given_a_state_that_is_not_a_usps_code_when_parsed_then_it_is_refused() {
    for bad in ["il", "Ill.", "XX", "IL "] {
        let doc = with(contract_example(), "/patient/address/state", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.patient.address.state", "state.unknown")],
            "{bad:?}"
        );
    }
    for good in ["DC", "PR", "GU", "VI", "AS", "MP", "AE", "WY"] {
        assert!(
            parse(&with(
                contract_example(),
                "/patient/address/state",
                json!(good)
            ))
            .is_ok(),
            "{good}"
        );
    }
}

#[test]
fn given_zip_codes_when_parsed_then_five_or_nine_digits_are_kept_without_the_hyphen() {
    let zip = |text: &str| with(contract_example(), "/patient/address/zip", json!(text));
    assert_eq!(
        parse(&zip("62701-1234"))
            .expect("ZIP+4")
            .patient
            .address
            .zip,
        "627011234"
    );
    assert_eq!(
        parse(&zip("627011234")).expect("ZIP+4").patient.address.zip,
        "627011234"
    );
    for bad in [
        "6270",
        "627012",
        "62701-123",
        "6270A",
        "62701 1234",
        "-62701234",
    ] {
        assert_eq!(
            rejected(&zip(bad)),
            vec![at("$.patient.address.zip", "zip.format")],
            "{bad:?}"
        );
    }
}

#[test]
fn given_an_address_line2_when_parsed_then_it_is_kept_and_checked() {
    let doc = with(contract_example(), "/patient/address/line2", json!("Apt 4"));
    assert_eq!(
        parse(&doc).expect("valid").patient.address.line2.as_deref(),
        Some("Apt 4")
    );
    let doc = with(contract_example(), "/patient/address/line2", json!("Apt~4"));
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.address.line2", "text.characters")]
    );
    let doc = with(
        contract_example(),
        "/patient/address/city",
        json!("C".repeat(31)),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.address.city", "text.too_long")]
    );
}

#[test]
fn given_a_dependent_when_parsed_then_the_insured_has_their_own_demographics() {
    let encounter = parse(&dependent_example()).expect("valid");
    assert_eq!(encounter.subscriber.relationship, Relationship::Child);
    let insured = encounter
        .subscriber
        .person
        .expect("a child's insured is someone else");
    assert_eq!(
        (insured.first_name.as_str(), insured.sex),
        ("Tom", Sex::Male)
    );
}

#[test]
fn given_a_dependent_without_the_insured_demographics_when_parsed_then_each_is_missing() {
    let doc = dependent_example();
    let doc = without(
        without(
            without(doc, "/subscriber/first_name"),
            "/subscriber/birth_date",
        ),
        "/subscriber/address",
    );
    assert_eq!(
        rejected(&doc),
        vec![
            at("$.subscriber.first_name", "field.missing"),
            at("$.subscriber.birth_date", "field.missing"),
            at("$.subscriber.address", "field.missing"),
        ]
    );
}

#[test]
fn given_a_self_subscriber_with_demographics_when_parsed_then_they_are_refused() {
    let doc = with(
        contract_example(),
        "/subscriber/last_name",
        json!("Example"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.subscriber.last_name", "field.unexpected")]
    );
}

#[test]
fn given_an_insured_born_after_the_visit_when_parsed_then_it_is_refused() {
    let doc = with(
        dependent_example(),
        "/subscriber/birth_date",
        json!("2026-11-25"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.subscriber.birth_date", "birth_date.after_service")]
    );
}
