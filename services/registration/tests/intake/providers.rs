//! Provider identifiers, the cheapest denials to prevent: NPIs by shape and check digit,
//! the EIN with or without its hyphen, and NUCC taxonomy codes.

use crate::helpers::*;
use serde_json::json;

#[test]
fn given_an_npi_with_a_wrong_check_digit_when_parsed_then_it_is_a_checksum_problem() {
    let doc = with(
        contract_example(),
        "/billing_provider/npi",
        json!("1234567890"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.billing_provider.npi", "npi.checksum")]
    );
    let doc = with(
        contract_example(),
        "/rendering_provider/npi",
        json!("1245319590"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.rendering_provider.npi", "npi.checksum")]
    );
}

#[test]
fn given_an_npi_of_the_wrong_shape_when_parsed_then_it_is_a_format_problem() {
    for bad in ["123456789", "12345678931", "123456789X", " 1234567893"] {
        let doc = with(contract_example(), "/billing_provider/npi", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.billing_provider.npi", "npi.format")],
            "{bad:?}"
        );
    }
    let doc = with(
        contract_example(),
        "/billing_provider/npi",
        json!(1234567893_u64),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.billing_provider.npi", "field.type")]
    );
}

#[test]
fn given_a_tax_id_with_a_hyphen_when_parsed_then_it_is_kept_as_nine_digits() {
    let doc = with(
        contract_example(),
        "/billing_provider/tax_id",
        json!("37-1234567"),
    );
    assert_eq!(
        parse(&doc).expect("valid").billing_provider.tax_id,
        "371234567"
    );
}

#[test]
fn given_a_tax_id_that_is_not_an_ein_when_parsed_then_it_is_refused() {
    for bad in [
        "37123456",
        "3712345678",
        "371-234567",
        "123-45-6789",
        "37-123456X",
        "",
    ] {
        let doc = with(contract_example(), "/billing_provider/tax_id", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.billing_provider.tax_id", "tax_id.format")],
            "{bad:?}"
        );
    }
}

#[test]
fn given_a_rejected_tax_id_when_reported_then_the_message_does_not_repeat_it() {
    let doc = with(
        contract_example(),
        "/billing_provider/tax_id",
        json!("123-45-6789"),
    );
    assert!(problems(&doc).iter().all(|p| !p.message.contains("6789")));
}

#[test]
fn given_a_taxonomy_code_of_the_wrong_shape_when_parsed_then_it_is_refused() {
    for bad in [
        "207Q00000",
        "207Q00000Y",
        "207q00000X",
        "207Q-0000X",
        "207Q00000XX",
    ] {
        let doc = with(contract_example(), "/billing_provider/taxonomy", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.billing_provider.taxonomy", "taxonomy.format")],
            "{bad:?}"
        );
    }
    assert!(parse(&with(
        contract_example(),
        "/billing_provider/taxonomy",
        json!("261QP2300X")
    ))
    .is_ok());
}

#[test]
fn given_a_billing_provider_address_problem_when_parsed_then_its_path_is_under_the_provider() {
    let doc = with(
        contract_example(),
        "/billing_provider/address/state",
        json!("Illinois"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.billing_provider.address.state", "state.unknown")]
    );
}

#[test]
fn given_a_rendering_provider_without_a_name_when_parsed_then_it_is_missing() {
    let doc = without(contract_example(), "/rendering_provider/last_name");
    assert_eq!(
        rejected(&doc),
        vec![at("$.rendering_provider.last_name", "field.missing")]
    );
}
