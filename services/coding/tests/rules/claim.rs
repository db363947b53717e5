//! Whole claims: a clean one passes, a bad one gets every issue at once, and the rule names are
//! the stable list a worklist groups by.

use std::collections::HashSet;

use crate::given::{a_claim, a_line, date, reference};
use claims_coding::rules::{self, check_claim, RULES};

#[test]
fn given_a_clean_office_visit_with_a_knee_injection_when_checked_then_there_are_no_issues() {
    a_claim()
        .with_diagnoses(&["M17.11", "E11.9", "I10", "T36.0X1A", "S72.001A"])
        .with_line(
            a_line("99214")
                .modifiers(&["25"])
                .pointers(&[2, 3])
                .charge(18_500),
        )
        .with_line(a_line("20610").modifiers(&["RT"]).charge(21_000))
        .with_line(a_line("J1100").units(4).charge(1_200))
        .with_line(a_line("36415").pointers(&[2]).charge(1_500))
        .with_line(a_line("82947").pointers(&[2]).charge(900))
        .with_line(a_line("3044F").pointers(&[2]).charge(0))
        .stating_total(43_100)
        .when_checked()
        .then_clean();
}

#[test]
fn given_a_claim_with_many_faults_when_checked_then_every_issue_is_reported_at_once() {
    let issues = a_claim()
        .with_diagnoses(&["S72.001S", "E11", "T36.01A", "E11.9", "E10.9"])
        .with_line(a_line("99214").modifiers(&["59"]).pointers(&[1, 9]))
        .with_line(a_line("99213").units(2).charge(0))
        .with_line(
            a_line("96372")
                .modifiers(&["XS", "XS"])
                .pointers(&[2, 2])
                .units(0),
        )
        .stating_total(1)
        .when_checked();
    issues.then_exactly(&[
        (rules::diagnosis::NOT_BILLABLE, "$.diagnoses[1]"),
        (rules::diagnosis::PLACEHOLDER, "$.diagnoses[2]"),
        (rules::sequela::NAME, "$.diagnoses[0]"),
        // E10.9 conflicts with the category E11 as with its leaf E11.9: both pairs are named.
        (rules::excludes1::NAME, "$.diagnoses[4]"),
        (rules::excludes1::NAME, "$.diagnoses[4]"),
        (rules::modifiers::NCCI_BYPASS, "$.lines[0].modifiers[0]"),
        (rules::modifiers::DUPLICATE, "$.lines[2].modifiers[1]"),
        (rules::pointers::RANGE, "$.lines[0].diagnosis_pointers[1]"),
        (
            rules::pointers::DUPLICATE,
            "$.lines[2].diagnosis_pointers[1]",
        ),
        (rules::units::POSITIVE, "$.lines[2].units"),
        (rules::units::MUE, "$.lines[1].units"),
        (rules::ncci::NAME, "$.lines[1].procedure"),
        (rules::charges::POSITIVE, "$.lines[1].charge"),
        (rules::charges::TOTAL, "$.total_charge"),
    ]);
    for issue in &issues.0 {
        assert!(!issue.message.is_empty());
        assert!(
            RULES.contains(&issue.rule.as_str()),
            "{} is not in RULES",
            issue.rule
        );
    }
}

#[test]
fn given_the_rule_list_then_names_are_unique_and_namespaced() {
    let unique: HashSet<&str> = RULES.iter().copied().collect();
    assert_eq!(unique.len(), RULES.len());
    for name in RULES {
        let (area, rule) = name.split_once('.').unwrap_or_default();
        assert!(
            !area.is_empty()
                && !rule.is_empty()
                && name.bytes().all(|b| b.is_ascii_lowercase()
                    || b == b'.'
                    || b == b'_'
                    || b.is_ascii_digit()),
            "{name}"
        );
    }
}

#[test]
fn given_the_plain_entry_point_when_checked_then_it_matches_the_check_without_a_stated_total() {
    let claim = a_claim()
        .with_diagnoses(&["E11"])
        .with_line(a_line("99213"));
    let plain = check_claim(&claim.coding, date(crate::given::IN_FY2026), reference());
    assert_eq!(plain, claim.when_checked().0);
    assert_eq!(plain.len(), 1);
}
