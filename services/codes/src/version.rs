//! Which ICD-10-CM release is loaded and which dates of service it governs. Codes are valid
//! for a date of service, not in the abstract: a claim dated before 2015-10-01 is ICD-9-CM
//! territory, and each fiscal year (and April update) adds and deletes codes. A coding rule uses
//! [`CodeSetVersion::check_date_of_service`] to refuse dates the loaded table cannot speak for.

use std::fmt;

use crate::Error;

/// A calendar date (no time zone: dates of service are local calendar dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl IsoDate {
    /// A date from its parts; `None` when it is not a calendar date.
    pub const fn new(year: u16, month: u8, day: u8) -> Option<IsoDate> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days {
            return None;
        }
        Some(IsoDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<IsoDate, Error> {
        let invalid = || Error::InvalidDate {
            input: text.to_string(),
        };
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(invalid());
        };
        IsoDate::new(y, m, d).ok_or_else(invalid)
    }

    const fn ymd(year: u16, month: u8, day: u8) -> IsoDate {
        IsoDate { year, month, day }
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// First date of service coded in ICD-10-CM in the United States.
pub const ICD10CM_START: IsoDate = IsoDate::ymd(2015, 10, 1);

/// Identity and validity window of one ICD-10-CM release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSetVersion {
    /// Human name, as recorded in the table header.
    pub name: &'static str,
    /// Federal fiscal year of the code set (FY2026 runs 2025-10-01 to 2026-09-30).
    pub fiscal_year: u16,
    /// First day of that fiscal year.
    pub fiscal_year_start: IsoDate,
    /// First date of service this release applies to.
    pub valid_from: IsoDate,
    /// Last date of service this release applies to.
    pub valid_to: IsoDate,
}

/// The release embedded in this crate: the FY2026 code set as updated on April 1 2026. It
/// governs dates of service 2026-04-01 to 2026-09-30; FY2026 dates from 2025-10-01 to
/// 2026-03-31 belong to the October 1 2025 release, which this table supersedes.
pub const ICD10CM: CodeSetVersion = CodeSetVersion {
    name: "ICD-10-CM FY2026, April 1 2026 update",
    fiscal_year: 2026,
    fiscal_year_start: IsoDate::ymd(2025, 10, 1),
    valid_from: IsoDate::ymd(2026, 4, 1),
    valid_to: IsoDate::ymd(2026, 9, 30),
};

impl CodeSetVersion {
    /// Whether this release governs `date` of service: an error says why not (before
    /// ICD-10-CM existed, or another release's window), naming the loaded code set.
    pub fn check_date_of_service(&self, date: IsoDate) -> Result<(), Error> {
        if date < ICD10CM_START {
            return Err(Error::BeforeIcd10Cm { date });
        }
        if date < self.valid_from || date > self.valid_to {
            return Err(Error::OutsideCodeSet {
                date,
                code_set: self.name,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_dates_when_parsed_then_only_calendar_dates_are_accepted() {
        assert_eq!(IsoDate::parse("2026-04-01"), Ok(IsoDate::ymd(2026, 4, 1)));
        assert!(IsoDate::parse("2026-02-29").is_err());
        assert!(IsoDate::parse("2024-02-29").is_ok());
        assert!(IsoDate::parse("2026-4-1").is_err());
        assert!(IsoDate::parse("2026-04-01-01").is_err());
    }

    #[test]
    fn given_a_date_before_october_2015_when_checked_then_icd10_does_not_apply() {
        let err = ICD10CM.check_date_of_service(IsoDate::ymd(2015, 9, 30));
        assert_eq!(
            err,
            Err(Error::BeforeIcd10Cm {
                date: IsoDate::ymd(2015, 9, 30)
            })
        );
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("ICD-10-CM does not apply before 2015-10-01"),
            "{message}"
        );
    }

    #[test]
    fn given_dates_around_the_release_window_when_checked_then_only_the_window_passes() {
        assert!(ICD10CM
            .check_date_of_service(IsoDate::ymd(2026, 4, 1))
            .is_ok());
        assert!(ICD10CM
            .check_date_of_service(IsoDate::ymd(2026, 9, 30))
            .is_ok());
        let before = ICD10CM.check_date_of_service(IsoDate::ymd(2026, 3, 31));
        assert!(matches!(before, Err(Error::OutsideCodeSet { .. })));
        assert!(ICD10CM
            .check_date_of_service(IsoDate::ymd(2026, 10, 1))
            .is_err());
    }
}
