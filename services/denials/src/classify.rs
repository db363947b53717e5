//! Triage by reason code: which category a denial falls in and what a biller should do
//! about it, read from one table.
//!
//! Billers reason about denials by CARC (claim adjustment reason code), qualified by the CAS
//! group (PR means the patient owes it, CO that the provider may not bill the patient) and
//! sometimes by a RARC (remark) that says what exactly is missing. The table keeps that
//! knowledge in one place a biller can read and review line by line; the first row that
//! matches wins, so specific rows come before general ones. A code no row knows is never
//! dropped: it goes to a person as `Unclassified` / `HumanReview`, with the code shown.

use claims_events::event::{AdjustmentGroup, DenialCategory, RecommendedAction};

/// What the table says about one denial reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub category: DenialCategory,
    pub action: RecommendedAction,
    /// The row that matched, recorded in `DenialTriaged.rule` so the log says why.
    pub rule: &'static str,
}

/// Which CAS groups a row applies to.
#[derive(Debug, Clone, Copy)]
enum Groups {
    Any,
    /// PR only: the payer says the patient owes it.
    Patient,
}

struct Row {
    carc: &'static str,
    groups: Groups,
    /// The row applies only if one of these remarks came with the denial (empty: always).
    remarks: &'static [&'static str],
    category: DenialCategory,
    action: RecommendedAction,
    rule: &'static str,
}

use DenialCategory as C;
use RecommendedAction as A;

const fn row(
    carc: &'static str,
    groups: Groups,
    category: DenialCategory,
    action: RecommendedAction,
    rule: &'static str,
) -> Row {
    Row {
        carc,
        groups,
        remarks: &[],
        category,
        action,
        rule,
    }
}

/// RARCs saying the payer wants records or an attachment, not a changed claim field.
const DOCUMENTATION_REMARKS: &[&str] = &["M127", "N706", "N29", "M23"];

#[rustfmt::skip]
const TABLE: &[Row] = &[
    row("4", Groups::Any, C::Coding, A::CorrectAndResubmit, "carc-4-modifier"),
    row("11", Groups::Any, C::Coding, A::CorrectAndResubmit, "carc-11-diagnosis-procedure"),
    Row { carc: "16", groups: Groups::Any, remarks: DOCUMENTATION_REMARKS, category: C::Documentation,
          action: A::CorrectAndResubmit, rule: "carc-16-records-requested" },
    row("16", Groups::Any, C::MissingInformation, A::CorrectAndResubmit, "carc-16-missing-information"),
    row("18", Groups::Any, C::Duplicate, A::InvestigateDuplicate, "carc-18-duplicate"),
    row("22", Groups::Any, C::CoordinationOfBenefits, A::BillAnotherPayer, "carc-22-other-payer-primary"),
    row("27", Groups::Patient, C::Eligibility, A::BillPatient, "carc-27-coverage-ended-patient"),
    row("27", Groups::Any, C::Eligibility, A::BillAnotherPayer, "carc-27-coverage-ended"),
    row("29", Groups::Any, C::TimelyFiling, A::Appeal, "carc-29-timely-filing"),
    row("45", Groups::Any, C::Contractual, A::WriteOff, "carc-45-fee-schedule"),
    row("50", Groups::Any, C::MedicalNecessity, A::Appeal, "carc-50-medical-necessity"),
    row("59", Groups::Any, C::Contractual, A::WriteOff, "carc-59-multiple-procedures"),
    row("96", Groups::Patient, C::NonCovered, A::BillPatient, "carc-96-non-covered-patient"),
    row("96", Groups::Any, C::NonCovered, A::WriteOff, "carc-96-non-covered"),
    row("97", Groups::Any, C::Bundling, A::CorrectAndResubmit, "carc-97-bundled"),
    row("109", Groups::Any, C::Eligibility, A::BillAnotherPayer, "carc-109-wrong-payer"),
    row("167", Groups::Any, C::Coding, A::Appeal, "carc-167-diagnosis-not-covered"),
    row("197", Groups::Any, C::Authorization, A::Appeal, "carc-197-no-authorization"),
    row("204", Groups::Patient, C::NonCovered, A::BillPatient, "carc-204-not-in-plan-patient"),
    row("204", Groups::Any, C::NonCovered, A::WriteOff, "carc-204-not-in-plan"),
    row("252", Groups::Any, C::Documentation, A::CorrectAndResubmit, "carc-252-attachment"),
    row("253", Groups::Any, C::Contractual, A::WriteOff, "carc-253-sequestration"),
];

/// What happens to a code no row knows.
pub const UNKNOWN: Classification = Classification {
    category: C::Unclassified,
    action: A::HumanReview,
    rule: "carc-unknown",
};

/// A front-end rejection (999 / 277CA): never adjudicated, so fixed and sent again.
pub const REJECTION: Classification = Classification {
    category: C::FrontEndRejection,
    action: A::CorrectAndResubmit,
    rule: "rejection-front-end",
};

/// A denial the payer gave no adjustment reason for (CLP02 4 without a CAS): a person looks.
pub const NO_REASON: Classification = Classification {
    category: C::Unclassified,
    action: A::HumanReview,
    rule: "denial-without-reason",
};

/// Classifies one CAS adjustment of a denial by its group, CARC and the claim's remarks.
pub fn classify(group: Option<AdjustmentGroup>, carc: &str, remarks: &[String]) -> Classification {
    let carc = carc.trim();
    TABLE
        .iter()
        .find(|row| {
            row.carc == carc
                && match row.groups {
                    Groups::Any => true,
                    Groups::Patient => group == Some(AdjustmentGroup::PatientResponsibility),
                }
                && (row.remarks.is_empty()
                    || remarks.iter().any(|r| row.remarks.contains(&r.trim())))
        })
        .map_or(UNKNOWN, |row| Classification {
            category: row.category,
            action: row.action,
            rule: row.rule,
        })
}

/// True for the patient's ordinary cost sharing (PR-1 deductible, PR-2 coinsurance, PR-3
/// copay): the plan working as sold, not a denial, so it is never triaged.
pub fn is_cost_sharing(group: AdjustmentGroup, carc: &str) -> bool {
    group == AdjustmentGroup::PatientResponsibility && matches!(carc.trim(), "1" | "2" | "3")
}

/// What a CARC means, in words a biller and a payer's appeals desk both recognise; `None`
/// for codes the table does not know.
pub fn meaning(carc: &str) -> Option<&'static str> {
    Some(match carc.trim() {
        "4" => "the procedure code is inconsistent with the modifier used, or a required modifier is missing",
        "11" => "the diagnosis is inconsistent with the procedure",
        "16" => "the claim lacks information or has submission or billing errors",
        "18" => "exact duplicate claim or service",
        "22" => "this care may be covered by another payer per coordination of benefits",
        "27" => "expenses incurred after coverage terminated",
        "29" => "the time limit for filing has expired",
        "45" => "the charge exceeds the fee schedule or contracted fee arrangement",
        "50" => "non-covered service because it is not deemed a medical necessity by the payer",
        "59" => "processed based on multiple or concurrent procedure rules",
        "96" => "non-covered charge",
        "97" => "the benefit for this service is included in the allowance for another service",
        "109" => "claim or service not covered by this payer; send it to the correct payer",
        "167" => "this diagnosis is not covered",
        "197" => "precertification, authorization or notification absent",
        "204" => "this service is not covered under the patient's current benefit plan",
        "252" => "an attachment or other documentation is required to adjudicate the claim",
        "253" => "sequestration: reduction in federal payment",
        _ => return None,
    })
}
