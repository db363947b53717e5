//! One problem with an input, as every `receipt/v1` lists them
//! (docs/contracts/receipt.v1.schema.json): `{"path": "$.lines[1].charge", "code":
//! "money.decimals", "message": "…"}`.
//!
//! The people who act on a receipt fix the input by hand, so a receipt names every problem
//! at once: where it is, a stable code their software can map, and words a person can act
//! on. Messages never repeat a patient's name, birth date or member id: receipts are logged
//! and shown on dashboards, and the sender already has the values.

use serde::{Deserialize, Serialize};

/// One problem with an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where: the JSONPath of the field (`$` for the whole message), or the X12 element of
    /// an acknowledgment (`AK102`, `TRN02`).
    pub path: String,
    /// Stable and machine-readable, `<subject>.<what is wrong>` (`npi.checksum`).
    pub code: String,
    /// What is wrong and how to fix it, in words.
    pub message: String,
}

impl Problem {
    /// `path code; path code; …`: what a log line may say of refused input (messages may
    /// quote the values sent, and logs never carry patient data).
    pub fn summary(problems: &[Problem]) -> String {
        let parts: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}", p.path, p.code))
            .collect();
        parts.join("; ")
    }

    /// `code path: message; …`: the reason a refused input is kept with in `DEADLETTER`.
    pub fn reasons(problems: &[Problem]) -> String {
        let parts: Vec<String> = problems
            .iter()
            .map(|p| format!("{} {}: {}", p.code, p.path, p.message))
            .collect();
        parts.join("; ")
    }

    pub fn new(path: &str, code: &str, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}
