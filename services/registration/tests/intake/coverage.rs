//! Payers on an encounter: known to the registry, in distinct places of the payer order,
//! each with its insured, and with the payer's own front-end rules (MBI, group number,
//! rendering provider) applied where the practice can still fix them.

use crate::helpers::*;
use claims_events::PayerOrder;
use serde_json::json;

#[test]
fn given_a_payer_the_registry_does_not_know_when_parsed_then_it_is_refused_with_a_suggestion() {
    let problems = problems(&with(
        contract_example(),
        "/coverage/payer_id",
        json!("medicare-in"),
    ));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].path.as_str(), problems[0].code.as_str()),
        ("$.coverage.payer_id", "payer.unknown")
    );
    assert!(
        problems[0].message.contains("`medicare-il`"),
        "{}",
        problems[0].message
    );
    let doc = with(
        contract_example(),
        "/coverage/payer_id",
        json!("Medicare IL"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.coverage.payer_id", "payer.unknown")]
    );
}

#[test]
fn given_a_priority_outside_the_list_when_parsed_then_it_is_refused() {
    let doc = with(contract_example(), "/coverage/priority", json!("first"));
    assert_eq!(
        rejected(&doc),
        vec![at("$.coverage.priority", "priority.unknown")]
    );
}

#[test]
fn given_a_secondary_coverage_when_parsed_then_it_is_kept_with_its_insured() {
    let encounter = parse(&dependent_example()).expect("valid");
    let secondary = encounter.secondary_coverage.expect("a secondary coverage");
    assert_eq!(
        (secondary.payer_id.as_str(), secondary.order),
        ("aetna", PayerOrder::Secondary)
    );
    let insured = encounter.secondary_subscriber.expect("its insured");
    assert_eq!(insured.member_id, "W123456789");
}

#[test]
fn given_two_coverages_with_the_same_priority_when_parsed_then_the_second_is_refused() {
    let doc = with(
        dependent_example(),
        "/secondary_coverage/priority",
        json!("primary"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.secondary_coverage.priority", "priority.conflict")]
    );
    let doc = with(
        dependent_example(),
        "/secondary_coverage/priority",
        json!("tertiary"),
    );
    assert!(parse(&doc).is_ok(), "distinct places in the order are fine");
}

#[test]
fn given_a_secondary_payer_the_registry_does_not_know_when_parsed_then_it_is_refused() {
    let doc = with(
        dependent_example(),
        "/secondary_coverage/payer_id",
        json!("cigna"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.secondary_coverage.payer_id", "payer.unknown")]
    );
}

#[test]
fn given_a_secondary_coverage_without_its_insured_when_parsed_then_the_insured_is_missing() {
    let doc = without(dependent_example(), "/secondary_subscriber");
    assert_eq!(
        rejected(&doc),
        vec![at("$.secondary_subscriber", "field.missing")]
    );
}

#[test]
fn given_a_secondary_insured_without_a_secondary_coverage_when_parsed_then_it_is_unexpected() {
    let doc = without(dependent_example(), "/secondary_coverage");
    assert_eq!(
        rejected(&doc),
        vec![at("$.secondary_subscriber", "field.unexpected")]
    );
}

#[test]
fn given_medicare_and_a_member_id_that_is_not_an_mbi_when_parsed_then_it_is_refused() {
    for bad in ["123456789A", "1EG4-TE5-MK73", "1eg4te5mk73"] {
        let doc = with(contract_example(), "/subscriber/member_id", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.subscriber.member_id", "member_id.format")],
            "{bad}"
        );
    }
    let doc = with(
        with(contract_example(), "/coverage/payer_id", json!("aetna")),
        "/subscriber/member_id",
        json!("W123456789"),
    );
    assert!(parse(&doc).is_ok(), "Aetna ids are not MBIs");
}

#[test]
fn given_a_member_id_with_spaces_or_delimiters_when_parsed_then_it_is_refused() {
    let doc = with(
        dependent_example(),
        "/subscriber/member_id",
        json!("XOF 9123"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.subscriber.member_id", "text.characters")]
    );
    let doc = with(
        dependent_example(),
        "/subscriber/member_id",
        json!("X".repeat(81)),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.subscriber.member_id", "text.too_long")]
    );
}

#[test]
fn given_a_payer_that_requires_a_group_number_when_it_is_missing_then_the_payer_is_named() {
    let problems = problems(&without(dependent_example(), "/subscriber/group_number"));
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].path.as_str(), problems[0].code.as_str()),
        ("$.subscriber.group_number", "field.required_by_payer")
    );
    assert!(
        problems[0]
            .message
            .contains("Blue Cross and Blue Shield of Illinois"),
        "{}",
        problems[0].message
    );
    // Aetna, the secondary payer, does not require one.
    assert!(dependent_example()["secondary_subscriber"]
        .get("group_number")
        .is_none());
}

#[test]
fn given_a_payer_that_requires_a_rendering_provider_when_it_is_missing_then_it_is_refused() {
    let doc = without(contract_example(), "/rendering_provider");
    assert_eq!(
        rejected(&doc),
        vec![at("$.rendering_provider", "field.required_by_payer")]
    );
    let aetna_only = with(
        with(contract_example(), "/coverage/payer_id", json!("aetna")),
        "/subscriber/member_id",
        json!("W1"),
    );
    assert!(parse(&without(aetna_only.clone(), "/rendering_provider")).is_ok());
    let doc = with(
        aetna_only,
        "/secondary_coverage",
        json!({"payer_id": "medicare-il", "plan": "Medicare Part B", "priority": "secondary"}),
    );
    let doc = with(
        doc,
        "/secondary_subscriber",
        json!({"relationship": "self", "member_id": "1EG4TE5MK73"}),
    );
    assert_eq!(
        rejected(&without(doc, "/rendering_provider")),
        vec![at("$.rendering_provider", "field.required_by_payer")]
    );
}

#[test]
fn given_a_bad_plan_name_when_parsed_then_payer_rules_still_apply() {
    let doc = with(contract_example(), "/coverage/plan", json!(""));
    let doc = with(doc, "/subscriber/member_id", json!("123456789A"));
    assert_eq!(
        rejected(&doc),
        vec![
            at("$.coverage.plan", "text.empty"),
            at("$.subscriber.member_id", "member_id.format")
        ]
    );
}
