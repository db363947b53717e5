//! Coverage checked before billing: no answer on file waits, an answer about someone else
//! waits, coverage not in force on a date of service stops the claim (CARC 26/27/109), and
//! everything else is confirmed. Reasons name payers and dates, never a person's details.

use crate::helpers::*;
use claims_events::sample;
use claims_registration::intake::{
    check_coverage, CoverageCheck, EligibilityRecord, EligibilityStatus,
};

fn on_file() -> EligibilityRecord {
    EligibilityRecord {
        payer_id: "medicare-il".parse().expect("slug"),
        member_id: "1EG4TE5MK73".into(),
        first_name: "ADA".into(),
        last_name: "EXAMPLE".into(),
        birth_date: date("1961-04-09"),
        plan: "Medicare Part B".into(),
        status: EligibilityStatus::Active,
        coverage_start: date("2026-01-01"),
        coverage_end: None,
    }
}

fn pending_reason(check: CoverageCheck) -> String {
    match check {
        CoverageCheck::Pending { reason } => reason,
        other => panic!("expected pending, got {other:?}"),
    }
}

fn lapsed_reason(check: CoverageCheck) -> String {
    match check {
        CoverageCheck::Lapsed { reason, .. } => reason,
        other => panic!("expected lapsed, got {other:?}"),
    }
}

#[test]
fn given_active_coverage_over_the_date_of_service_when_checked_then_it_is_confirmed() {
    let check = check_coverage(&sample::encounter("p", "e"), Some(&on_file()));
    assert_eq!(
        check,
        CoverageCheck::Confirmed {
            plan: "Medicare Part B".into(),
            start: date("2026-01-01"),
            end: None
        }
    );
}

#[test]
fn given_no_eligibility_on_file_when_checked_then_it_is_pending_naming_the_payer() {
    let reason = pending_reason(check_coverage(&sample::encounter("p", "e"), None));
    assert_eq!(
        reason,
        "no eligibility on file for this member with medicare-il"
    );
}

#[test]
fn given_inactive_coverage_when_checked_then_it_lapsed_with_the_dates_on_file() {
    let record = EligibilityRecord {
        status: EligibilityStatus::Inactive,
        ..on_file()
    };
    let check = check_coverage(&sample::encounter("p", "e"), Some(&record));
    assert!(
        matches!(check, CoverageCheck::Lapsed { start, end: None, .. } if start == date("2026-01-01"))
    );
    let reason = lapsed_reason(check);
    assert!(
        reason.contains("inactive") && reason.contains("2026-01-01"),
        "{reason}"
    );
}

#[test]
fn given_a_visit_after_coverage_ended_when_checked_then_it_lapsed_naming_both_dates() {
    let record = EligibilityRecord {
        coverage_end: Some(date("2026-10-31")),
        ..on_file()
    };
    let reason = lapsed_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
    assert!(
        reason.contains("2026-11-20") && reason.contains("ended on 2026-10-31"),
        "{reason}"
    );
}

#[test]
fn given_a_visit_before_coverage_began_when_checked_then_it_lapsed() {
    let record = EligibilityRecord {
        coverage_start: date("2026-12-01"),
        ..on_file()
    };
    let reason = lapsed_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
    assert!(reason.contains("began on 2026-12-01"), "{reason}");
}

#[test]
fn given_a_line_served_after_coverage_ended_when_checked_then_it_lapsed() {
    let mut encounter = sample::encounter("p", "e");
    encounter.coding.lines[1].service_date = Some(date("2026-11-25"));
    let record = EligibilityRecord {
        coverage_end: Some(date("2026-11-22")),
        ..on_file()
    };
    let reason = lapsed_reason(check_coverage(&encounter, Some(&record)));
    assert!(reason.contains("2026-11-25"), "{reason}");
    let record = EligibilityRecord {
        coverage_end: Some(date("2026-11-25")),
        ..on_file()
    };
    assert!(
        matches!(
            check_coverage(&encounter, Some(&record)),
            CoverageCheck::Confirmed { .. }
        ),
        "the last day is covered"
    );
}

#[test]
fn given_a_record_for_someone_else_when_checked_then_it_is_pending_naming_fields_not_values() {
    let record = EligibilityRecord {
        last_name: "Exemple".into(),
        birth_date: date("1961-04-10"),
        ..on_file()
    };
    let reason = pending_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
    assert!(
        reason.contains("last name") && reason.contains("birth date"),
        "{reason}"
    );
    assert!(!reason.contains("first name"), "{reason}");
    for phi in [
        "Exemple",
        "Example",
        "EXAMPLE",
        "1961",
        "1EG4TE5MK73",
        "Ada",
    ] {
        assert!(!reason.contains(phi), "{reason} must not contain {phi}");
    }
}

#[test]
fn given_names_that_differ_only_in_case_punctuation_or_a_middle_initial_when_checked_then_they_match(
) {
    let mut encounter = sample::encounter("p", "e");
    encounter.patient.last_name = "O'Brien".into();
    let record = EligibilityRecord {
        first_name: "ADA M".into(),
        last_name: "OBRIEN".into(),
        ..on_file()
    };
    assert!(matches!(
        check_coverage(&encounter, Some(&record)),
        CoverageCheck::Confirmed { .. }
    ));
}

#[test]
fn given_a_record_about_the_insured_of_a_dependent_when_checked_then_it_matches() {
    let encounter = parse(&dependent_example()).expect("valid");
    let insured = EligibilityRecord {
        payer_id: "bluecross-il".parse().expect("slug"),
        member_id: "XOF912345678".into(),
        first_name: "Tom".into(),
        last_name: "Example".into(),
        birth_date: date("1984-02-29"),
        plan: "Blue Choice PPO".into(),
        ..on_file()
    };
    assert!(matches!(
        check_coverage(&encounter, Some(&insured)),
        CoverageCheck::Confirmed { .. }
    ));
    let patient = EligibilityRecord {
        first_name: "Lily".into(),
        birth_date: date("2016-08-14"),
        ..insured.clone()
    };
    assert!(matches!(
        check_coverage(&encounter, Some(&patient)),
        CoverageCheck::Confirmed { .. }
    ));
    let neither = EligibilityRecord {
        first_name: "Tim".into(),
        ..insured
    };
    let reason = pending_reason(check_coverage(&encounter, Some(&neither)));
    assert!(reason.contains("subscriber's first name"), "{reason}");
}

#[test]
fn given_a_record_from_another_payer_or_member_when_checked_then_it_is_pending() {
    let record = EligibilityRecord {
        payer_id: "aetna".parse().expect("slug"),
        ..on_file()
    };
    let reason = pending_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
    assert!(
        reason.contains("aetna") && reason.contains("medicare-il"),
        "{reason}"
    );
    let record = EligibilityRecord {
        member_id: "9ZZ9ZZ9ZZ99".into(),
        ..on_file()
    };
    let reason = pending_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
    assert!(
        reason.contains("member id") && !reason.contains("9ZZ9"),
        "{reason}"
    );
}

#[test]
fn given_a_record_for_someone_else_that_is_also_inactive_when_checked_then_identity_comes_first() {
    let record = EligibilityRecord {
        first_name: "Bob".into(),
        status: EligibilityStatus::Inactive,
        ..on_file()
    };
    pending_reason(check_coverage(&sample::encounter("p", "e"), Some(&record)));
}
