//! The crate's one error type. Callers meet it in two places: when the embedded table cannot be
//! read (a build problem, never the user's input) and when a date of service falls outside the
//! code set that is loaded. Code lookups do not fail: an unknown code is an answer
//! ([`crate::Validity::Unknown`]), not an error.

use std::fmt;

use crate::version::IsoDate;

/// What went wrong loading the code set or checking a date against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The table text is not in the expected format (line numbers start at 1).
    MalformedTable { line: usize, reason: String },
    /// The table's header disagrees with the code set this crate was built for, e.g. the table
    /// was regenerated from another release without updating [`crate::ICD10CM`].
    HeaderMismatch {
        field: String,
        expected: String,
        found: String,
    },
    /// A date that is not a calendar date in `YYYY-MM-DD` form.
    InvalidDate { input: String },
    /// The date of service is before ICD-10-CM replaced ICD-9-CM (2015-10-01).
    BeforeIcd10Cm { date: IsoDate },
    /// The date of service is outside the release that is loaded.
    OutsideCodeSet {
        date: IsoDate,
        code_set: &'static str,
        valid_from: IsoDate,
        valid_to: IsoDate,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MalformedTable { line, reason } => write!(f, "code table line {line}: {reason}"),
            Error::HeaderMismatch { field, expected, found } => {
                write!(f, "code table header {field} is {found:?}, expected {expected:?}")
            }
            Error::InvalidDate { input } => write!(f, "{input:?} is not a date (YYYY-MM-DD)"),
            Error::BeforeIcd10Cm { date } => write!(
                f,
                "ICD-10-CM does not apply before {}: date of service {date} must be coded in ICD-9-CM",
                crate::version::ICD10CM_START
            ),
            Error::OutsideCodeSet { date, code_set, valid_from, valid_to } => write!(
                f,
                "date of service {date} is outside the loaded code set {code_set} \
                 (valid for dates of service {valid_from} to {valid_to})"
            ),
        }
    }
}

impl std::error::Error for Error {}
