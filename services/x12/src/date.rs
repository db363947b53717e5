//! Dates between X12 `CCYYMMDD` text (and `CCYYMMDD-CCYYMMDD` ranges) and `NaiveDate`.
//!
//! X12 5010 writes dates as eight digits with no separators. Reading them by hand rather
//! than through a format string keeps the rules plain: exactly eight ASCII digits naming a
//! day that exists, nothing else.

use chrono::{Datelike, NaiveDate};

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not eight digits.
    #[error("is not a date of the form CCYYMMDD")]
    NotCcyymmdd,
    /// Eight digits, but no such day (`20230230`).
    #[error("is not a day of the calendar")]
    NoSuchDay,
    /// Not two dates joined by `-`.
    #[error("is not a date range of the form CCYYMMDD-CCYYMMDD")]
    NotRange,
}

/// Parses `CCYYMMDD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let bytes = text.as_bytes();
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(DateError::NotCcyymmdd);
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(number(0..4)).map_err(|_| DateError::NotCcyymmdd)?;
    NaiveDate::from_ymd_opt(year, number(4..6), number(6..8)).ok_or(DateError::NoSuchDay)
}

/// Parses `CCYYMMDD-CCYYMMDD` (an RD8 range) into its first and last day.
pub fn parse_date_range(text: &str) -> Result<(NaiveDate, NaiveDate), DateError> {
    let (from, to) = text.split_once('-').ok_or(DateError::NotRange)?;
    Ok((parse_date(from)?, parse_date(to)?))
}

/// Writes `CCYYMMDD`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_ccyymmdd() {
        let day = NaiveDate::from_ymd_opt(2002, 3, 14).unwrap();
        assert_eq!(parse_date("20020314"), Ok(day));
        assert_eq!(format_date(day), "20020314");
        assert_eq!(parse_date("20230230"), Err(DateError::NoSuchDay));
        for text in [
            "2002031",
            "2002-03-14",
            "020314",
            "",
            "2002031x",
            "２００２０３１４",
        ] {
            assert_eq!(parse_date(text), Err(DateError::NotCcyymmdd), "{text}");
        }
    }

    #[test]
    fn reads_ranges() {
        let (from, to) = parse_date_range("20050831-20050906").unwrap();
        assert_eq!(
            (format_date(from), format_date(to)),
            ("20050831".into(), "20050906".into())
        );
        assert_eq!(parse_date_range("20050831"), Err(DateError::NotRange));
    }
}
