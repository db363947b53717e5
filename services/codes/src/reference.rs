//! Code references inside instructional notes, in machine-readable form. The tabular list
//! writes an Excludes1 note as prose with the excluded codes in parentheses ("type 1 diabetes
//! mellitus (E10.-)"); to answer "may X and Y be coded together?" each reference is kept as a
//! [`CodeRef`]: a code or range, optionally narrowed by characters at a position. This module
//! writes and reads the table's compact form (`E10`, `N14.0-N14.2`, `E08-E13@4=41`) and decides
//! whether a code falls under a reference; [`references_in_note`] reads them out of prose.

use std::cmp::Ordering;
use std::fmt;

use crate::code;
pub use crate::note_text::{references_in_note, NoteReferences};

/// One reference from a note: a code (covering all its subdivisions) or an inclusive range of
/// codes, optionally narrowed by characters at a fixed position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRef {
    /// First code of the range, undotted ("E10").
    pub first: String,
    /// Last code of the range, undotted; `None` for a single code.
    pub last: Option<String>,
    /// "with 5th character 1" and the like.
    pub qualifier: Option<Qualifier>,
}

/// Characters a code must have at a position to fall under a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualifier {
    /// 1-based position in the undotted code (4 is the first character after the dot).
    pub position: usize,
    /// Accepted characters starting at `position`; any one of them qualifies.
    pub alternatives: Vec<String>,
}

impl CodeRef {
    /// Whether the code with undotted key `key` (e.g. "E109", "S72001A") falls under this
    /// reference: it is the referenced code or one of its subdivisions, or lies in the range.
    pub fn covers(&self, key: &str) -> bool {
        let last = self.last.as_deref().unwrap_or(&self.first);
        let at_or_after_first = match cmp_prefix(key, &self.first) {
            Ordering::Greater => true,
            Ordering::Equal => key.len() >= self.first.len(),
            Ordering::Less => false,
        };
        let at_or_before_last = match cmp_prefix(key, last) {
            Ordering::Less => true,
            Ordering::Equal => key.len() >= last.len(),
            Ordering::Greater => false,
        };
        at_or_after_first
            && at_or_before_last
            && self.qualifier.as_ref().is_none_or(|q| q.admits(key))
    }

    /// Reads the compact form written by [`fmt::Display`]: `E10`, `N14.0-N14.2`, `E08-E13@4=41|42`.
    pub fn parse_compact(text: &str) -> Option<CodeRef> {
        let (range, qualifier) = match text.split_once('@') {
            Some((range, q)) => (range, Some(q)),
            None => (text, None),
        };
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (range, None),
        };
        let first = code::undotted(first);
        let last = last.map(code::undotted);
        if !code::is_key_shaped(&first) || last.as_deref().is_some_and(|l| !code::is_key_shaped(l))
        {
            return None;
        }
        let qualifier = match qualifier {
            None => None,
            Some(q) => {
                let (position, alternatives) = q.split_once('=')?;
                let position: usize = position.parse().ok()?;
                let alternatives: Vec<String> =
                    alternatives.split('|').map(str::to_string).collect();
                if !(1..=code::MAX_LEN).contains(&position)
                    || alternatives.iter().any(String::is_empty)
                {
                    return None;
                }
                Some(Qualifier {
                    position,
                    alternatives,
                })
            }
        };
        Some(CodeRef {
            first,
            last,
            qualifier,
        })
    }
}

impl Qualifier {
    fn admits(&self, key: &str) -> bool {
        let at = self.position - 1;
        self.alternatives
            .iter()
            .any(|alt| key.get(at..at + alt.len()) == Some(alt.as_str()))
    }
}

impl fmt::Display for CodeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", code::dotted(&self.first))?;
        if let Some(last) = &self.last {
            write!(f, "-{}", code::dotted(last))?;
        }
        if let Some(q) = &self.qualifier {
            write!(f, "@{}={}", q.position, q.alternatives.join("|"))?;
        }
        Ok(())
    }
}

/// Compares `key` with `bound` on their common length.
fn cmp_prefix(key: &str, bound: &str) -> Ordering {
    let n = key.len().min(bound.len());
    key.as_bytes()[..n].cmp(&bound.as_bytes()[..n])
}
