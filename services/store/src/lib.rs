//! The event store: the claims log and the partner-facing streams on NATS JetStream.
//!
//! # Layout
//!
//! - [`layout`]: the four streams (`CLAIMS`, `INBOX`, `OUTBOX`, `DEADLETTER`), their limits,
//!   and idempotent provisioning that any number of processes may run at once.
//! - [`load`]: one claim's commits, fetched concurrently from the back-pointers in its newest
//!   commit, checked against the hash chain, and folded.
//! - [`append`]: a decision becomes a commit appended with optimistic concurrency
//!   (`Nats-Expected-Last-Subject-Sequence`) and a deterministic `Nats-Msg-Id`.
//! - [`log`]: the whole log in order from any sequence, for projections and audit.
//! - [`publish`]: messages to partners (`OUTBOX`) and to `DEADLETTER`, acknowledged.
//! - [`headers`]: the header names the system writes and reads.

pub mod append;
pub mod error;
pub mod headers;
pub mod layout;
pub mod load;
pub mod log;
pub mod publish;

pub use append::{Appended, Decision};
pub use error::StoreError;
pub use layout::{StreamSettings, CLAIMS, DEADLETTER, ELIGIBILITY_BUCKET, INBOX, OUTBOX, SUBMIT};
pub use load::{ClaimHead, LoadedClaim, StoredCommit};

use async_nats::jetstream::{self, stream::Stream};

/// A handle on the provisioned streams; cheap to clone, shared by every task of a process.
#[derive(Clone)]
pub struct EventStore {
    js: jetstream::Context,
    claims: Stream,
}

impl EventStore {
    /// Provisions the streams (idempotently) and opens the store.
    pub async fn open(
        client: async_nats::Client,
        settings: &StreamSettings,
    ) -> Result<EventStore, StoreError> {
        let js = jetstream::new(client);
        layout::provision(&js, settings).await?;
        let claims = js
            .get_stream(CLAIMS)
            .await
            .map_err(StoreError::unavailable)?;
        Ok(EventStore { js, claims })
    }

    /// Opens streams that already exist, without provisioning: for readers (audit) whose
    /// credentials may not allow creating or updating streams.
    pub async fn open_existing(client: async_nats::Client) -> Result<EventStore, StoreError> {
        let js = jetstream::new(client);
        let claims = js.get_stream(CLAIMS).await.map_err(|e| {
            StoreError::Unavailable(format!(
                "stream {CLAIMS} not found ({e}): has the system been started?"
            ))
        })?;
        Ok(EventStore { js, claims })
    }

    pub fn jetstream(&self) -> &jetstream::Context {
        &self.js
    }

    pub fn client(&self) -> async_nats::Client {
        self.js.client()
    }
}
