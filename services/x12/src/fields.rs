//! Typed element access: amounts, dates and counts read from a segment, with errors that
//! name the element.
//!
//! The money and date parsers know nothing of segments; the transaction readers should not
//! have to build error messages. This is where the two meet: `seg.cents(4)` either returns
//! cents or an error reading "segment 14 (CLP): CLP04 `12.345` has more than two decimals".

use chrono::NaiveDate;

use crate::date::{parse_date, parse_date_range};
use crate::error::X12Error;
use crate::money::parse_cents;
use crate::segment::Segment;

impl Segment<'_> {
    /// Element `n` as cents, or `None` when it is empty.
    pub fn cents(&self, n: usize) -> Result<Option<i64>, X12Error> {
        self.get(n)
            .map(|text| parse_cents(text).map_err(|e| self.invalid(n, e.to_string())))
            .transpose()
    }

    /// Element `n` as cents; an error when it is empty.
    pub fn required_cents(&self, n: usize) -> Result<i64, X12Error> {
        self.required(n)?;
        self.cents(n).map(Option::unwrap_or_default)
    }

    /// Element `n` as a `CCYYMMDD` date, or `None` when it is empty.
    pub fn date(&self, n: usize) -> Result<Option<NaiveDate>, X12Error> {
        self.get(n)
            .map(|text| parse_date(text).map_err(|e| self.invalid(n, e.to_string())))
            .transpose()
    }

    /// Element `n` as a `CCYYMMDD` date; an error when it is empty.
    pub fn required_date(&self, n: usize) -> Result<NaiveDate, X12Error> {
        self.required(n)?;
        self.date(n)?
            .ok_or_else(|| self.invalid(n, "is not a date"))
    }

    /// Element `n` as a date or a range of dates, as the date-time qualifier in element
    /// `n - 1` says (`D8` one day, `RD8` a range). A single day is returned as a range of
    /// one day.
    pub fn date_period(&self, n: usize) -> Result<(NaiveDate, NaiveDate), X12Error> {
        let text = self.required(n)?;
        let qualifier = n
            .checked_sub(1)
            .map(|q| self.element(q))
            .unwrap_or_default();
        let parsed = match qualifier {
            "RD8" => parse_date_range(text),
            _ => parse_date(text).map(|d| (d, d)),
        };
        parsed.map_err(|e| self.invalid(n, e.to_string()))
    }

    /// Element `n` as a non-negative whole number (counts, positions, LX numbers), or `None`
    /// when it is empty.
    pub fn count(&self, n: usize) -> Result<Option<u32>, X12Error> {
        self.get(n)
            .map(|text| {
                text.parse::<u32>()
                    .ok()
                    .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| self.invalid(n, "is not a whole number"))
            })
            .transpose()
    }

    /// Element `n` as an owned string, or `None` when it is empty.
    pub fn text(&self, n: usize) -> Option<String> {
        self.get(n).map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use crate::delimiters::Delimiters;
    use crate::segment::Segment;

    #[test]
    fn errors_name_the_segment_the_element_and_the_value() {
        let s = Segment::parse("CLP*A*1*100*12.345", 14, Delimiters::default()).unwrap();
        let error = s.cents(4).unwrap_err();
        assert_eq!(
            error.to_string(),
            "segment 14 (CLP): CLP04 `12.345` has more than two decimals"
        );
        assert_eq!(s.cents(3).unwrap(), Some(10000));
        assert_eq!(s.cents(5).unwrap(), None);
        assert_eq!(
            s.required_cents(5).unwrap_err().to_string(),
            "segment 14 (CLP): CLP05 is required but missing"
        );
    }

    #[test]
    fn dates_and_periods() {
        let s = Segment::parse("DTP*472*RD8*20050831-20050906", 2, Delimiters::default()).unwrap();
        let (from, to) = s.date_period(3).unwrap();
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2005-08-31".into(), "2005-09-06".into())
        );
        let s = Segment::parse("DTM*472*20051340", 2, Delimiters::default()).unwrap();
        assert_eq!(
            s.date(2).unwrap_err().to_string(),
            "segment 2 (DTM): DTM02 `20051340` is not a day of the calendar"
        );
        let s = Segment::parse("LX*+1", 2, Delimiters::default()).unwrap();
        assert!(s.count(1).is_err());
    }
}
