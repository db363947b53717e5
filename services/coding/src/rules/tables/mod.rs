//! The payer edit tables CMS publishes every quarter, loaded from its own files: NCCI
//! procedure-to-procedure pairs ([`NcciEdits`]) and medically unlikely edits ([`MueLimits`]).
//!
//! Both tables hold CPT codes, which are AMA-licensed: the system ships no table of its own, only
//! the small labelled samples in `services/coding/data/`, and an operator loads the quarter's
//! files. Loading is strict once the rows start: a row that cannot be read stops the load with
//! the file, line and column, because a silently skipped edit is a claim that goes out wrong.
//! The preamble CMS puts before the rows (copyright notice, column titles) is skipped.

mod csv;
mod mue;
mod ptp;

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;

pub use mue::{Adjudication, MueLimit, MueLimits};
pub use ptp::{ModifierIndicator, NcciEdits, PtpEdit};

/// Why an edit table could not be loaded. Every variant names the file; fix the file (or load
/// the right one) and load again.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{file}: cannot be read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// A row is not in the CMS layout. `line` is the physical line (from 1) where the row
    /// starts; `column` the field (from 1), named as CMS titles it.
    #[error("{file}: line {line}, column {column} ({column_name}): {reason}")]
    Row {
        file: String,
        line: usize,
        column: usize,
        column_name: &'static str,
        reason: String,
    },
    /// No row in the file looks like an edit: probably not the file meant (an Excel export, the
    /// hospital table, a change report).
    #[error("{file}: no edit rows found; expected the CMS {expected} layout")]
    NoRows {
        file: String,
        expected: &'static str,
    },
}

/// Reads a table file as text. CMS files are ASCII apart from the copyright preamble, which may
/// be Latin-1; bytes that are not UTF-8 are replaced, which only ever touches skipped lines.
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        file: path.display().to_string(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A procedure code as the tables key it: five ASCII letters or digits packed base 36 into a
/// `u32` (36^5 < 2^26), so a pair of codes is one `u64` hash key.
///
/// The tables accept any five letters or digits, wider than `ProcedureCode` (CMS lists codes
/// such as 0001A and 0001U): a row for a code the claim types cannot hold simply never matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CodeKey(u32);

impl CodeKey {
    /// The key of a five-character code, or `None` when `code` is not five letters or digits.
    pub fn parse(code: &str) -> Option<CodeKey> {
        let bytes = code.as_bytes();
        if bytes.len() != 5 {
            return None;
        }
        let mut n = 0u32;
        for &b in bytes {
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'A'..=b'Z' => b - b'A' + 10,
                b'a'..=b'z' => b - b'a' + 10,
                _ => return None,
            };
            n = n * 36 + u32::from(digit);
        }
        Some(CodeKey(n))
    }

    /// Both codes of a pair as one key, the same whichever order they come in.
    pub(crate) fn pair(a: CodeKey, b: CodeKey) -> u64 {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        (u64::from(lo.0) << 32) | u64::from(hi.0)
    }
}

impl fmt::Display for CodeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [b'0'; 5];
        let mut n = self.0;
        for slot in out.iter_mut().rev() {
            let digit = (n % 36) as u8;
            *slot = if digit < 10 {
                b'0' + digit
            } else {
                b'A' + digit - 10
            };
            n /= 36;
        }
        out.iter().try_for_each(|&b| write!(f, "{}", char::from(b)))
    }
}

/// A CMS table date, `YYYYMMDD`.
pub(crate) fn parse_yyyymmdd(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = text[4..6].parse().ok()?;
    let day = text[6..].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_keys_round_trip_and_pair_in_either_order() {
        for code in ["99213", "J1100", "0001F", "0001A", "ZZZZZ", "00000"] {
            let key = CodeKey::parse(code);
            assert_eq!(key.map(|k| k.to_string()), Some(code.to_string()));
        }
        assert_eq!(CodeKey::parse("9921"), None);
        assert_eq!(CodeKey::parse("99-13"), None);
        let (a, b) = (CodeKey::parse("99213"), CodeKey::parse("36415"));
        if let (Some(a), Some(b)) = (a, b) {
            assert_eq!(CodeKey::pair(a, b), CodeKey::pair(b, a));
        }
    }

    #[test]
    fn table_dates_are_yyyymmdd() {
        assert_eq!(
            parse_yyyymmdd("20260101"),
            NaiveDate::from_ymd_opt(2026, 1, 1)
        );
        assert_eq!(parse_yyyymmdd("20260230"), None);
        assert_eq!(parse_yyyymmdd("2026-01-01"), None);
        assert_eq!(parse_yyyymmdd("*"), None);
    }
}
