//! 837 batches in the log: a `batch/v1` record when a batch is opened, a
//! `batch-published/v1` marker once its 837 is in the clearinghouse's outbox, both on the
//! batch's own subject `claims.batch.<batch id>` in `CLAIMS`.
//!
//! # Control numbers
//!
//! ISA13 and GS06 of a batch are derived from the stream sequence S of its record:
//! `((S - 1) mod 999_999_999) + 1`. `CLAIMS` is one ordered log that is never purged or
//! deleted from, so S is unique across every instance and every restart, with no counter to
//! keep, lose or race on; the number is nine digits as X12 requires and only repeats after
//! a billion messages in the log. The same rule finds the batch again when a 999 quotes its
//! GS06: the record is at sequence GS06 (or GS06 plus a multiple of 999 999 999).

use async_nats::jetstream::context::PublishErrorKind;
use async_nats::jetstream::message::PublishMessage;
use async_nats::HeaderMap;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use claims_events::{subjects, ClaimId, PartnerId, PayerId};
use claims_store::{EventStore, StoreError, CLAIMS};

/// The largest control number X12 allows.
const MAX_CONTROL: u64 = 999_999_999;

/// ISA13 and GS06 of the batch recorded at `sequence` (1-based).
pub fn control_number(sequence: u64) -> u32 {
    // Fits: the result is at most 999 999 999 < u32::MAX.
    (sequence.saturating_sub(1) % MAX_CONTROL + 1) as u32
}

/// One message on a batch's subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "schema")]
pub enum BatchEntry {
    #[serde(rename = "batch/v1")]
    Recorded(BatchRecord),
    #[serde(rename = "batch-published/v1")]
    Published(BatchPublished),
}

/// A batch opened: which claims it may hold. Which of them it does hold is what their own
/// `ClaimSubmitted` events say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub batch_id: Uuid,
    pub clearinghouse: PartnerId,
    pub payer_id: PayerId,
    pub claims: Vec<ClaimId>,
    /// Also the 837's creation time (ISA09/10, GS04/05, BHT04/05), so a rebuilt 837 is the
    /// same text as the one the batcher would have sent.
    pub created_at: DateTime<Utc>,
}

/// One transaction set of a published batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub claim_id: ClaimId,
    /// ST02.
    pub transaction_control: String,
}

/// A batch's 837 is in the outbox (or, with no transactions, that nothing was sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchPublished {
    pub batch_id: Uuid,
    pub interchange_control: u32,
    pub transactions: Vec<Transaction>,
    /// The 837's sequence in `OUTBOX`; `None` when no claim ended up in the batch.
    pub outbox_sequence: Option<u64>,
    pub published_at: DateTime<Utc>,
    /// `batcher`, or `recovery` when the batcher did not finish.
    pub by: String,
}

/// Reading and writing batch entries.
#[derive(Clone)]
pub struct BatchLog {
    store: EventStore,
}

impl BatchLog {
    pub async fn open(store: EventStore) -> Result<BatchLog, StoreError> {
        // Fails early, at start-up, when the log is not there.
        store
            .jetstream()
            .get_stream(CLAIMS)
            .await
            .map_err(StoreError::unavailable)?;
        Ok(BatchLog { store })
    }

    pub fn store(&self) -> &EventStore {
        &self.store
    }

    /// Appends the record; its sequence gives the batch's control numbers.
    pub async fn record(&self, record: &BatchRecord) -> Result<u64, StoreError> {
        let entry = BatchEntry::Recorded(record.clone());
        let payload = serde_json::to_vec(&entry).map_err(StoreError::unavailable)?;
        self.store
            .publish(
                subjects::batch(&record.batch_id),
                &format!("batch:{}", record.batch_id),
                HeaderMap::new(),
                payload.into(),
            )
            .await
    }

    /// Appends the marker right after the record at `record_sequence`; `false` if someone
    /// (the recovery loop, another instance) marked the batch first.
    pub async fn mark_published(
        &self,
        record_sequence: u64,
        published: &BatchPublished,
    ) -> Result<bool, StoreError> {
        let entry = BatchEntry::Published(published.clone());
        let payload = serde_json::to_vec(&entry).map_err(StoreError::unavailable)?;
        let publish = PublishMessage::build()
            .payload(payload.into())
            .message_id(format!("batch-published:{}", published.batch_id))
            .expected_last_subject_sequence(record_sequence);
        let ack = self
            .store
            .jetstream()
            .send_publish(subjects::batch(&published.batch_id), publish)
            .await
            .map_err(StoreError::unavailable)?
            .await;
        match ack {
            Ok(_) => Ok(true),
            Err(error) if error.kind() == PublishErrorKind::WrongLastSequence => Ok(false),
            Err(error) => Err(StoreError::unavailable(error)),
        }
    }

    /// The newest entry of a batch, with its sequence.
    pub async fn last(&self, batch_id: &Uuid) -> Result<Option<(u64, BatchEntry)>, StoreError> {
        // Through the store, which reads a replicated stream from its leader: a follower's
        // stale answer ("not published yet") would send the batch's 837 a second time.
        let message = self
            .store
            .last_on_subject(&subjects::batch(batch_id))
            .await?;
        Ok(message.and_then(|m| decode(&m.payload).map(|e| (m.sequence, e))))
    }

    /// The batch record a 999's GS06 names for `clearinghouse`, newest first when the
    /// number has wrapped.
    pub async fn find_by_control(
        &self,
        control: u32,
        clearinghouse: &PartnerId,
    ) -> Result<Option<(u64, BatchRecord)>, StoreError> {
        let last = self.store.last_sequence().await?;
        let mut sequence = u64::from(control);
        let mut candidates = Vec::new();
        while control > 0 && sequence <= last {
            candidates.push(sequence);
            sequence += MAX_CONTROL;
        }
        for sequence in candidates.into_iter().rev() {
            let Some((subject, payload)) = self.store.raw(sequence).await? else {
                continue;
            };
            if !subject.starts_with("claims.batch.") {
                continue;
            }
            if let Some(BatchEntry::Recorded(record)) = decode(&payload) {
                if record.clearinghouse == *clearinghouse {
                    return Ok(Some((sequence, record)));
                }
            }
        }
        Ok(None)
    }
}

/// A batch entry, or `None` for anything else (the subject holds nothing else).
pub fn decode(payload: &[u8]) -> Option<BatchEntry> {
    serde_json::from_slice(payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_numbers_are_the_record_sequence_within_nine_digits() {
        assert_eq!(control_number(1), 1);
        assert_eq!(control_number(4321), 4321);
        assert_eq!(control_number(999_999_999), 999_999_999);
        assert_eq!(control_number(1_000_000_000), 1);
    }

    #[test]
    fn entries_carry_their_schema() {
        let entry = BatchEntry::Published(BatchPublished {
            batch_id: Uuid::nil(),
            interchange_control: 7,
            transactions: Vec::new(),
            outbox_sequence: None,
            published_at: DateTime::UNIX_EPOCH,
            by: "batcher".into(),
        });
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["schema"], "batch-published/v1");
        assert_eq!(decode(json.to_string().as_bytes()), Some(entry));
        assert_eq!(decode(b"CLM\x01"), None);
    }
}
