//! NCCI procedure-to-procedure (PTP) edits: pairs of codes one practitioner may not bill for
//! the same patient on the same date of service, unless the edit's modifier indicator allows a
//! modifier that shows the services were distinct.
//!
//! # The CMS file
//!
//! The practitioner PTP table comes as four tab-separated text files (`ccipra-vNNNrN-f1.txt` to
//! `-f4.txt`, split by code range). Each opens with a preamble (the AMA copyright notice and the
//! column titles, wrapped over several lines), then one edit per line with seven fields:
//!
//! | # | CMS title | content |
//! |---|---|---|
//! | 1 | Column 1 | the code that is paid |
//! | 2 | Column 2 | the code denied with it, unless a modifier is allowed and present |
//! | 3 | * = in existence prior to 1996 | `*` or empty |
//! | 4 | Effective Date | `YYYYMMDD` |
//! | 5 | Deletion Date *=no data | `YYYYMMDD`, or `*` while the edit is in force |
//! | 6 | Modifier 0=not allowed 1=allowed 9=not applicable | `0`, `1` or `9` |
//! | 7 | PTP Edit Rationale | short text ("Mutually exclusive procedures") |
//!
//! An edit applies to dates of service from its effective date through its deletion date,
//! both inclusive: CMS writes the last day of a quarter as the deletion date (20231231), and
//! deletes an edit retroactively by giving it its effective date as deletion date and the
//! indicator 9. A pair can appear more than once (an old row deleted, a new one in force):
//! when several rows apply on one date, the most restrictive indicator wins.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::{parse_yyyymmdd, read_text, CodeKey, LoadError};
use crate::rules::int_hash::IntMap;

const COLUMNS: [&str; 7] = [
    "Column 1",
    "Column 2",
    "* = in existence prior to 1996",
    "Effective Date",
    "Deletion Date",
    "Modifier 0=not allowed 1=allowed 9=not applicable",
    "PTP Edit Rationale",
];

/// Whether a modifier may bypass an edit: CMS's "CCMI". Ordered from most to least restrictive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModifierIndicator {
    /// `0`: the two codes are never paid together.
    NotAllowed,
    /// `1`: paid together when an NCCI-associated modifier shows the services were distinct.
    Allowed,
    /// `9`: the edit does not apply (deleted retroactively).
    NotApplicable,
}

/// One PTP edit as the table states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PtpEdit<'a> {
    pub column1: CodeKey,
    pub column2: CodeKey,
    pub effective: NaiveDate,
    /// Last date of service the edit applies to; `None` while in force.
    pub deletion: Option<NaiveDate>,
    pub indicator: ModifierIndicator,
    pub rationale: &'a str,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    column1: CodeKey,
    column2: CodeKey,
    effective: NaiveDate,
    deletion: Option<NaiveDate>,
    indicator: ModifierIndicator,
    /// Index into `NcciEdits::rationales`: a few dozen texts shared by millions of rows.
    rationale: u32,
}

/// The loaded PTP edits, indexed by unordered code pair.
#[derive(Default)]
pub struct NcciEdits {
    /// Rows sorted by pair key, so one pair's rows are contiguous.
    rows: Vec<Row>,
    /// Pair key to `rows[start..start + len]`.
    index: IntMap<u64, (u32, u32)>,
    rationales: Vec<String>,
}

impl NcciEdits {
    /// Reads the CMS files of one quarter (f1 to f4) into one table.
    pub fn from_files<P: AsRef<Path>>(paths: &[P]) -> Result<NcciEdits, LoadError> {
        let mut builder = Builder::default();
        for path in paths {
            let path = path.as_ref();
            builder.add(&path.display().to_string(), &read_text(path)?)?;
        }
        Ok(builder.finish())
    }

    /// Reads one file's text; `source` names it in errors.
    pub fn parse(source: &str, text: &str) -> Result<NcciEdits, LoadError> {
        let mut builder = Builder::default();
        builder.add(source, text)?;
        Ok(builder.finish())
    }

    /// Number of rows loaded, deleted edits included.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The edit between `a` and `b` (in either column order) in force on `date`; the most
    /// restrictive one when several rows apply.
    pub fn edit_on(&self, a: CodeKey, b: CodeKey, date: NaiveDate) -> Option<PtpEdit<'_>> {
        let &(start, len) = self.index.get(&CodeKey::pair(a, b))?;
        let rows = self.rows.get(start as usize..(start + len) as usize)?;
        rows.iter()
            .filter(|row| row.effective <= date && row.deletion.is_none_or(|end| date <= end))
            .min_by_key(|row| row.indicator)
            .map(|row| PtpEdit {
                column1: row.column1,
                column2: row.column2,
                effective: row.effective,
                deletion: row.deletion,
                indicator: row.indicator,
                rationale: self
                    .rationales
                    .get(row.rationale as usize)
                    .map_or("", String::as_str),
            })
    }
}

impl std::fmt::Debug for NcciEdits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "NcciEdits({} rows, {} pairs)",
            self.rows.len(),
            self.index.len()
        )
    }
}

#[derive(Default)]
struct Builder {
    rows: Vec<(u64, Row)>,
    rationales: Vec<String>,
    rationale_ids: HashMap<String, u32>,
}

