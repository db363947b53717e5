//! The billable ICD-10-CM codes as a set of packed keys, built once with the [`Reference`]
//! (about 75,000 codes, 7th-character codes included).
//!
//! `CodeSet::validate` answers everything about a code, with a message, but it builds strings
//! to do so. Almost every diagnosis on a claim is billable, so the rules ask this set first and
//! call `validate` only for the few codes that are not, to explain why.
//!
//! [`Reference`]: super::Reference

use claims_codes::CodeSet;

use super::int_hash::IntSet;

#[derive(Default)]
pub(crate) struct BillableCodes {
    keys: IntSet<u64>,
}

impl BillableCodes {
    pub(crate) fn of(code_set: &CodeSet) -> BillableCodes {
        BillableCodes {
            keys: code_set
                .billable_codes()
                .filter_map(|code| key(&code))
                .collect(),
        }
    }

    /// True if and only if `code` (dotted or not, upper case) is a billable code of the set.
    pub(crate) fn contains(&self, code: &str) -> bool {
        key(code).is_some_and(|k| self.keys.contains(&k))
    }

    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

impl std::fmt::Debug for BillableCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BillableCodes({} codes)", self.keys.len())
    }
}

/// The code's characters without the dot, packed a byte each (at most seven, so they fit).
fn key(code: &str) -> Option<u64> {
    let mut packed = 0u64;
    let mut n = 0;
    for b in code.bytes().filter(|&b| b != b'.') {
        n += 1;
        if n > 7 {
            return None;
        }
        packed = (packed << 8) | u64::from(b);
    }
    Some(packed)
}
