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
        let consumer = self
            .claims
            .create_consumer(OrderedConfig {
                filter_subject: "claims.claim.>".into(),
                deliver_policy: DeliverPolicy::ByStartSequence {
                    start_sequence: from_sequence.max(1),
                },
                ..Default::default()
            })
            .await
            .map_err(StoreError::unavailable)?;
        let messages = consumer.messages().await.map_err(StoreError::unavailable)?;
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
}
