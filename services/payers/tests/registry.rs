//! The payer registry file, read as operators write it: the sample loads and means what it
//! says, and every kind of mistake is refused with the payer and field to fix.

use claims_payers::{ClaimFilingIndicator, MemberIdFormat, PayerRegistry, RegistryError};

const AETNA: &str = r#"
[[payer]]
id = "aetna"
name = "Aetna"
x12_payer_id = "60054"
claim_filing_indicator = "CI"
clearinghouse = "availity"
timely_filing_days = 90
follow_up_days = 30
appeal_days = 180
"#;

/// The Aetna entry with one line replaced (or, with an empty replacement, removed).
fn aetna_with(line_prefix: &str, replacement: &str) -> String {
    AETNA
        .lines()
        .map(|line| {
            if line.starts_with(line_prefix) {
                replacement
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn field_error(text: &str) -> (String, String, String) {
    match PayerRegistry::from_toml(text) {
        Err(RegistryError::Field {
            payer,
            field,
            problem,
        }) => (payer, field, problem),
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn id(s: &str) -> claims_events::PayerId {
    s.parse().expect("test payer ids are slugs")
}

#[test]
fn given_the_sample_registry_when_loaded_then_it_has_the_payers_of_the_contract_examples() {
    let registry = PayerRegistry::sample();
    for payer in [
        "medicare-il",
        "bluecross-il",
        "illinois-medicaid",
        "aetna",
        "united-healthcare",
    ] {
        assert!(
            registry.get(&id(payer)).is_some(),
            "{payer} is in the sample"
        );
    }
    assert_eq!(registry.len(), 5);
    assert!(registry
        .iter()
        .all(|p| p.clearinghouse.as_str() == "availity"));
    let indicators: Vec<_> = registry
        .iter()
        .map(|p| p.claim_filing_indicator.code())
        .collect();
    for code in ["MB", "MC", "BL", "CI"] {
        assert!(
            indicators.contains(&code),
            "{code} is used by some sample payer"
        );
    }
}

#[test]
fn given_the_sample_medicare_payer_then_it_has_medicare_deadlines_and_rules() {
    let registry = PayerRegistry::sample();
    let medicare = registry
        .get(&id("medicare-il"))
        .expect("medicare-il is in the sample");
    assert_eq!(medicare.x12_payer_id, "06102");
    assert_eq!(
        medicare.claim_filing_indicator,
        ClaimFilingIndicator::MedicarePartB
    );
    assert!(medicare.claim_filing_indicator.is_medicare());
    assert_eq!(
        (medicare.timely_filing_days, medicare.appeal_days),
        (365, 120)
    );
    assert!(medicare.requires_rendering_provider);
    assert!(!medicare.requires_group_number);
    assert_eq!(medicare.member_id_format, MemberIdFormat::Mbi);
    let bluecross = registry
        .get(&id("bluecross-il"))
        .expect("bluecross-il is in the sample");
    assert!(bluecross.requires_group_number);
}

#[test]
fn given_optional_fields_left_out_when_loaded_then_they_default_to_no_extra_rule() {
    let registry = PayerRegistry::from_toml(AETNA).expect("a minimal payer loads");
    let aetna = registry.get(&id("aetna")).expect("aetna is loaded");
    assert!(!aetna.requires_rendering_provider && !aetna.requires_group_number);
    assert_eq!(aetna.member_id_format, MemberIdFormat::Any);
    assert_eq!(registry.iter().count(), 1);
    assert!(registry.get(&id("cigna")).is_none());
}

#[test]
fn given_two_payers_with_one_id_when_loaded_then_the_duplicate_is_named() {
    let text = format!("{AETNA}\n{AETNA}");
    assert_eq!(
        PayerRegistry::from_toml(&text),
        Err(RegistryError::Duplicate("aetna".into()))
    );
}

#[test]
fn given_zero_or_negative_days_when_loaded_then_the_field_is_named() {
    let (payer, field, _) = field_error(&aetna_with("appeal_days", "appeal_days = 0"));
    assert_eq!((payer.as_str(), field.as_str()), ("aetna", "appeal_days"));
    let (_, field, _) = field_error(&aetna_with(
        "timely_filing_days",
        "timely_filing_days = -90",
    ));
    assert_eq!(field, "timely_filing_days");
    let (_, field, problem) = field_error(&aetna_with("follow_up_days", "follow_up_days = \"30\""));
    assert_eq!(
        (field.as_str(), problem.as_str()),
        ("follow_up_days", "must be a whole number of days")
    );
}

#[test]
fn given_a_follow_up_after_the_filing_limit_when_loaded_then_it_is_refused() {
    let (_, field, problem) = field_error(&aetna_with("follow_up_days", "follow_up_days = 90"));
    assert_eq!(field, "follow_up_days");
    assert!(problem.contains("timely_filing_days (90)"), "{problem}");
}

#[test]
fn given_ids_that_are_not_slugs_when_loaded_then_they_are_refused() {
    let (payer, field, _) = field_error(&aetna_with("id =", "id = \"Aetna Inc\""));
    assert_eq!((payer.as_str(), field.as_str()), ("Aetna Inc", "id"));
    let (_, field, _) = field_error(&aetna_with("clearinghouse", "clearinghouse = \"Availity\""));
    assert_eq!(field, "clearinghouse");
}

#[test]
fn given_a_payer_without_an_id_when_loaded_then_it_is_named_by_position() {
    let (payer, field, problem) = field_error(&aetna_with("id =", ""));
    assert_eq!(
        (payer.as_str(), field.as_str(), problem.as_str()),
        ("#1", "id", "is required")
    );
}

#[test]
fn given_an_unknown_claim_filing_indicator_when_loaded_then_it_is_refused() {
    let (_, field, problem) = field_error(&aetna_with(
        "claim_filing_indicator",
        "claim_filing_indicator = \"XX\"",
    ));
    assert_eq!(field, "claim_filing_indicator");
    assert!(problem.contains("SBR09"), "{problem}");
}

#[test]
fn given_a_bad_x12_payer_id_when_loaded_then_it_is_refused() {
    for bad in ["6", "600-54", ""] {
        let (_, field, _) = field_error(&aetna_with(
            "x12_payer_id",
            &format!("x12_payer_id = \"{bad}\""),
        ));
        assert_eq!(field, "x12_payer_id", "{bad:?}");
    }
}

#[test]
fn given_a_name_that_breaks_x12_when_loaded_then_it_is_refused() {
    let long = "A".repeat(61);
    for bad in ["Aetna*Health", "Aetna~", "  ", long.as_str(), "Aetna\u{e9}"] {
        let (_, field, _) = field_error(&aetna_with("name", &format!("name = \"{bad}\"")));
        assert_eq!(field, "name", "{bad:?}");
    }
}

#[test]
fn given_a_misspelt_or_mistyped_optional_field_when_loaded_then_it_is_refused() {
    let (_, field, _) = field_error(&format!("{AETNA}requires_group_numbr = true\n"));
    assert_eq!(field, "requires_group_numbr");
    let (_, field, _) = field_error(&format!("{AETNA}requires_group_number = \"yes\"\n"));
    assert_eq!(field, "requires_group_number");
    let (_, field, _) = field_error(&format!("{AETNA}member_id_format = \"hicn\"\n"));
    assert_eq!(field, "member_id_format");
}

#[test]
fn given_a_file_that_is_not_a_registry_when_loaded_then_it_is_refused() {
    assert!(matches!(
        PayerRegistry::from_toml("[[payer]\nid = "),
        Err(RegistryError::Syntax(_))
    ));
    assert_eq!(PayerRegistry::from_toml(""), Err(RegistryError::Empty));
    assert_eq!(
        PayerRegistry::from_toml(&AETNA.replace("[[payer]]", "[[payers]]")),
        Err(RegistryError::UnknownKey("payers".into()))
    );
}

#[test]
fn given_a_field_error_when_displayed_then_it_names_the_payer_and_field() {
    let error = PayerRegistry::from_toml(&aetna_with("appeal_days", "appeal_days = 0"))
        .expect_err("zero appeal days are refused");
    let text = error.to_string();
    assert!(
        text.contains("`aetna`") && text.contains("`appeal_days`"),
        "{text}"
    );
}