impl Builder {
    fn add(&mut self, source: &str, text: &str) -> Result<(), LoadError> {
        let before = self.rows.len();
        let mut in_rows = false;
        for (n, line) in text.lines().enumerate() {
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if !in_rows {
                // The preamble ends at the first line that starts with a code and a tab.
                let starts_with_code = fields.len() > 1 && CodeKey::parse(fields[0]).is_some();
                if !starts_with_code {
                    continue;
                }
                in_rows = true;
            }
            if line.trim().is_empty() {
                continue;
            }
            let row = self
                .row(&fields)
                .map_err(|(column, reason)| LoadError::Row {
                    file: source.to_string(),
                    line: n + 1,
                    column: column + 1,
                    column_name: COLUMNS[column],
                    reason,
                })?;
            self.rows
                .push((CodeKey::pair(row.column1, row.column2), row));
        }
        if self.rows.len() == before {
            return Err(LoadError::NoRows {
                file: source.to_string(),
                expected: "practitioner PTP (tab-separated, 7 columns)",
            });
        }
        Ok(())
    }

    /// One row, or the (0-based) column at fault and why.
    fn row(&mut self, fields: &[&str]) -> Result<Row, (usize, String)> {
        if fields.len() < 6 {
            return Err((
                fields.len(),
                format!("expected 7 tab-separated fields, found {}", fields.len()),
            ));
        }
        let code = |i: usize| {
            CodeKey::parse(fields[i])
                .ok_or_else(|| (i, format!("`{}` is not a five-character code", fields[i])))
        };
        let column1 = code(0)?;
        let column2 = code(1)?;
        if !matches!(fields[2], "" | "*") {
            return Err((2, format!("`{}` is neither `*` nor empty", fields[2])));
        }
        let effective = parse_yyyymmdd(fields[3])
            .ok_or_else(|| (3, format!("`{}` is not a date in YYYYMMDD form", fields[3])))?;
        let deletion = match fields[4] {
            "*" | "" => None,
            text => Some(parse_yyyymmdd(text).ok_or_else(|| {
                (
                    4,
                    format!("`{text}` is neither `*` nor a date in YYYYMMDD form"),
                )
            })?),
        };
        let indicator = match fields[5] {
            "0" => ModifierIndicator::NotAllowed,
            "1" => ModifierIndicator::Allowed,
            "9" => ModifierIndicator::NotApplicable,
            other => {
                return Err((
                    5,
                    format!("`{other}` is not a modifier indicator (0, 1 or 9)"),
                ))
            }
        };
        let rationale = self.intern(fields.get(6).copied().unwrap_or(""));
        Ok(Row {
            column1,
            column2,
            effective,
            deletion,
            indicator,
            rationale,
        })
    }

    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.rationale_ids.get(text) {
            return id;
        }
        let id = self.rationales.len() as u32;
        self.rationales.push(text.to_string());
        self.rationale_ids.insert(text.to_string(), id);
        id
    }

    fn finish(mut self) -> NcciEdits {
        self.rows.sort_by_key(|(key, _)| *key);
        let mut index: IntMap<u64, (u32, u32)> = IntMap::default();
        for (i, (key, _)) in self.rows.iter().enumerate() {
            index
                .entry(*key)
                .and_modify(|(_, len)| *len += 1)
                .or_insert((i as u32, 1));
        }
        NcciEdits {
            rows: self.rows.into_iter().map(|(_, row)| row).collect(),
            index,
            rationales: self.rationales,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: &str) -> CodeKey {
        CodeKey::parse(code).expect("a code")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn the_preamble_is_skipped_and_deletion_dates_are_inclusive() {
        let text = "Copyright notice\nColumn 1\tColumn 2\t*=in existence prior to 1996\n\
                    Effective Date\n99214\t99213\t\t20200101\t20231231\t0\tMutually exclusive\n";
        let edits = NcciEdits::parse("t.txt", text).expect("loads");
        assert_eq!(edits.len(), 1);
        assert!(edits
            .edit_on(key("99213"), key("99214"), date(2023, 12, 31))
            .is_some());
        assert!(edits
            .edit_on(key("99213"), key("99214"), date(2024, 1, 1))
            .is_none());
        assert!(edits
            .edit_on(key("99213"), key("99214"), date(2019, 12, 31))
            .is_none());
    }

    #[test]
    fn the_most_restrictive_row_in_force_wins() {
        let text = "13121\t13120\t\t19960101\t19960101\t9\tx\n13121\t13120\t*\t19960101\t*\t0\tx\n";
        let edits = NcciEdits::parse("t.txt", text).expect("loads");
        let edit = edits.edit_on(key("13120"), key("13121"), date(2026, 1, 1));
        assert_eq!(
            edit.map(|e| e.indicator),
            Some(ModifierIndicator::NotAllowed)
        );
    }

    #[test]
    fn a_bad_row_names_its_line_and_column() {
        let text = "99214\t99213\t\t20200101\t*\t0\tok\n99214\t36415\t\t2020-01-01\t*\t1\tbad\n";
        let err = NcciEdits::parse("f1.txt", text)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("f1.txt: line 2, column 4 (Effective Date): `2020-01-01` is not a date in YYYYMMDD form")
        );
    }
}
