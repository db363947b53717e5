//! The diagnosis rules, given claims with real ICD-10-CM FY2026 codes.

use crate::given::{a_claim, a_line, date, reference, says};
use claims_coding::rules::{code_set_year, diagnosis, excludes1, sequela};

#[test]
fn given_a_billable_leaf_code_when_checked_then_it_passes() {
    a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213"))
        .when_checked()
        .then_clean();
}

#[test]
fn given_a_category_when_checked_then_it_is_not_billable_and_a_leaf_is_suggested() {
    let issues = a_claim()
        .with_diagnoses(&["E11"])
        .with_line(a_line("99213"))
        .when_checked();
    let issue = issues.then_only(diagnosis::NOT_BILLABLE, "$.diagnoses[0]");
    says(&issue.message, &["E11 is a category", "E11.9"]);
}

#[test]
fn given_a_fracture_code_with_its_seventh_character_when_checked_then_it_passes() {
    a_claim()
        .with_diagnoses(&["S72.001A"])
        .with_line(a_line("99213"))
        .when_checked()
        .then_clean();
}

#[test]
fn given_a_fracture_code_without_its_seventh_character_when_checked_then_the_choices_are_listed() {
    let issues = a_claim()
        .with_diagnoses(&["S72.001"])
        .with_line(a_line("99213"))
        .when_checked();
    let issue = issues.then_only(diagnosis::SEVENTH_CHARACTER, "$.diagnoses[0]");
    says(
        &issue.message,
        &[
            "S72.001 requires a 7th character",
            "A (initial encounter for closed fracture)",
        ],
    );
}

#[test]
fn given_a_seventh_character_the_code_does_not_take_when_checked_then_it_is_refused() {
    let issues = a_claim()
        .with_diagnoses(&["S72.001Z"])
        .with_line(a_line("99213"))
        .when_checked();
    issues.then_only(diagnosis::SEVENTH_CHARACTER, "$.diagnoses[0]");
}

#[test]
fn given_a_poisoning_code_with_its_placeholder_when_checked_then_it_passes() {
    a_claim()
        .with_diagnoses(&["T36.0X1A"])
        .with_line(a_line("99213"))
        .when_checked()
        .then_clean();
}

#[test]
fn given_a_poisoning_code_missing_its_placeholder_when_checked_then_the_right_form_is_given() {
    let issues = a_claim()
        .with_diagnoses(&["T36.01A"])
        .with_line(a_line("99213"))
        .when_checked();
    let issue = issues.then_only(diagnosis::PLACEHOLDER, "$.diagnoses[0]");
    says(
        &issue.message,
        &["T36.01A is missing its placeholder X", "T36.0X1A"],
    );
}

#[test]
fn given_a_code_that_is_not_in_the_code_set_when_checked_then_it_is_unknown() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "U99.9"])
        .with_line(a_line("99213"))
        .when_checked();
    issues.then_only(diagnosis::UNKNOWN, "$.diagnoses[1]");
}

#[test]
fn given_the_same_code_twice_when_checked_then_the_second_is_a_duplicate() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "I10", "E11.9"])
        .with_line(a_line("99213"))
        .when_checked();
    let issue = issues.then_only(diagnosis::DUPLICATE, "$.diagnoses[2]");
    says(
        &issue.message,
        &["E11.9 is listed twice (diagnoses 1 and 3)"],
    );
}

#[test]
fn given_a_sequela_as_principal_when_checked_then_the_residual_condition_must_come_first() {
    let issues = a_claim()
        .with_diagnoses(&["S72.001S"])
        .with_line(a_line("99213"))
        .when_checked();
    let issue = issues.then_only(sequela::NAME, "$.diagnoses[0]");
    says(
        &issue.message,
        &["S72.001S is a sequela", "cannot be the principal"],
    );
}

#[test]
fn given_a_sequela_after_its_residual_condition_when_checked_then_it_passes() {
    a_claim()
        .with_diagnoses(&["M25.551", "S72.001S"])
        .with_line(a_line("99213"))
        .when_checked()
        .then_clean();
}

#[test]
fn given_type_1_and_type_2_diabetes_together_when_checked_then_the_excludes1_note_is_quoted() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "I10", "E10.9"])
        .with_line(a_line("99213").pointers(&[1, 2]))
        .when_checked();
    let issue = issues.then_only(excludes1::NAME, "$.diagnoses[2]");
    says(
        &issue.message,
        &[
            "E10.9 may not be coded with E11.9 (diagnosis 1)",
            "Excludes1",
        ],
    );
}

#[test]
fn given_a_date_before_icd10_when_checked_then_icd9_is_required_and_codes_are_not_judged() {
    let issues = a_claim()
        .with_diagnoses(&["E11"])
        .with_line(a_line("99213"))
        .on("2015-09-30")
        .when_checked();
    let issue = issues.then_only(code_set_year::DATE_OF_SERVICE, "$.service_date");
    says(
        &issue.message,
        &["ICD-10-CM does not apply before 2015-10-01: use ICD-9-CM"],
    );
}

#[test]
fn given_a_date_in_an_earlier_fiscal_year_when_checked_then_the_year_needed_is_named() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213"))
        .on("2024-03-01")
        .when_checked();
    let issue = issues.then_only(code_set_year::CODE_SET_YEAR, "$.service_date");
    says(
        &issue.message,
        &[
            "the loaded code set is ICD-10-CM FY2026",
            "valid 2026-04-01 to 2026-09-30",
            "the service date 2024-03-01 needs FY2024",
        ],
    );
}

#[test]
fn given_a_line_dated_before_icd10_when_checked_then_that_line_date_is_refused() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213").on("2014-06-02"))
        .when_checked();
    issues.then_only(code_set_year::DATE_OF_SERVICE, "$.lines[0].service_date");
}

#[test]
fn given_dates_in_fy2026_before_the_april_update_when_checked_then_the_loaded_set_applies() {
    a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213"))
        .on("2025-10-01")
        .when_checked()
        .then_clean();
}

#[test]
fn given_a_date_after_the_loaded_release_when_checked_then_the_newest_set_applies_and_is_named() {
    a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213"))
        .on("2026-11-03")
        .when_checked()
        .then_clean();
    let used = reference().code_set_used(date("2026-11-03"));
    says(
        &used,
        &[
            "ICD-10-CM FY2026",
            "newest loaded",
            "2026-11-03 is in FY2027",
        ],
    );
    assert_eq!(
        reference().code_set_used(date("2026-05-04")),
        "ICD-10-CM FY2026, April 1 2026 update"
    );
}
