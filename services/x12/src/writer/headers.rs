//! What the writer needs to open an interchange (ISA) and a functional group (GS).
//!
//! The ISA is the one fixed-width segment in X12: its ids are padded to 15 characters and
//! its dates are two-digit years, because receivers read the delimiters from fixed byte
//! positions. These types hold the meaningful parts and produce the padded elements,
//! refusing values that do not fit rather than truncating an id.

use chrono::{Datelike, NaiveDateTime, Timelike};

use super::element::misuse;
use crate::delimiters::Delimiters;
use crate::error::X12Error;

/// Whether an interchange is test or production data (ISA15).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// `P`: real claims.
    Production,
    /// `T`: test data the receiver must not process as real.
    Test,
}

/// The parts of an ISA segment a sender chooses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterchangeHeader {
    /// ISA05, such as `ZZ` (mutually defined) or `30` (tax id).
    pub sender_qualifier: String,
    /// ISA06, at most 15 characters (padded when written).
    pub sender_id: String,
    /// ISA07.
    pub receiver_qualifier: String,
    /// ISA08, at most 15 characters.
    pub receiver_id: String,
    /// ISA09 and ISA10 (written as YYMMDD and HHMM).
    pub created: NaiveDateTime,
    /// ISA13, at most 999999999 (written with nine digits).
    pub control_number: u32,
    /// ISA14: whether the receiver should answer with a TA1.
    pub acknowledgment_requested: bool,
    /// ISA15.
    pub usage: Usage,
}

/// The parts of a GS segment a sender chooses. GS07 is always `X`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupHeader {
    /// GS01, such as `HC` for an 837.
    pub functional_id: String,
    /// GS02, the application sender's code.
    pub sender: String,
    /// GS03, the application receiver's code.
    pub receiver: String,
    /// GS04 and GS05 (written as CCYYMMDD and HHMM).
    pub created: NaiveDateTime,
    /// GS06, repeated in GE02.
    pub control_number: u32,
    /// GS08, the implementation guide, such as `005010X222A1`.
    pub version: String,
}

impl InterchangeHeader {
    /// The sixteen ISA elements, padded to their fixed widths. ISA11 is the repetition
    /// separator (`U`, the 4010 code, when the delimiters have none) and ISA16 the
    /// component separator.
    pub(crate) fn isa_elements(&self, d: &Delimiters) -> Result<Vec<String>, X12Error> {
        let fixed = |name: &str, value: &str, width: usize| {
            if value.chars().count() > width || value.is_empty() {
                Err(misuse(
                    name,
                    &format!("`{value}` must have 1 to {width} characters"),
                ))
            } else {
                Ok(format!("{value:<width$}"))
            }
        };
        if self.control_number > 999_999_999 {
            return Err(misuse(
                "ISA13",
                "the control number has at most nine digits",
            ));
        }
        let date = &self.created;
        Ok(vec![
            "00".into(),
            " ".repeat(10),
            "00".into(),
            " ".repeat(10),
            fixed("ISA05", &self.sender_qualifier, 2)?,
            fixed("ISA06", &self.sender_id, 15)?,
            fixed("ISA07", &self.receiver_qualifier, 2)?,
            fixed("ISA08", &self.receiver_id, 15)?,
            format!(
                "{:02}{:02}{:02}",
                date.year().rem_euclid(100),
                date.month(),
                date.day()
            ),
            format!("{:02}{:02}", date.hour(), date.minute()),
            d.repetition().map_or("U".into(), String::from),
            "00501".into(),
            format!("{:09}", self.control_number),
            if self.acknowledgment_requested {
                "1"
            } else {
                "0"
            }
            .into(),
            match self.usage {
                Usage::Production => "P",
                Usage::Test => "T",
            }
            .into(),
            d.component().to_string(),
        ])
    }
}

impl GroupHeader {
    /// The eight GS elements.
    pub(crate) fn gs_elements(&self) -> Vec<String> {
        let date = &self.created;
        vec![
            self.functional_id.clone(),
            self.sender.clone(),
            self.receiver.clone(),
            format!("{:04}{:02}{:02}", date.year(), date.month(), date.day()),
            format!("{:02}{:02}", date.hour(), date.minute()),
            self.control_number.to_string(),
            "X".into(),
            self.version.clone(),
        ]
    }
}
