//! Everything the rules check a claim against, loaded once and shared by every check: the
//! ICD-10-CM code set, the NCCI PTP edits and the MUE limits, with the lookups the rules need
//! precomputed, so that checking a claim allocates nothing but the issues it finds.

use std::path::Path;

use chrono::NaiveDate;
use claims_codes::{CodeSet, IsoDate};

use super::billable::BillableCodes;
use super::code_set_year::{self, CodeSetFit};
use super::tables::{LoadError, MueLimits, NcciEdits};

/// The sample PTP table shipped in `data/` (illustrative, not CMS data).
pub const SAMPLE_PTP: &str = include_str!("../../data/ncci-ptp-sample.txt");
/// The sample MUE table shipped in `data/` (illustrative, not CMS data).
pub const SAMPLE_MUE: &str = include_str!("../../data/mue-sample.csv");

/// Why the reference data could not be loaded: a deployment problem, never the claim's. Fix the
/// files or the build and start again.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("the ICD-10-CM code set did not load: {0}")]
    CodeSet(#[from] claims_codes::Error),
    #[error(transparent)]
    Table(#[from] LoadError),
    #[error("the loaded code set's validity dates ({0}) are not calendar dates")]
    CodeSetDates(String),
}

/// The loaded code set's name and the dates it governs, as calendar dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSetWindow {
    /// "ICD-10-CM FY2026, April 1 2026 update".
    pub name: &'static str,
    pub fiscal_year: i32,
    /// First day of the fiscal year (October 1 of the year before).
    pub fiscal_year_start: NaiveDate,
    /// First and last dates of service of this release (an April update starts in April).
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// The code set and payer edit tables, with their precomputed lookups.
#[derive(Debug)]
pub struct Reference {
    code_set: &'static CodeSet,
    window: CodeSetWindow,
    billable: BillableCodes,
    ncci: NcciEdits,
    mue: MueLimits,
}

impl Reference {
    /// Builds the lookups over a code set and edit tables (about 20 ms for the billable-code
    /// index of the full code set).
    pub fn new(
        code_set: &'static CodeSet,
        ncci: NcciEdits,
        mue: MueLimits,
    ) -> Result<Reference, ReferenceError> {
        let version = code_set.version();
        let date = |d: IsoDate| {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| ReferenceError::CodeSetDates(version.name.to_string()))
        };
        let window = CodeSetWindow {
            name: version.name,
            fiscal_year: i32::from(version.fiscal_year),
            fiscal_year_start: date(version.fiscal_year_start)?,
            valid_from: date(version.valid_from)?,
            valid_to: date(version.valid_to)?,
        };
        Ok(Reference {
            code_set,
            window,
            billable: BillableCodes::of(code_set),
            ncci,
            mue,
        })
    }

    /// The embedded ICD-10-CM code set with the sample edit tables from `data/`: for tests,
    /// demos and benchmarks. The samples are not CMS's edits; production loads the quarter's
    /// files with [`Reference::load`].
    pub fn embedded() -> Result<Reference, ReferenceError> {
        let ncci = NcciEdits::parse("data/ncci-ptp-sample.txt", SAMPLE_PTP)?;
        let mue = MueLimits::parse("data/mue-sample.csv", SAMPLE_MUE)?;
        Reference::new(CodeSet::embedded()?, ncci, mue)
    }

    /// The embedded code set with the CMS quarterly files: the practitioner PTP files (f1 to
    /// f4) and the practitioner MUE CSV.
    pub fn load<P: AsRef<Path>>(
        ptp_files: &[P],
        mue_file: &Path,
    ) -> Result<Reference, ReferenceError> {
        let ncci = NcciEdits::from_files(ptp_files)?;
        let mue = MueLimits::from_file(mue_file)?;
        Reference::new(CodeSet::embedded()?, ncci, mue)
    }

    pub fn code_set(&self) -> &'static CodeSet {
        self.code_set
    }

    pub fn code_set_window(&self) -> &CodeSetWindow {
        &self.window
    }

    pub fn ncci(&self) -> &NcciEdits {
        &self.ncci
    }

    pub fn mue(&self) -> &MueLimits {
        &self.mue
    }

    /// The code set a claim with this date of service is checked against, as `ClaimCoded` and
    /// `CodingIssuesFound` record it. A date after the loaded release is checked against it
    /// (see [`code_set_year`]) and the name says so:
    /// "ICD-10-CM FY2026, April 1 2026 update (newest loaded; date of service 2026-11-03 is in
    /// FY2027)".
    pub fn code_set_used(&self, service_date: NaiveDate) -> String {
        match code_set_year::fit(&self.window, service_date) {
            CodeSetFit::AfterNewest { fiscal_year } => format!(
                "{} (newest loaded; date of service {service_date} is in FY{fiscal_year})",
                self.window.name
            ),
            _ => self.window.name.to_string(),
        }
    }

    pub(crate) fn billable(&self) -> &BillableCodes {
        &self.billable
    }

    /// Number of billable codes indexed (7th-character codes included).
    pub fn billable_code_count(&self) -> usize {
        self.billable.len()
    }
}
