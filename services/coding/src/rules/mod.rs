//! The coding rules: a claim's diagnoses and service lines checked against the ICD-10-CM code
//! set and the CMS payer edits, every problem reported at once.
//!
//! [`check_claim`] (or [`CodingCheck::run`], which also takes a stated claim total) is a pure
//! function of the claim, its date of service and the loaded [`Reference`]: no I/O, no clock.
//! Each rule has a stable name a worklist can group by; an issue carries that name, where on
//! the claim it is (a JSON path into `ClaimCoding`, 0-based: `$.lines[1].modifiers[0]`) and a
//! message a coder can act on, which counts lines and diagnoses from 1 as the claim form does.
//!
//! # Layout
//!
//! - [`reference`](mod@reference): the code set and edit tables, with precomputed lookups;
//!   [`tables`]: the CMS NCCI PTP and MUE file loaders.
//! - one module per concern, each naming its rules: [`counts`] (`diagnosis.count`,
//!   `line.count`), [`code_set_year`] (`icd10.date_of_service`, `icd10.code_set_year`, and the
//!   policy for dates outside the loaded release), [`diagnosis`] (`icd10.not_billable`,
//!   `icd10.seventh_character`, `icd10.placeholder`, `icd10.unknown`, `diagnosis.duplicate`),
//!   [`sequela`], [`excludes1`], [`modifiers`], [`pointers`], [`units`] (`units.positive`,
//!   `mue.units`), [`ncci`] and [`charges`].
//!
//! Procedure and modifier shapes need no rule: `ProcedureCode` and `Modifier` cannot hold a
//! malformed code. A diagnosis no line points at is not an issue either: the 837P carries up to
//! twelve diagnoses and lines point at up to four each, and conditions that affect care without
//! being a line's reason belong on the claim.

mod billable;
pub mod charges;
pub mod code_set_year;
pub mod counts;
pub mod diagnosis;
pub mod excludes1;
mod int_hash;
pub mod modifiers;
pub mod ncci;
mod ncci_modifiers;
pub mod pointers;
pub mod reference;
pub mod sequela;
pub mod tables;
pub mod units;

use chrono::NaiveDate;
use claims_events::event::CodingIssue;
use claims_events::{Cents, ClaimCoding, ServiceLine};

pub use reference::{CodeSetWindow, Reference, ReferenceError};

/// Every rule's stable name, in the order issues are reported.
pub const RULES: &[&str] = &[
    counts::DIAGNOSIS_COUNT,
    counts::LINE_COUNT,
    code_set_year::DATE_OF_SERVICE,
    code_set_year::CODE_SET_YEAR,
    diagnosis::NOT_BILLABLE,
    diagnosis::SEVENTH_CHARACTER,
    diagnosis::PLACEHOLDER,
    diagnosis::UNKNOWN,
    diagnosis::DUPLICATE,
    sequela::NAME,
    excludes1::NAME,
    modifiers::COUNT,
    modifiers::DUPLICATE,
    modifiers::NCCI_BYPASS,
    pointers::COUNT,
    pointers::RANGE,
    pointers::DUPLICATE,
    units::POSITIVE,
    units::MUE,
    ncci::NAME,
    charges::POSITIVE,
    charges::CATEGORY_II,
    charges::TOTAL,
];

/// A claim's coding as checked: the codes, the claim's date of service, and the total the
/// practice stated, if it stated one.
#[derive(Debug, Clone, Copy)]
pub struct CodingCheck<'a> {
    pub coding: &'a ClaimCoding,
    /// The claim's date of service; a line's own date, when it has one, overrides it.
    pub service_date: NaiveDate,
    /// The total charge as the practice sent it; `None` when the total is derived from the
    /// lines (then `charge.total` has nothing to compare).
    pub stated_total: Option<Cents>,
}

impl<'a> CodingCheck<'a> {
    pub fn new(coding: &'a ClaimCoding, service_date: NaiveDate) -> CodingCheck<'a> {
        CodingCheck {
            coding,
            service_date,
            stated_total: None,
        }
    }

    /// The same check, comparing the lines' sum with the total the practice stated.
    pub fn with_stated_total(self, total: Cents) -> CodingCheck<'a> {
        CodingCheck {
            stated_total: Some(total),
            ..self
        }
    }

    /// Every issue on the claim, empty when it is clean: grouped by concern in the order of
    /// [`RULES`], and within a concern by position on the claim.
    pub fn run(&self, reference: &Reference) -> Vec<CodingIssue> {
        let mut out = Vec::new();
        counts::check(self, &mut out);
        let code_set_applies = code_set_year::check(self, reference, &mut out);
        if code_set_applies {
            diagnosis::check_codes(self, reference, &mut out);
        }
        diagnosis::check_duplicates(self, &mut out);
        if code_set_applies {
            sequela::check(self, reference, &mut out);
            excludes1::check(self, reference, &mut out);
        }
        modifiers::check(self, &mut out);
        pointers::check(self, &mut out);
        units::check(self, reference, &mut out);
        ncci::check(self, reference, &mut out);
        charges::check(self, &mut out);
        out
    }

    /// The date of service of `line`: its own, or the claim's.
    pub fn line_date(&self, line: &ServiceLine) -> NaiveDate {
        line.service_date.unwrap_or(self.service_date)
    }

    /// The lines rules that compare lines with each other look at: at most [`counts::MAX_LINES`],
    /// so a claim with thousands of lines (refused by `line.count`) costs no more than a full
    /// one.
    pub(crate) fn compared_lines(&self) -> &'a [ServiceLine] {
        let lines = &self.coding.lines;
        &lines[..lines.len().min(counts::MAX_LINES)]
    }
}

/// Checks a claim's coding for the date of service against `reference`: every issue at once,
/// empty when clean. The claim total is taken as the sum of the lines; to compare a stated
/// total, use [`CodingCheck::with_stated_total`].
pub fn check_claim(
    coding: &ClaimCoding,
    service_date: NaiveDate,
    reference: &Reference,
) -> Vec<CodingIssue> {
    CodingCheck::new(coding, service_date).run(reference)
}

pub(crate) fn issue(rule: &'static str, path: String, message: String) -> CodingIssue {
    CodingIssue {
        rule: rule.to_string(),
        path,
        message,
    }
}
