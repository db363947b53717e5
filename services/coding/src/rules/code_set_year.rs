//! Rules `icd10.date_of_service` and `icd10.code_set_year`: is the loaded ICD-10-CM release the
//! one that governs the claim's dates of service?
//!
//! # Policy
//!
//! ICD-10-CM changes every October 1 (a new fiscal year) and sometimes April 1, and only one
//! release is loaded (FY2026 as updated April 1 2026, valid 2026-04-01 to 2026-09-30). For a
//! date of service:
//!
//! - before 2015-10-01: refused (`icd10.date_of_service`): ICD-9-CM applies, not ICD-10-CM;
//! - before the loaded fiscal year (2015-10-01 to 2025-09-30): refused (`icd10.code_set_year`),
//!   naming the fiscal year the date needs; codes are added, deleted and split every year, so a
//!   verdict from another year's table would be wrong in both directions;
//! - within the loaded fiscal year (2025-10-01 to 2026-09-30): checked against the loaded
//!   release, without an issue. Dates from October 2025 to March 2026 belong to the October 2025
//!   release, which the April update supersedes; the April update adds a handful of codes, and a
//!   code new in April billed for an earlier date would pass. Accepted: a practice bills its
//!   fiscal year's codes, and the alternative is refusing half the year;
//! - after the loaded release (from 2026-10-01, FY2027 and later): checked against the newest
//!   loaded release, without an issue, and the code set recorded with the claim says so
//!   ([`Reference::code_set_used`](super::Reference::code_set_used)). Refusing would block every
//!   claim from the day the next release takes effect until it is loaded, and the claims the
//!   system sees are dated around today; the record shows which were checked against an older
//!   release, so they can be rechecked once the new one is loaded.
//!
//! When a date is refused, the diagnosis rules (billable, 7th character, Excludes1, sequela) do
//! not run: their verdicts would come from the wrong code set. The issue above tells the coder
//! what to do instead.

use chrono::{Datelike, NaiveDate};
use claims_events::event::CodingIssue;

use super::reference::CodeSetWindow;
use super::{issue, CodingCheck, Reference};

/// A date of service before ICD-10-CM took effect.
pub const DATE_OF_SERVICE: &str = "icd10.date_of_service";
/// A date of service in an earlier fiscal year than the loaded code set.
pub const CODE_SET_YEAR: &str = "icd10.code_set_year";

/// How a date of service relates to the loaded release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSetFit {
    /// ICD-9-CM territory.
    BeforeIcd10,
    /// An earlier fiscal year, whose code set is not loaded.
    EarlierYear { fiscal_year: i32 },
    /// The loaded release's fiscal year.
    InEffect,
    /// After the loaded release: checked against it as the newest available.
    AfterNewest { fiscal_year: i32 },
}

/// 2015-10-01, from `claims_codes::ICD10CM_START`.
fn icd10_start() -> NaiveDate {
    let start = claims_codes::ICD10CM_START;
    NaiveDate::from_ymd_opt(
        i32::from(start.year),
        u32::from(start.month),
        u32::from(start.day),
    )
    .unwrap_or(NaiveDate::MIN)
}

/// The federal fiscal year of a date: FY2027 starts on 2026-10-01.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 10 {
        date.year() + 1
    } else {
        date.year()
    }
}

/// Where `date` falls against the loaded release.
pub fn fit(window: &CodeSetWindow, date: NaiveDate) -> CodeSetFit {
    if date < icd10_start() {
        CodeSetFit::BeforeIcd10
    } else if date < window.fiscal_year_start {
        CodeSetFit::EarlierYear {
            fiscal_year: fiscal_year(date),
        }
    } else if date <= window.valid_to {
        CodeSetFit::InEffect
    } else {
        CodeSetFit::AfterNewest {
            fiscal_year: fiscal_year(date),
        }
    }
}

/// Checks the claim's date and every line date that differs from it; returns whether the
/// loaded code set can speak for all of them.
pub(crate) fn check(
    claim: &CodingCheck<'_>,
    reference: &Reference,
    out: &mut Vec<CodingIssue>,
) -> bool {
    let mut usable = check_date(claim.service_date, "$.service_date", reference, out);
    for (i, line) in claim.coding.lines.iter().enumerate() {
        if let Some(date) = line.service_date.filter(|&d| d != claim.service_date) {
            let path = format!("$.lines[{i}].service_date");
            usable &= check_date(date, &path, reference, out);
        }
    }
    usable
}

fn check_date(
    date: NaiveDate,
    path: &str,
    reference: &Reference,
    out: &mut Vec<CodingIssue>,
) -> bool {
    let window = reference.code_set_window();
    match fit(window, date) {
        CodeSetFit::InEffect | CodeSetFit::AfterNewest { .. } => true,
        CodeSetFit::BeforeIcd10 => {
            out.push(issue(
                DATE_OF_SERVICE,
                path.to_string(),
                format!(
                    "ICD-10-CM does not apply before {}: use ICD-9-CM for the date of service {date}",
                    icd10_start()
                ),
            ));
            false
        }
        CodeSetFit::EarlierYear { fiscal_year } => {
            out.push(issue(
                CODE_SET_YEAR,
                path.to_string(),
                format!(
                    "the loaded code set is {} (valid {} to {}); the service date {date} needs \
                     FY{fiscal_year}: code it against the FY{fiscal_year} code set",
                    window.name, window.valid_from, window.valid_to
                ),
            ));
            false
        }
    }
}
