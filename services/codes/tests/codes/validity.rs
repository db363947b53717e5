//! Billable or not, and what to write instead, for real FY2026 codes.

use claims_codes::{CodeKind, CodeSet, NotBillable, Validity};

fn icd() -> &'static CodeSet {
    CodeSet::embedded().expect("the embedded table loads")
}

#[test]
fn given_e11_9_when_validated_then_it_is_billable() {
    assert_eq!(
        icd().validate("E11.9"),
        Validity::Billable {
            code: "E11.9".into()
        }
    );
}

#[test]
fn given_a_code_without_dot_in_lower_case_when_looked_up_then_it_is_the_dotted_code() {
    let info = icd().lookup("e119").expect("E11.9 exists");
    assert_eq!(info.code, "E11.9");
    assert_eq!(
        info.description,
        "Type 2 diabetes mellitus without complications"
    );
    assert!(info.billable);
    assert_eq!(info.kind, CodeKind::Code);
    assert_eq!(info.section, "E08-E13");
    assert_eq!(icd().lookup(" E11.9 "), Some(info));
}

#[test]
fn given_category_e11_when_validated_then_not_billable_with_a_more_specific_example() {
    let verdict = icd().validate("E11");
    assert_eq!(
        verdict,
        Validity::NotBillable {
            code: "E11".into(),
            kind: CodeKind::Category,
            children_example: "E11.9".into()
        }
    );
    assert_eq!(
        verdict.to_string(),
        "E11 is a category; use a more specific code such as E11.9"
    );
    let info = icd().lookup("E11").expect("E11 exists");
    assert!(!info.billable);
    assert_eq!(
        info.not_billable,
        Some(NotBillable::HasSubdivisions {
            example: "E11.9".into()
        })
    );
}

#[test]
fn given_a_category_without_subdivisions_when_validated_then_it_is_billable() {
    assert!(icd().validate("I10").is_billable());
    assert_eq!(
        icd().lookup("I10").map(|i| i.kind),
        Some(CodeKind::Category)
    );
}

#[test]
fn given_s72_001a_when_validated_then_it_is_billable_with_the_encounter_in_its_description() {
    assert_eq!(
        icd().validate("S72.001A"),
        Validity::Billable {
            code: "S72.001A".into()
        }
    );
    let info = icd().lookup("s72001a").expect("S72.001A exists");
    assert_eq!(
        info.description,
        "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
    );
    assert_eq!(info.seventh_character.map(|s| s.character), Some('A'));
}

#[test]
fn given_s72_001_without_7th_character_when_validated_then_the_allowed_characters_are_listed() {
    let Validity::SeventhCharacterRequired { code, allowed } = icd().validate("S72.001") else {
        panic!("S72.001 needs a 7th character");
    };
    assert_eq!(code, "S72.001");
    assert!(allowed.contains(&('A', "initial encounter for closed fracture".into())));
    assert!(allowed.contains(&('S', "sequela".into())));
    assert_eq!(allowed.len(), 16);
    assert!(!icd().lookup("S72.001").expect("S72.001 exists").billable);
}

#[test]
fn given_s72_001z_when_validated_then_z_is_an_invalid_7th_character() {
    let verdict = icd().validate("S72.001Z");
    assert!(
        matches!(&verdict, Validity::InvalidSeventhCharacter { code, given: 'Z', .. } if code == "S72.001")
    );
    assert_eq!(icd().lookup("S72.001Z"), None);
}

#[test]
fn given_t36_0x1a_when_validated_then_it_is_billable() {
    assert_eq!(
        icd().validate("T36.0X1A"),
        Validity::Billable {
            code: "T36.0X1A".into()
        }
    );
    assert_eq!(
        icd().validate("t360x1a"),
        Validity::Billable {
            code: "T36.0X1A".into()
        }
    );
}

#[test]
fn given_t36_01a_without_its_placeholder_when_validated_then_t36_0x1a_is_suggested() {
    let verdict = icd().validate("T36.01A");
    assert_eq!(
        verdict,
        Validity::MissingPlaceholder {
            written: "T36.01A".into(),
            expected: "T36.0X1A".into()
        }
    );
    assert_eq!(
        verdict.to_string(),
        "T36.01A is missing its placeholder X: write T36.0X1A"
    );
}

#[test]
fn given_a_short_code_whose_padding_was_left_out_when_validated_then_the_padded_code_is_suggested()
{
    assert_eq!(
        icd().validate("S00.00A"),
        Validity::MissingPlaceholder {
            written: "S00.00A".into(),
            expected: "S00.00XA".into()
        }
    );
    assert!(icd().validate("S00.00XA").is_billable());
}

#[test]
fn given_the_placeholder_level_t36_0x_when_validated_then_it_is_not_a_code() {
    let verdict = icd().validate("T36.0X");
    assert!(
        matches!(
            &verdict,
            Validity::NotBillable {
                kind: CodeKind::Placeholder,
                ..
            }
        ),
        "{verdict:?}"
    );
}

#[test]
fn given_codes_not_in_fy2026_when_validated_then_unknown() {
    for written in ["E11.99", "Z99.99", "E12.9", "", "hello", "E11.9A"] {
        assert_eq!(
            icd().validate(written),
            Validity::Unknown {
                written: written.into()
            },
            "{written}"
        );
        assert_eq!(icd().lookup(written), None, "{written}");
    }
}

#[test]
fn given_a_new_fy2026_genetic_disorder_code_when_validated_then_it_is_billable() {
    assert!(icd().validate("QA0.0101").is_billable());
    assert_eq!(
        icd().lookup("qa00101").map(|i| i.code),
        Some("QA0.0101".into())
    );
}

#[test]
fn given_7th_character_s_when_checked_for_sequela_then_only_sequela_codes_say_so() {
    assert!(icd().is_sequela("S72.001S"));
    assert!(icd().is_sequela("T36.0X1S"));
    assert!(!icd().is_sequela("S72.001A"));
    assert!(!icd().is_sequela("E11.9"));
    assert!(!icd().is_sequela("S72.001Z"));
}
