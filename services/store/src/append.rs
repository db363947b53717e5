//! Appending a decision to a claim's log.
//!
//! Two headers make appends safe without locks:
//! - `Nats-Expected-Last-Subject-Sequence` is the sequence of the claim's newest commit the
//!   decision was made on; if anyone appended since, the server refuses and the caller
//!   reloads, decides again and retries.
//! - `Nats-Msg-Id` is derived from the deciding service, the causing input and the claim, so a
//!   redelivered input whose decision is appended twice is stored once.

use async_nats::jetstream::{context::PublishErrorKind, message::PublishMessage};
use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

use claims_events::{
    codec, commit::input_key, subjects, Actor, Causation, ClaimId, Commit, CommitHash, Event,
};

use crate::{headers, ClaimHead, EventStore, StoreError, StoredCommit};

/// What a service decided for one claim: its events, and why.
#[derive(Debug, Clone)]
pub struct Decision {
    pub service: String,
    pub actor: Actor,
    pub causation: Causation,
    pub correlation_id: Uuid,
    pub events: Vec<Event>,
}

impl Decision {
    /// The deterministic `Nats-Msg-Id` of this decision on a claim.
    pub fn message_id(&self, claim_id: &ClaimId) -> String {
        format!("{}:{}", input_key(&self.service, &self.causation), claim_id)
    }
}

/// The result of an append.
#[derive(Debug, Clone)]
pub struct Appended {
    pub sequence: u64,
    /// The server had already stored this decision (same `Nats-Msg-Id` within its window):
    /// nothing new was written.
    pub duplicate: bool,
    /// The commit as written; for a duplicate, the one that was not written again.
    pub stored: StoredCommit,
}

impl EventStore {
    /// Appends `decision` to a claim whose newest commit is `head` (as loaded: `claim.head()`).
    pub async fn append(
        &self,
        claim: impl Into<ClaimHead>,
        decision: Decision,
        now: DateTime<Utc>,
    ) -> Result<Appended, StoreError> {
        let claim: ClaimHead = claim.into();
        let message_id = decision.message_id(&claim.claim_id);
        let commit = Commit {
            claim_id: claim.claim_id,
            commit_id: Uuid::now_v7(),
            service: decision.service,
            actor: decision.actor,
            causation: decision.causation,
            correlation_id: decision.correlation_id,
            // Stored with microsecond precision: the in-memory commit must equal the stored one.
            recorded_at: now.trunc_subsecs(6),
            previous_hash: claim.last_hash,
            previous_sequences: claim.sequences.clone(),
            events: decision.events,
        };
        let bytes = codec::encode(&commit);
        let stored_hash = CommitHash::of(&bytes);
        let publish = PublishMessage::build()
            .payload(bytes.into())
            .message_id(&message_id)
            .expected_last_subject_sequence(claim.last_sequence())
            // The claim id is in the subject already; a header for it only costs bytes.
            .header(headers::EVENT_TYPES, commit.event_types().as_str());
        let subject = subjects::claim(&claim.claim_id);
        let ack = self
            .js
            .send_publish(subject, publish)
            .await
            .map_err(StoreError::unavailable)?
            .await
            .map_err(|error| match error.kind() {
                PublishErrorKind::WrongLastSequence => StoreError::Conflict {
                    claim_id: claim.claim_id,
                    expected: claim.last_sequence(),
                },
                _ => StoreError::unavailable(error),
            })?;
        Ok(Appended {
            sequence: ack.sequence,
            duplicate: ack.duplicate,
            stored: StoredCommit {
                sequence: ack.sequence,
                hash: stored_hash,
                commit,
            },
        })
    }
}
