//! The key layout of the one sled tree every read model lives in.
//!
//! One tree, because sled applies a batch atomically only within a tree, and the checkpoint
//! must change in the same batch as the models it describes: after a crash the models and
//! the checkpoint agree, so resuming from the checkpoint never applies a commit twice or
//! skips one.

use claims_events::ClaimId;

/// The sequence of the last log message applied (big-endian u64).
pub const CHECKPOINT: &[u8] = b"meta/checkpoint";

/// A claim's folded state (bincode of `Claim`), so the next commit applies incrementally.
pub fn state(claim_id: &ClaimId) -> Vec<u8> {
    format!("state/{claim_id}").into_bytes()
}

pub const SUMMARY_PREFIX: &str = "summary/";

/// A claim's summary (JSON of `ClaimSummary`).
pub fn summary(claim_id: &ClaimId) -> Vec<u8> {
    format!("{SUMMARY_PREFIX}{claim_id}").into_bytes()
}

pub const COUNT_PREFIX: &str = "count/";

/// A counter (big-endian i64), e.g. `count/status/paid` or `count/payer/medicare-il/paid`.
pub fn count(name: &str) -> Vec<u8> {
    format!("{COUNT_PREFIX}{name}").into_bytes()
}

pub const WORKLIST_PREFIX: &str = "worklist/";

/// A claim's entry in a worklist (value: the summary's JSON at the time it entered).
pub fn worklist(list: &str, claim_id: &ClaimId) -> Vec<u8> {
    format!("{WORKLIST_PREFIX}{list}/{claim_id}").into_bytes()
}
