//! The rules on service lines: counts, modifiers, pointers, units and charges.

use crate::given::{a_claim, a_line, says};
use claims_coding::rules::{charges, counts, modifiers, pointers, units};

#[test]
fn given_no_diagnosis_and_no_line_when_checked_then_both_are_missing() {
    a_claim().when_checked().then_exactly(&[
        (counts::DIAGNOSIS_COUNT, "$.diagnoses"),
        (counts::LINE_COUNT, "$.lines"),
    ]);
}

#[test]
fn given_thirteen_diagnoses_when_checked_then_the_claim_is_over_the_limit() {
    let codes = [
        "E11.9", "I10", "E78.5", "J06.9", "M54.50", "R05.9", "K21.9", "F41.1", "G47.00", "N39.0",
        "R51.9", "Z79.4", "E66.9",
    ];
    let issues = a_claim()
        .with_diagnoses(&codes)
        .with_line(a_line("99213"))
        .when_checked();
    issues.then_only(counts::DIAGNOSIS_COUNT, "$.diagnoses");
}

#[test]
fn given_fifty_one_lines_when_checked_then_the_claim_must_be_split() {
    let mut claim = a_claim().with_diagnoses(&["E11.9"]);
    for _ in 0..51 {
        claim = claim.with_line(a_line("J1100"));
    }
    let issues = claim.when_checked();
    // (51 units of J1100 on one date stay within its sample MUE of 100.)
    issues.then_only(counts::LINE_COUNT, "$.lines");
}

#[test]
fn given_five_modifiers_when_checked_then_the_fifth_is_one_too_many() {
    let line = a_line("20610").modifiers(&["RT", "25", "GA", "KX", "Q6"]);
    let issues = a_claim()
        .with_diagnoses(&["M17.11"])
        .with_line(line)
        .when_checked();
    issues.then_only(modifiers::COUNT, "$.lines[0].modifiers[4]");
}

#[test]
fn given_a_repeated_modifier_when_checked_then_the_repeat_is_reported() {
    let line = a_line("20610").modifiers(&["RT", "GA", "RT"]);
    let issues = a_claim()
        .with_diagnoses(&["M17.11"])
        .with_line(line)
        .when_checked();
    let issue = issues.then_only(modifiers::DUPLICATE, "$.lines[0].modifiers[2]");
    says(&issue.message, &["RT is repeated on line 1"]);
}

#[test]
fn given_59_with_xs_on_one_line_when_checked_then_59_should_go() {
    let line = a_line("96372").modifiers(&["59", "XS"]);
    let issues = a_claim()
        .with_diagnoses(&["M17.11"])
        .with_line(line)
        .when_checked();
    let issue = issues.then_only(modifiers::NCCI_BYPASS, "$.lines[0].modifiers[0]");
    says(
        &issue.message,
        &["59 and XS are both on line 1", "remove 59"],
    );
}

#[test]
fn given_59_on_an_office_visit_when_checked_then_25_is_the_modifier_to_use() {
    let line = a_line("99213").modifiers(&["59"]);
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(line)
        .when_checked();
    let issue = issues.then_only(modifiers::NCCI_BYPASS, "$.lines[0].modifiers[0]");
    says(
        &issue.message,
        &[
            "59 does not apply to an E/M service (99213, line 1)",
            "use 25",
        ],
    );
}

#[test]
fn given_pointers_outside_the_diagnosis_list_when_checked_then_each_is_reported() {
    let line = a_line("99213").pointers(&[1, 3, 0]);
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "I10"])
        .with_line(line)
        .when_checked();
    issues.then_exactly(&[
        (pointers::RANGE, "$.lines[0].diagnosis_pointers[1]"),
        (pointers::RANGE, "$.lines[0].diagnosis_pointers[2]"),
    ]);
    says(
        issues.message(pointers::RANGE, "$.lines[0].diagnosis_pointers[1]"),
        &[
            "pointer 3 on line 1 points past the 2 diagnoses",
            "use 1 to 2",
        ],
    );
}

#[test]
fn given_a_repeated_pointer_when_checked_then_the_repeat_is_reported() {
    let line = a_line("99213").pointers(&[1, 2, 1]);
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "I10"])
        .with_line(line)
        .when_checked();
    issues.then_only(pointers::DUPLICATE, "$.lines[0].diagnosis_pointers[2]");
}

#[test]
fn given_no_pointer_or_five_when_checked_then_a_line_needs_one_to_four() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9", "I10", "E78.5", "J06.9", "R05.9"])
        .with_line(a_line("99213").pointers(&[]))
        .with_line(a_line("36415").pointers(&[1, 2, 3, 4, 5]))
        .when_checked();
    issues.then_exactly(&[
        (pointers::COUNT, "$.lines[0].diagnosis_pointers"),
        (pointers::COUNT, "$.lines[1].diagnosis_pointers"),
    ]);
}

#[test]
fn given_zero_units_when_checked_then_at_least_one_is_needed() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213").units(0))
        .when_checked();
    issues.then_only(units::POSITIVE, "$.lines[0].units");
}

#[test]
fn given_a_zero_or_negative_charge_when_checked_then_the_charge_must_be_positive() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213").charge(0))
        .with_line(a_line("36415").charge(-500))
        .when_checked();
    issues.then_exactly(&[
        (charges::POSITIVE, "$.lines[0].charge"),
        (charges::POSITIVE, "$.lines[1].charge"),
    ]);
}

#[test]
fn given_category_ii_codes_when_checked_then_zero_or_a_cent_is_right_and_a_fee_is_not() {
    let issues = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213"))
        .with_line(a_line("3044F").charge(0))
        .with_line(a_line("3074F").charge(1))
        .with_line(a_line("1036F").charge(2500))
        .when_checked();
    let issue = issues.then_only(charges::CATEGORY_II, "$.lines[3].charge");
    says(&issue.message, &["$25.00 for 1036F", "bill it at $0.00"]);
}

#[test]
fn given_a_stated_total_when_it_differs_from_the_lines_then_the_difference_is_named() {
    let claim = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213").charge(12_500))
        .with_line(a_line("36415").charge(2_000));
    claim.stating_total(14_500).when_checked().then_clean();
    let claim = a_claim()
        .with_diagnoses(&["E11.9"])
        .with_line(a_line("99213").charge(12_500))
        .with_line(a_line("36415").charge(2_000));
    let issues = claim.stating_total(15_000).when_checked();
    let issue = issues.then_only(charges::TOTAL, "$.total_charge");
    says(
        &issue.message,
        &["$150.00", "$145.00", "difference of $5.00"],
    );
}
