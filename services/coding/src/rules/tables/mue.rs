//! Medically unlikely edits (MUE): the most units of a code one practitioner would report for one
//! patient on one date of service under most circumstances.
//!
//! # The CMS file
//!
//! The practitioner table is a CSV file (`MCR_MUE_PractitionerServices_Eff_MM-DD-YYYY.csv`): a
//! preamble (the AMA copyright notice as one quoted multi-line cell), the header row, then one
//! code per row with four fields:
//!
//! | # | CMS title | content |
//! |---|---|---|
//! | 1 | HCPCS/CPT Code | the code |
//! | 2 | Practitioner Services MUE Values | the limit, a whole number of units (0 exists) |
//! | 3 | MUE Adjudication Indicator | `1 Line Edit`, `2 Date of Service Edit: Policy` or `3 Date of Service Edit: Clinical` (only the digit counts) |
//! | 4 | MUE Rationale | short text ("Anatomic Consideration", "CMS Policy") |
//!
//! The file carries no dates: it is the quarter named in its file name, and the operator loads
//! the quarter in force. Some MUE values are confidential and absent; a code without a row has
//! no limit here.

use std::collections::HashMap;
use std::path::Path;

use super::csv::{self, Record};
use super::{read_text, CodeKey, LoadError};
use crate::rules::int_hash::IntMap;

const COLUMNS: [&str; 4] = [
    "HCPCS/CPT Code",
    "Practitioner Services MUE Values",
    "MUE Adjudication Indicator",
    "MUE Rationale",
];

/// How the limit is applied (CMS's "MAI").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Adjudication {
    /// `1`: per claim line. Units beyond it may be reported on another line with a modifier
    /// (76, 77, 91, anatomic) when they were medically necessary.
    Line,
    /// `2`: per date of service, all lines together; an absolute limit set by policy, which
    /// no appeal lifts.
    DateOfServicePolicy,
    /// `3`: per date of service, all lines together; units beyond it are paid only on appeal
    /// with documentation of medical necessity.
    DateOfServiceClinical,
}

impl Adjudication {
    /// True when the limit counts every line of the code on one date of service together.
    pub fn per_date_of_service(self) -> bool {
        !matches!(self, Adjudication::Line)
    }
}

/// One code's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MueLimit {
    pub units: u32,
    pub adjudication: Adjudication,
    pub rationale: String,
}

/// The loaded MUE table, by code.
#[derive(Default)]
pub struct MueLimits {
    limits: IntMap<CodeKey, MueLimit>,
}

impl MueLimits {
    /// Reads the CMS practitioner MUE CSV file.
    pub fn from_file(path: &Path) -> Result<MueLimits, LoadError> {
        MueLimits::parse(&path.display().to_string(), &read_text(path)?)
    }

    /// Reads the text of an MUE CSV file; `source` names it in errors.
    pub fn parse(source: &str, text: &str) -> Result<MueLimits, LoadError> {
        let records = csv::records(text).map_err(|line| LoadError::Row {
            file: source.to_string(),
            line,
            column: 1,
            column_name: COLUMNS[0],
            reason: "a quoted field is never closed".to_string(),
        })?;
        let mut limits = IntMap::default();
        let mut first_line: HashMap<CodeKey, usize> = HashMap::new();
        let mut in_rows = false;
        for record in &records {
            let first = record.fields.first().map_or("", |f| f.trim());
            if !in_rows {
                // The preamble ends at the first record that starts with a code.
                if record.fields.len() < 3 || CodeKey::parse(first).is_none() {
                    continue;
                }
                in_rows = true;
            }
            if record.fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let bad = |column: usize, reason: String| LoadError::Row {
                file: source.to_string(),
                line: record.line,
                column: column + 1,
                column_name: COLUMNS[column],
                reason,
            };
            let (code, limit) = row(record).map_err(|(column, reason)| bad(column, reason))?;
            if let Some(earlier) = first_line.insert(code, record.line) {
                return Err(bad(
                    0,
                    format!("{code} is listed twice (first on line {earlier})"),
                ));
            }
            limits.insert(code, limit);
        }
        if limits.is_empty() {
            return Err(LoadError::NoRows {
                file: source.to_string(),
                expected: "practitioner MUE (CSV, 4 columns)",
            });
        }
        Ok(MueLimits { limits })
    }

    /// The limit for `code`, if the table has one.
    pub fn limit(&self, code: CodeKey) -> Option<&MueLimit> {
        self.limits.get(&code)
    }

    pub fn len(&self) -> usize {
        self.limits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.limits.is_empty()
    }
}

impl std::fmt::Debug for MueLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MueLimits({} codes)", self.limits.len())
    }
}

/// One row, or the (0-based) column at fault and why.
fn row(record: &Record) -> Result<(CodeKey, MueLimit), (usize, String)> {
    let field = |i: usize| record.fields.get(i).map_or("", |f| f.trim());
    if record.fields.len() < 3 {
        return Err((
            record.fields.len(),
            "expected 4 comma-separated fields".to_string(),
        ));
    }
    let code = CodeKey::parse(field(0))
        .ok_or_else(|| (0, format!("`{}` is not a five-character code", field(0))))?;
    let units = field(1)
        .parse()
        .map_err(|_| (1, format!("`{}` is not a whole number of units", field(1))))?;
    let adjudication = match field(2).chars().next() {
        Some('1') => Adjudication::Line,
        Some('2') => Adjudication::DateOfServicePolicy,
        Some('3') => Adjudication::DateOfServiceClinical,
        _ => return Err((2, format!("`{}` does not start with 1, 2 or 3", field(2)))),
    };
    let rationale = field(3).to_string();
    Ok((
        code,
        MueLimit {
            units,
            adjudication,
            rationale,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cms_layout_loads_after_its_preamble() {
        let text = "\"CPT codes are copyright AMA.\nAll rights reserved.\",,,\n\
                    \"HCPCS/\nCPT Code\",\"Practitioner Services MUE Values\",\"MUE Adjudication Indicator\",\"MUE Rationale\"\n\
                    99213,1,\"2 Date of Service Edit: Policy\",\"Code Descriptor / CPT Instruction\"\n\
                    20610,2,\"1 Line Edit\",\"Anatomic Consideration\"\n";
        let limits = MueLimits::parse("mue.csv", text).expect("loads");
        let knee = limits.limit(CodeKey::parse("20610").expect("a code"));
        assert_eq!(
            knee.map(|l| (l.units, l.adjudication)),
            Some((2, Adjudication::Line))
        );
        assert_eq!(limits.len(), 2);
    }

    #[test]
    fn a_bad_value_names_the_line_the_row_starts_on() {
        let text = "\"notice\nmore\",,,\n99213,1,2,x\n99214,one,2,x\n";
        let err = MueLimits::parse("mue.csv", text)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("mue.csv: line 4, column 2 (Practitioner Services MUE Values): `one` is not a whole number of units")
        );
    }
}
