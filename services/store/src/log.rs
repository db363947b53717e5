//! Reading the whole log in order, from any sequence: what projections and audit replay.
//!
//! An ordered consumer is the cheapest way to stream a stream: no acks, flow-controlled,
//! recreated by the client from the last sequence it saw if anything goes wrong.

use async_nats::jetstream::consumer::{pull::OrderedConfig, DeliverPolicy};
use futures::{Stream, StreamExt};

use claims_events::subjects;

use crate::{EventStore, StoreError, StoredCommit};

/// One message of the claims log, decoded or not: the reader decides what a bad one means.
#[derive(Debug)]
pub struct LogEntry {
    pub sequence: u64,
    pub subject: String,
    /// Messages still pending after this one when it was delivered (for progress bars).
    pub pending: u64,
    pub commit: Result<StoredCommit, StoreError>,
}

impl EventStore {
    /// The number of the newest message in the claims log (0 for an empty log).
    pub async fn last_sequence(&self) -> Result<u64, StoreError> {
        let mut stream = self.claims.clone();
        let info = stream.info().await.map_err(StoreError::unavailable)?;
        Ok(info.state.last_sequence)
    }

    /// Every claim commit from `from_sequence` on, in log order; the stream ends after the
    /// newest message that existed when it was opened is delivered, if `until` is given.
    pub async fn read_log(
        &self,
        from_sequence: u64,
    ) -> Result<impl Stream<Item = Result<LogEntry, StoreError>> + Send + 'static, StoreError> {
        let messages = self.ordered(from_sequence, "claims.claim.>").await?;
        Ok(messages.map(|message| {
            let message = message.map_err(StoreError::unavailable)?;
            let info = message.info().map_err(StoreError::unavailable)?;
            let (sequence, pending) = (info.stream_sequence, info.pending);
            let subject = message.subject.to_string();
            let commit = StoredCommit::decode(sequence, &message.payload);
            debug_assert!(subjects::claim_of(&subject).is_some() || commit.is_err());
            Ok(LogEntry {
                sequence,
                subject,
                pending,
                commit,
            })
        }))
    }

    /// An ordered consumer of the `CLAIMS` stream from `from_sequence`, on the subjects of
    /// `filter` (all of them when empty), and its messages.
    async fn ordered(
        &self,
        from_sequence: u64,
        filter: &str,
    ) -> Result<async_nats::jetstream::consumer::pull::Ordered, StoreError> {
        self.claims
            .create_consumer(OrderedConfig {
                filter_subject: filter.into(),
                deliver_policy: DeliverPolicy::ByStartSequence {
                    start_sequence: from_sequence.max(1),
                },
                ..Default::default()
            })
            .await
            .map_err(StoreError::unavailable)?
            .messages()
            .await
            .map_err(StoreError::unavailable)
    }
}

/// What one message of the `CLAIMS` stream is, for readers that take more than commits.
// Commits are nearly every message: boxing them would add an allocation to each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Record {
    /// A claim commit (`claims.claim.*.*`), decoded but not hashed: read models trust the log
    /// (audit checks the chain), and hashing would cost more than decoding.
    Commit(Result<claims_events::Commit, StoreError>),
    /// A suspense record (`claims.remit.*`: `unmatched-remittance/v1`, or an operator's
    /// `suspense-resolution/v1`), as published.
    Remittance(bytes::Bytes),
    /// Anything else in the stream (837 batch records on `claims.batch.*`).
    Other,
}

/// One message of the `CLAIMS` stream with where and when the server stored it.
#[derive(Debug)]
pub struct RecordEntry {
    pub sequence: u64,
    pub subject: String,
    /// Messages still pending after this one when it was delivered.
    pub pending: u64,
    /// When the server stored it: for records that carry no time of their own.
    pub stored_at: chrono::DateTime<chrono::Utc>,
    pub record: Record,
}

impl EventStore {
    /// Every message of the `CLAIMS` stream from `from_sequence` on, in log order: commits,
    /// suspense records and the rest, each said which it is. What the read models follow.
    ///
    /// One ordered consumer without a subject filter: nats-server 2.9 takes one filter per
    /// consumer, and `claims.claim.>` plus `claims.remit.*` are two. The 837 batch records
    /// it also delivers are one per batch of claims, and are passed over unread.
    pub async fn read_records(
        &self,
        from_sequence: u64,
    ) -> Result<impl Stream<Item = Result<RecordEntry, StoreError>> + Send + 'static, StoreError>
    {
        let messages = self.ordered(from_sequence, "").await?;
        Ok(messages.map(|message| {
            let message = message.map_err(StoreError::unavailable)?;
            let info = message.info().map_err(StoreError::unavailable)?;
            let (sequence, pending) = (info.stream_sequence, info.pending);
            let nanos = info.published.unix_timestamp_nanos();
            let stored_at =
                chrono::DateTime::from_timestamp_nanos(i64::try_from(nanos).unwrap_or(i64::MAX));
            let subject = message.subject.to_string();
            let record = if subject.starts_with("claims.claim.") {
                Record::Commit(claims_events::codec::decode(&message.payload).map_err(|e| {
                    StoreError::Corrupt {
                        sequence,
                        reason: e.to_string(),
                    }
                }))
            } else if subject.starts_with("claims.remit.") {
                Record::Remittance(message.payload.clone())
            } else {
                Record::Other
            };
            Ok(RecordEntry {
                sequence,
                subject,
                pending,
                stored_at,
                record,
            })
        }))
    }
}
