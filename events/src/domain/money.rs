//! Money as a whole number of cents.
//!
//! Every amount in the system is an `i64` count of cents: charges, payments, adjustments and
//! balances add up exactly, and "correct to the cent" is a property of the type rather than of
//! careful rounding. Decimal strings from partners ("125.00", "18.5") are parsed here, once.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of US dollars in cents. Negative amounts exist (reversals, credits).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

/// Why a decimal string is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("`{0}` is not a decimal amount such as 125.00")]
    NotDecimal(String),
    #[error("`{0}` has more than two decimal places")]
    TooManyDecimals(String),
    #[error("`{0}` is too large")]
    Overflow(String),
}

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Cents {
        Cents(self.0.abs())
    }

    /// Parses "125", "125.5", "125.00", "-3.20" and ".75"; refuses a third decimal place
    /// instead of rounding it away.
    pub fn parse_decimal(text: &str) -> Result<Cents, MoneyError> {
        let not_decimal = || MoneyError::NotDecimal(text.to_owned());
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(not_decimal());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(not_decimal());
        }
        if digits.ends_with('.') {
            return Err(not_decimal());
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooManyDecimals(text.to_owned()));
        }
        let overflow = || MoneyError::Overflow(text.to_owned());
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| overflow())?
        };
        let fraction: i64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| not_decimal())? * 10,
            _ => fraction.parse().map_err(|_| not_decimal())?,
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(fraction))
            .ok_or_else(overflow)?;
        Ok(Cents(if negative { -cents } else { cents }))
    }

    /// "1234.50" style, always two decimals, no thousands separator: what JSON contracts use.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Cents {
    /// "$1,234.50": how amounts read in statements, audit trails and the dashboard.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let dollars = (abs / 100).to_string();
        let mut grouped = String::with_capacity(dollars.len() + dollars.len() / 3);
        for (i, digit) in dollars.chars().enumerate() {
            if i > 0 && (dollars.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

impl FromStr for Cents {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cents::parse_decimal(s)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Cents {
    fn sub_assign(&mut self, rhs: Cents) {
        self.0 -= rhs.0;
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Cents> for Cents {
    fn sum<I: Iterator<Item = &'a Cents>>(iter: I) -> Cents {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_strings_parse_to_exact_cents() {
        assert_eq!(Cents::parse_decimal("125.00"), Ok(Cents(12500)));
        assert_eq!(Cents::parse_decimal("18.5"), Ok(Cents(1850)));
        assert_eq!(Cents::parse_decimal("7"), Ok(Cents(700)));
        assert_eq!(Cents::parse_decimal(".75"), Ok(Cents(75)));
        assert_eq!(Cents::parse_decimal("-3.20"), Ok(Cents(-320)));
        assert_eq!(Cents::parse_decimal("0.01"), Ok(Cents(1)));
    }

    #[test]
    fn a_third_decimal_is_refused_not_rounded() {
        assert!(matches!(
            Cents::parse_decimal("1.005"),
            Err(MoneyError::TooManyDecimals(_))
        ));
    }

    #[test]
    fn garbage_is_refused() {
        for bad in [
            "", "-", ".", "1.", "1,00", "1e3", "abc", "1.2.3", "+5", " 5",
        ] {
            assert!(
                Cents::parse_decimal(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn amounts_display_as_dollars() {
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(Cents(-5).to_string(), "-$0.05");
        assert_eq!(Cents(45000).to_decimal_string(), "450.00");
        assert_eq!(Cents(-320).to_decimal_string(), "-3.20");
    }
}
