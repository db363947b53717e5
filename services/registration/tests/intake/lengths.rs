//! Every text field stops at the length its X12 element holds: the limit itself is
//! accepted and one character more is refused, so no value is cut short in an 837P.

use crate::helpers::*;
use serde_json::json;

/// (JSON pointer, JSON path, X12 maximum, the element that sets it)
const LIMITS: &[(&str, &str, usize, &str)] = &[
    ("/encounter_id", "$.encounter_id", 38, "CLM01"),
    ("/patient/first_name", "$.patient.first_name", 35, "NM104"),
    ("/patient/last_name", "$.patient.last_name", 60, "NM103"),
    (
        "/patient/address/line1",
        "$.patient.address.line1",
        55,
        "N301",
    ),
    (
        "/patient/address/line2",
        "$.patient.address.line2",
        55,
        "N302",
    ),
    (
        "/patient/address/city",
        "$.patient.address.city",
        30,
        "N401",
    ),
    (
        "/subscriber/member_id",
        "$.subscriber.member_id",
        80,
        "NM109",
    ),
    (
        "/subscriber/group_number",
        "$.subscriber.group_number",
        50,
        "SBR03",
    ),
    ("/coverage/plan", "$.coverage.plan", 60, "SBR04"),
    (
        "/billing_provider/name",
        "$.billing_provider.name",
        60,
        "NM103",
    ),
    (
        "/rendering_provider/first_name",
        "$.rendering_provider.first_name",
        35,
        "NM104",
    ),
    (
        "/rendering_provider/last_name",
        "$.rendering_provider.last_name",
        60,
        "NM103",
    ),
];

#[test]
fn given_text_at_its_x12_limit_when_parsed_then_it_is_accepted_and_one_more_is_refused() {
    for (pointer, path, max, element) in LIMITS {
        // Aetna has no member id format, so every field is only checked for its length.
        let base = with(dependent_example(), "/coverage/payer_id", json!("aetna"));
        let at_limit = with(base.clone(), pointer, json!("A".repeat(*max)));
        assert!(
            parse(&at_limit).is_ok(),
            "{path} ({element}) holds {max}: {:?}",
            parse(&at_limit).err()
        );
        let over = with(base, pointer, json!("A".repeat(max + 1)));
        assert_eq!(
            rejected(&over),
            vec![at(path, "text.too_long")],
            "{path} ({element})"
        );
    }
}

#[test]
fn given_a_name_of_multibyte_characters_when_measured_then_characters_are_counted_not_bytes() {
    let doc = with(
        contract_example(),
        "/patient/first_name",
        json!("\u{e9}".repeat(35)),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.patient.first_name", "text.characters")]
    );
}
