//! National Provider Identifier: ten digits whose last is a Luhn check digit.
//!
//! The check is computed over the digits prefixed with the card issuer prefix 80840 (CMS's
//! NPI standard), which is the same as adding the constant 24 to the Luhn sum of the first
//! nine digits. A typo in an NPI is the cheapest denial to prevent, so it is caught here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A National Provider Identifier whose check digit is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Npi(String);

/// Why a string is not an NPI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NpiError {
    #[error("an NPI is exactly 10 digits; `{0}` is not")]
    Format(String),
    #[error("`{0}` fails the NPI check digit (Luhn with prefix 80840): check for a typo")]
    Checksum(String),
}

impl NpiError {
    /// A stable code for receipts: `npi.format` or `npi.checksum`.
    pub fn code(&self) -> &'static str {
        match self {
            NpiError::Format(_) => "npi.format",
            NpiError::Checksum(_) => "npi.checksum",
        }
    }
}

impl Npi {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn check digit for the first nine NPI digits, with the 80840 prefix folded in.
fn check_digit(first_nine: &[u8]) -> u8 {
    let mut sum: u32 = 24;
    for (i, digit) in first_nine.iter().rev().enumerate() {
        let mut d = u32::from(digit - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - (sum % 10)) % 10) as u8
}

impl FromStr for Npi {
    type Err = NpiError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bytes = s.as_bytes();
        if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(NpiError::Format(s.to_owned()));
        }
        if check_digit(&bytes[..9]) != bytes[9] - b'0' {
            return Err(NpiError::Checksum(s.to_owned()));
        }
        Ok(Npi(s.to_owned()))
    }
}

impl TryFrom<String> for Npi {
    type Error = NpiError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Npi> for String {
    fn from(npi: Npi) -> String {
        npi.0
    }
}

impl fmt::Display for Npi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example_npis_pass() {
        // 1234567893 is CMS's worked example; the others appear in CONTRACTS.md and X12 samples.
        for good in ["1234567893", "1245319599", "1999999984"] {
            assert!(good.parse::<Npi>().is_ok(), "{good}");
        }
    }

    #[test]
    fn a_single_digit_typo_fails_the_check() {
        assert_eq!(
            "1234567890".parse::<Npi>(),
            Err(NpiError::Checksum("1234567890".into()))
        );
        assert_eq!(
            "1234567839".parse::<Npi>().map_err(|e| e.code()),
            Err("npi.checksum")
        );
    }

    #[test]
    fn wrong_shapes_are_format_errors() {
        for bad in ["", "123456789", "12345678901", "12345678a3", " 1234567893"] {
            assert!(
                matches!(bad.parse::<Npi>(), Err(NpiError::Format(_))),
                "{bad:?}"
            );
        }
    }
}
