//! NCCI procedure-to-procedure pairs and MUE limits, given the sample tables in `data/`
//! (illustrative indicators and limits, not CMS data; see `data/README.md`).

use crate::given::{a_claim, a_line, says, Claim, Line};
use claims_coding::rules::{code_set_year, ncci, units};

fn knee_visit(lines: Vec<Line>) -> Claim {
    let mut claim = a_claim().with_diagnoses(&["M17.11", "E11.9"]);
    for line in lines {
        claim = claim.with_line(line);
    }
    claim
}

#[test]
fn given_an_indicator_0_pair_when_checked_then_no_modifier_helps() {
    for modifiers in [&[][..], &["25"][..]] {
        let issues = knee_visit(vec![
            a_line("99214").modifiers(modifiers),
            a_line("99213").modifiers(modifiers),
        ])
        .when_checked();
        let issue = issues.then_only(ncci::NAME, "$.lines[1].procedure");
        says(
            &issue.message,
            &[
                "99213 (line 2) is not paid with 99214 (line 1)",
                "modifier indicator 0",
                "no modifier bypasses",
            ],
        );
    }
}

#[test]
fn given_an_indicator_0_pair_on_different_dates_when_checked_then_it_passes() {
    knee_visit(vec![a_line("99214"), a_line("99213").on("2026-05-05")])
        .when_checked()
        .then_clean();
}

#[test]
fn given_an_indicator_0_pair_with_an_old_retroactive_deletion_when_checked_then_the_edit_in_force_wins(
) {
    let issues = knee_visit(vec![a_line("80053"), a_line("82947")]).when_checked();
    issues.then_only(ncci::NAME, "$.lines[1].procedure");
}

#[test]
fn given_an_indicator_1_pair_without_a_modifier_when_checked_then_59_or_an_x_modifier_is_suggested()
{
    let issues = knee_visit(vec![a_line("96372"), a_line("20610")]).when_checked();
    let issue = issues.then_only(ncci::NAME, "$.lines[0].procedure");
    says(
        &issue.message,
        &[
            "96372 (line 1) is bundled into 20610 (line 2)",
            "modifier indicator 1",
            "append 59, or the more specific XE, XS, XP or XU, to line 1",
        ],
    );
}

#[test]
fn given_an_indicator_1_pair_with_59_or_xs_when_checked_then_it_passes() {
    for modifier in ["59", "XS", "XE"] {
        knee_visit(vec![
            a_line("20610"),
            a_line("96372").modifiers(&[modifier]),
        ])
        .when_checked()
        .then_clean();
    }
}

#[test]
fn given_an_indicator_1_pair_with_an_office_visit_when_checked_then_25_on_the_visit_is_suggested_and_works(
) {
    let issues = knee_visit(vec![a_line("99213"), a_line("20610")]).when_checked();
    let issue = issues.then_only(ncci::NAME, "$.lines[0].procedure");
    says(
        &issue.message,
        &["append 25 to the E/M service 99213 on line 1"],
    );
    knee_visit(vec![a_line("99213").modifiers(&["25"]), a_line("20610")])
        .when_checked()
        .then_clean();
    // 25 describes an E/M service: on the procedure it shows nothing.
    let issues =
        knee_visit(vec![a_line("99213"), a_line("20610").modifiers(&["25"])]).when_checked();
    issues.then_only(ncci::NAME, "$.lines[0].procedure");
}

#[test]
fn given_an_indicator_1_pair_on_two_sites_when_checked_then_different_anatomic_modifiers_bypass_it()
{
    knee_visit(vec![
        a_line("20610").modifiers(&["LT"]),
        a_line("96372").modifiers(&["RT"]),
    ])
    .when_checked()
    .then_clean();
    let issues = knee_visit(vec![
        a_line("20610").modifiers(&["RT"]),
        a_line("96372").modifiers(&["RT"]),
    ])
    .when_checked();
    issues.then_only(ncci::NAME, "$.lines[1].procedure");
}

#[test]
fn given_indicator_9_pairs_when_checked_then_they_pass() {
    knee_visit(vec![a_line("96372"), a_line("J1100").units(4)])
        .when_checked()
        .then_clean();
    knee_visit(vec![a_line("99214"), a_line("36415")])
        .when_checked()
        .then_clean();
}

#[test]
fn given_an_edit_deleted_in_2010_when_checked_then_it_applies_only_to_dates_it_covered() {
    knee_visit(vec![a_line("99213"), a_line("36415")])
        .when_checked()
        .then_clean();
    let issues = knee_visit(vec![a_line("99213"), a_line("36415")])
        .on("2010-06-01")
        .when_checked();
    issues.then_exactly(&[
        (code_set_year::DATE_OF_SERVICE, "$.service_date"),
        (ncci::NAME, "$.lines[1].procedure"),
    ]);
}

#[test]
fn given_an_edit_effective_in_2027_when_checked_then_it_applies_only_from_then() {
    knee_visit(vec![a_line("99214"), a_line("93010")])
        .when_checked()
        .then_clean();
    let issues = knee_visit(vec![a_line("99214"), a_line("93010")])
        .on("2027-01-04")
        .when_checked();
    let issue = issues.then_only(ncci::NAME, "$.lines[0].procedure");
    says(
        &issue.message,
        &["append 25 to the E/M service 99214 on line 1"],
    );
}

#[test]
fn given_units_over_a_line_mue_when_checked_then_that_line_is_reported() {
    let issues = knee_visit(vec![a_line("20610").units(3)]).when_checked();
    let issue = issues.then_only(units::MUE, "$.lines[0].units");
    says(
        &issue.message,
        &[
            "3 units of 20610 on line 1 exceed its MUE of 2 per line",
            "another line",
        ],
    );
    // A line edit counts each line on its own.
    knee_visit(vec![
        a_line("20610").units(2).modifiers(&["RT"]),
        a_line("20610").units(2).modifiers(&["LT"]),
    ])
    .when_checked()
    .then_clean();
}

#[test]
fn given_units_over_a_date_of_service_mue_across_lines_when_checked_then_the_lines_are_counted_together(
) {
    let issues = knee_visit(vec![
        a_line("36415").units(2),
        a_line("99214"),
        a_line("36415").units(1),
    ])
    .when_checked();
    let issue = issues.then_only(units::MUE, "$.lines[0].units");
    says(
        &issue.message,
        &["3 units of 36415 on 2026-05-04 (lines 1, 3) exceed its MUE of 2 per date of service"],
    );
    // On another date they are another day's units.
    knee_visit(vec![
        a_line("36415").units(2),
        a_line("36415").units(1).on("2026-05-05"),
    ])
    .when_checked()
    .then_clean();
}

#[test]
fn given_units_over_a_policy_mue_when_checked_then_it_is_absolute() {
    let issues = knee_visit(vec![a_line("99213").units(2)]).when_checked();
    let issue = issues.then_only(units::MUE, "$.lines[0].units");
    says(&issue.message, &["absolute limit", "never paid"]);
}
