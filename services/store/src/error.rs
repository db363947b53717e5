//! What can go wrong talking to the log, sorted by what the caller should do about it.

use claims_events::ClaimId;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Someone appended to the claim since it was loaded: reload, decide again, retry.
    #[error("claim {claim_id} changed since it was loaded at sequence {expected}")]
    Conflict { claim_id: ClaimId, expected: u64 },
    /// NATS is unreachable, slow or restarting: retry with backoff.
    #[error("the event store is unavailable: {0}")]
    Unavailable(String),
    /// The log holds something that is not a valid history: stop and alert; never decide on it.
    #[error("the log is corrupt at sequence {sequence}: {reason}")]
    Corrupt { sequence: u64, reason: String },
    /// The streams could not be created or updated as configured: fix the configuration.
    #[error("cannot provision stream {stream}: {reason}")]
    Provision { stream: String, reason: String },
}

impl StoreError {
    pub fn unavailable(error: impl std::fmt::Display) -> StoreError {
        StoreError::Unavailable(error.to_string())
    }

    /// True for errors that a later attempt may not hit.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StoreError::Conflict { .. } | StoreError::Unavailable(_)
        )
    }
}
