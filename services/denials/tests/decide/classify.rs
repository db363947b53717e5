//! The CARC table, code by code: given a denial's group, CARC and remarks, when it is
//! classified, then this category and recommended action.

use claims_denials::classify::{classify, is_cost_sharing, meaning};
use claims_events::event::{AdjustmentGroup, DenialCategory as C, RecommendedAction as A};

fn when(group: &str, carc: &str, remarks: &[&str]) -> (C, A) {
    let remarks: Vec<String> = remarks.iter().map(|r| r.to_string()).collect();
    let class = classify(AdjustmentGroup::from_code(group), carc, &remarks);
    assert!(class.rule.starts_with("carc-"), "{class:?} names its rule");
    (class.category, class.action)
}

#[test]
fn carc_4_a_modifier_problem_is_corrected_and_resubmitted() {
    assert_eq!(when("CO", "4", &[]), (C::Coding, A::CorrectAndResubmit));
}

#[test]
fn carc_11_a_diagnosis_procedure_mismatch_is_corrected() {
    assert_eq!(when("CO", "11", &[]), (C::Coding, A::CorrectAndResubmit));
}

#[test]
fn carc_16_missing_information_is_corrected_and_the_remark_decides_what_kind() {
    assert_eq!(
        when("CO", "16", &["MA130"]),
        (C::MissingInformation, A::CorrectAndResubmit)
    );
    assert_eq!(
        when("CO", "16", &["M127"]),
        (C::Documentation, A::CorrectAndResubmit)
    );
}

#[test]
fn carc_18_a_duplicate_is_investigated_never_resubmitted() {
    assert_eq!(
        when("OA", "18", &[]),
        (C::Duplicate, A::InvestigateDuplicate)
    );
}

#[test]
fn carc_22_another_primary_payer_means_billing_that_payer() {
    assert_eq!(
        when("OA", "22", &[]),
        (C::CoordinationOfBenefits, A::BillAnotherPayer)
    );
}

#[test]
fn carc_27_ended_coverage_bills_another_payer_or_under_pr_the_patient() {
    assert_eq!(when("CO", "27", &[]), (C::Eligibility, A::BillAnotherPayer));
    assert_eq!(when("PR", "27", &[]), (C::Eligibility, A::BillPatient));
}

#[test]
fn carc_29_timely_filing_is_appealed_with_proof() {
    assert_eq!(when("CO", "29", &[]), (C::TimelyFiling, A::Appeal));
}

#[test]
fn carc_45_over_the_fee_schedule_is_a_contractual_write_off() {
    assert_eq!(when("CO", "45", &[]), (C::Contractual, A::WriteOff));
    assert_eq!(when("PI", "45", &[]), (C::Contractual, A::WriteOff));
}

#[test]
fn carc_50_medical_necessity_is_appealed_with_records() {
    assert_eq!(
        when("CO", "50", &["N115"]),
        (C::MedicalNecessity, A::Appeal)
    );
}

#[test]
fn carc_96_non_covered_is_billed_to_the_patient_under_pr_else_written_off() {
    assert_eq!(when("PR", "96", &[]), (C::NonCovered, A::BillPatient));
    assert_eq!(when("CO", "96", &[]), (C::NonCovered, A::WriteOff));
}

#[test]
fn carc_97_bundled_is_corrected_with_a_modifier_if_distinct() {
    assert_eq!(
        when("CO", "97", &["M15"]),
        (C::Bundling, A::CorrectAndResubmit)
    );
}

#[test]
fn carc_109_the_wrong_payer_means_billing_the_right_one() {
    assert_eq!(
        when("CO", "109", &[]),
        (C::Eligibility, A::BillAnotherPayer)
    );
}

#[test]
fn carc_167_an_uncovered_diagnosis_is_appealed() {
    assert_eq!(when("CO", "167", &[]), (C::Coding, A::Appeal));
}

#[test]
fn carc_197_missing_authorization_is_appealed() {
    assert_eq!(when("CO", "197", &[]), (C::Authorization, A::Appeal));
}

#[test]
fn carc_204_not_in_the_plan_is_the_patients_under_pr() {
    assert_eq!(when("PR", "204", &[]), (C::NonCovered, A::BillPatient));
    assert_eq!(when("CO", "204", &[]), (C::NonCovered, A::WriteOff));
}

#[test]
fn carc_252_an_attachment_is_sent() {
    assert_eq!(
        when("CO", "252", &[]),
        (C::Documentation, A::CorrectAndResubmit)
    );
}

#[test]
fn an_unknown_code_goes_to_a_person() {
    let class = classify(Some(AdjustmentGroup::Contractual), "B99", &[]);
    assert_eq!(
        (class.category, class.action, class.rule),
        (C::Unclassified, A::HumanReview, "carc-unknown")
    );
}

#[test]
fn the_patients_cost_sharing_is_not_a_denial() {
    for carc in ["1", "2", "3"] {
        assert!(is_cost_sharing(
            AdjustmentGroup::PatientResponsibility,
            carc
        ));
        assert!(!is_cost_sharing(AdjustmentGroup::Contractual, carc));
    }
    assert!(!is_cost_sharing(
        AdjustmentGroup::PatientResponsibility,
        "96"
    ));
}

#[test]
fn every_code_of_the_domain_table_has_a_meaning_for_letters() {
    for carc in [
        "4", "11", "16", "18", "22", "27", "29", "45", "50", "96", "97", "109", "167", "197",
        "204", "252",
    ] {
        assert!(meaning(carc).is_some(), "CARC {carc}");
        assert_ne!(
            classify(None, carc, &[]).rule,
            "carc-unknown",
            "CARC {carc}"
        );
    }
}
