//! The key layout of the one sled tree every read model lives in.
//!
//! One tree, because sled applies a batch atomically only within a tree, and the checkpoint
//! must change in the same batch as the models it describes: after a crash the models and
//! the checkpoint agree, so resuming from the checkpoint never applies a commit twice or
//! skips one.

use claims_events::ClaimId;

/// The sequence of the last log message applied (big-endian u64).
pub const CHECKPOINT: &[u8] = b"meta/checkpoint";

/// The layout version of the models.
pub const FORMAT: &[u8] = b"meta/format";

/// The payer days the deadlines were computed with (JSON of `deadline::PayerTerms`).
pub const PAYER_TERMS: &[u8] = b"meta/payer-terms";

pub const CLAIM_PREFIX: &str = "claim/";

/// A claim: its folded state (bincode of `fold::Folded`), from which its summary is
/// derived when read. One value per claim, so a claim changed by a batch is one write and
/// the next commit applies incrementally; the summary is not stored beside it because sled
/// writes cost by the byte, and it is a pure function of the state and the payer terms.
pub fn claim(claim_id: &ClaimId) -> Vec<u8> {
    format!("{CLAIM_PREFIX}{claim_id}").into_bytes()
}

pub const COUNT_PREFIX: &str = "count/";

/// A counter (big-endian i64), e.g. `count/status/paid` or `count/payer/medicare-il/paid`.
pub fn count(name: &str) -> Vec<u8> {
    format!("{COUNT_PREFIX}{name}").into_bytes()
}

pub const COUNTER_PREFIX: &str = "agg/";

/// An aggregate counter (big-endian i64): `agg/worklist/<name>`, `agg/total/<measure>`, ...
/// Kept up to date in the same batch as the models they count, so nothing scans to answer.
pub fn counter(name: &str) -> Vec<u8> {
    format!("{COUNTER_PREFIX}{name}").into_bytes()
}

pub const WORKLIST_PREFIX: &str = "worklist/";

/// A claim's entry in a worklist (value: the claim id's 16 bytes; its summary is at
/// `claim/<id>`):
/// `worklist/<list>/<claim_id>`, or `worklist/deadlines/<due date>/<claim_id>` (see
/// `ClaimSummary::worklist_key`).
pub fn worklist(list: &str, entry: &str) -> Vec<u8> {
    format!("{WORKLIST_PREFIX}{list}/{entry}").into_bytes()
}

/// A date as a key part that sorts in date order: `YYYY-MM-DD`, years outside 1..=9999
/// (only reached by deadlines that overflow) clamped into it.
pub fn date(date: chrono::NaiveDate) -> String {
    let min = chrono::NaiveDate::from_ymd_opt(1, 1, 1).expect("a real date");
    let max = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a real date");
    date.clamp(min, max).format("%Y-%m-%d").to_string()
}

/// The date of a key part written by [`date`].
pub fn parse_date(part: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(part, "%Y-%m-%d").ok()
}

/// An outside string (a trace number, a CLP01, a CARC) made safe as one part of a key: `/`
/// separates parts, so it and `%` are percent-escaped. Prefix scans then never run from one
/// part into the next.
pub fn part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '/' => out.push_str("%2F"),
            c => out.push(c),
        }
    }
    out
}

/// The name of the last key part back as it was given.
pub fn unpart(part: &str) -> String {
    part.replace("%2F", "/").replace("%25", "%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_and_never_hold_a_separator() {
        for text in ["EFT-1", "a/b", "100%", "%2F", "/%/"] {
            assert!(!part(text).contains('/'), "{text}");
            assert_eq!(unpart(&part(text)), text);
        }
    }
}
