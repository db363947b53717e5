//! The shapes of diagnosis and procedure codes, checked where they enter the system.
//!
//! These types guarantee form only: an `Icd10Code` looks like an ICD-10-CM code, a
//! `ProcedureCode` like a CPT or HCPCS Level II code. Whether a code exists, is billable on the
//! date of service, or may be billed with another is the coding service's business, with the
//! code set loaded; the log stores what the provider documented, in its canonical form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a code was refused, in words a coder can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("`{0}` is not an ICD-10-CM code: a letter, two more characters, then up to four after a dot (E11.9, S72.001A)")]
    Icd10(String),
    #[error("`{0}` is not a procedure code: CPT is 5 characters (99213, 0001F, 0042T), HCPCS Level II a letter and 4 digits (G0439)")]
    Procedure(String),
    #[error("`{0}` is not a modifier: two letters or digits (25, 59, XS)")]
    Modifier(String),
}

/// An ICD-10-CM diagnosis code, stored with its dot (`E11.9`) and upper-case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Icd10Code(String);

impl Icd10Code {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code without its dot, as X12 HI segments carry it (`E119`).
    pub fn without_dot(&self) -> String {
        self.0.replace('.', "")
    }

    /// The three-character category (`E11` for `E11.9`).
    pub fn category(&self) -> &str {
        &self.0[..3]
    }
}

impl FromStr for Icd10Code {
    type Err = CodeError;
    /// Accepts `E11.9`, `e11.9` and `E119`; the canonical form puts the dot after three characters.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CodeError::Icd10(s.to_owned());
        let upper = s.to_ascii_uppercase();
        let compact: String = match upper.split_once('.') {
            Some((head, tail)) if head.len() == 3 && !tail.is_empty() => format!("{head}{tail}"),
            Some(_) => return Err(bad()),
            None => upper,
        };
        let b = compact.as_bytes();
        let shape_ok = (3..=7).contains(&b.len())
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && b[2].is_ascii_alphanumeric()
            && b[3..].iter().all(u8::is_ascii_alphanumeric);
        if !shape_ok {
            return Err(bad());
        }
        let canonical = if b.len() == 3 {
            compact
        } else {
            format!("{}.{}", &compact[..3], &compact[3..])
        };
        Ok(Icd10Code(canonical))
    }
}

/// What kind of procedure code a `ProcedureCode` is, from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProcedureKind {
    /// Five digits (99213).
    Cpt,
    /// Four digits and F: performance measurement (0001F).
    CptCategoryII,
    /// Four digits and T: emerging technology (0042T).
    CptCategoryIII,
    /// A letter A-V and four digits (G0439, J1100).
    HcpcsLevelII,
}

/// A CPT or HCPCS Level II procedure code. No descriptions are held: CPT text is licensed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProcedureCode(String);

impl ProcedureCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn kind(&self) -> ProcedureKind {
        let b = self.0.as_bytes();
        match (b[0], b[4]) {
            (b'0'..=b'9', b'F') => ProcedureKind::CptCategoryII,
            (b'0'..=b'9', b'T') => ProcedureKind::CptCategoryIII,
            (b'0'..=b'9', _) => ProcedureKind::Cpt,
            _ => ProcedureKind::HcpcsLevelII,
        }
    }
}

impl FromStr for ProcedureCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.to_ascii_uppercase();
        let b = upper.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let ok = b.len() == 5
            && match b[0] {
                b'0'..=b'9' => {
                    digits(0..4) && (b[4].is_ascii_digit() || b[4] == b'F' || b[4] == b'T')
                }
                b'A'..=b'V' => digits(1..5),
                _ => false,
            };
        if ok {
            Ok(ProcedureCode(upper))
        } else {
            Err(CodeError::Procedure(s.to_owned()))
        }
    }
}

/// A two-character procedure modifier (25, 59, XS, LT).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Modifier(String);

impl Modifier {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Modifier {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.to_ascii_uppercase();
        if upper.len() == 2 && upper.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Modifier(upper))
        } else {
            Err(CodeError::Modifier(s.to_owned()))
        }
    }
}

macro_rules! string_conversions {
    ($($name:ident),*) => {$(
        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

string_conversions!(Icd10Code, ProcedureCode, Modifier);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icd10_codes_take_a_canonical_dotted_form() {
        assert_eq!("E11.9".parse::<Icd10Code>().unwrap().as_str(), "E11.9");
        assert_eq!("e119".parse::<Icd10Code>().unwrap().as_str(), "E11.9");
        assert_eq!("S72001A".parse::<Icd10Code>().unwrap().as_str(), "S72.001A");
        assert_eq!("I10".parse::<Icd10Code>().unwrap().as_str(), "I10");
        assert_eq!(
            "T36.0X1A".parse::<Icd10Code>().unwrap().without_dot(),
            "T360X1A"
        );
    }

    #[test]
    fn malformed_diagnoses_are_refused() {
        for bad in [
            "",
            "E1",
            "11.9",
            "E11.",
            "E1.19",
            "E11.9999AB",
            "E11-9",
            "EE1.9",
        ] {
            assert!(bad.parse::<Icd10Code>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn procedure_codes_are_classified_by_shape() {
        let kind = |s: &str| s.parse::<ProcedureCode>().unwrap().kind();
        assert_eq!(kind("99213"), ProcedureKind::Cpt);
        assert_eq!(kind("0001F"), ProcedureKind::CptCategoryII);
        assert_eq!(kind("0042T"), ProcedureKind::CptCategoryIII);
        assert_eq!(kind("g0439"), ProcedureKind::HcpcsLevelII);
        for bad in ["9921", "992134", "W1234", "A123", "9921X", "X0001"] {
            assert!(bad.parse::<ProcedureCode>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn modifiers_are_two_characters() {
        assert_eq!("xs".parse::<Modifier>().unwrap().as_str(), "XS");
        assert!("5".parse::<Modifier>().is_err());
        assert!("591".parse::<Modifier>().is_err());
    }
}
