//! Recovery: a batch recorded but never marked published is sent from the log.
//!
//! The batcher may die after marking claims `ClaimSubmitted` and before their 837 reached
//! the outbox; those claims are no longer `Coded`, so nothing else would ever send them.
//! This loop reads every batch record (durable consumer on `claims.batch.*`, shared by the
//! instances); a record whose subject has nothing after it `recovery_after` past its
//! creation is rebuilt from the claims whose latest submission names the batch, with their
//! recorded ST02s, and published and marked exactly as the batcher would have. The batcher
//! stops marking claims at half that age, so the two never fill the same batch.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy};
use async_nats::jetstream::{AckKind, Message};
use futures::StreamExt;

use claims_events::event::Event;
use claims_events::{subjects, Claim};
use claims_runtime::{CancellationToken, Clock};
use claims_store::{EventStore, CLAIMS};

use crate::batch_log::{decode, BatchEntry, BatchLog, BatchRecord};
use crate::batcher::sleep_or_shutdown;
use crate::publish::{Billed, PublishError, Publisher};

pub const DURABLE: &str = "submission-batches";

pub struct Recovery {
    pub store: EventStore,
    pub log: BatchLog,
    pub publisher: Publisher,
    pub clock: Arc<dyn Clock>,
    pub recovery_after: Duration,
}

impl Recovery {
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        while !shutdown.is_cancelled() {
            let mut messages = match self.subscribe().await {
                Ok(messages) => messages,
                Err(error) => {
                    tracing::warn!(%error, "cannot read batch records; retrying");
                    if sleep_or_shutdown(Duration::from_secs(1), &shutdown).await {
                        return;
                    }
                    continue;
                }
            };
            loop {
                let next = tokio::select! {
                    _ = shutdown.cancelled() => return,
                    next = messages.next() => next,
                };
                match next {
                    Some(Ok(message)) => self.handle(message, &shutdown).await,
                    Some(Err(error)) => {
                        tracing::warn!(%error, "batch records interrupted");
                        break;
                    }
                    None => break,
                }
            }
        }
    }

    async fn subscribe(&self) -> Result<pull::Stream, String> {
        let stream = self
            .store
            .jetstream()
            .get_stream(CLAIMS)
            .await
            .map_err(|e| e.to_string())?;
        let config = pull::Config {
            durable_name: Some(DURABLE.into()),
            filter_subject: subjects::ALL_BATCHES.into(),
            deliver_policy: DeliverPolicy::All,
            ack_policy: AckPolicy::Explicit,
            ack_wait: Duration::from_secs(30),
            ..Default::default()
        };
        let consumer = stream
            .get_or_create_consumer::<pull::Config>(DURABLE, config)
            .await
            .map_err(|e| e.to_string())?;
        consumer
            .stream()
            .max_messages_per_batch(16)
            .heartbeat(Duration::from_secs(5))
            .messages()
            .await
            .map_err(|e| e.to_string())
    }

    /// Waits until a record is old enough, then checks it and recovers it if needed.
    async fn handle(&self, message: Message, shutdown: &CancellationToken) {
        let Some(BatchEntry::Recorded(record)) = decode(&message.payload) else {
            let _ = message.ack().await; // markers need nothing
            return;
        };
        let Ok(info) = message.info() else {
            let _ = message.ack().await;
            return;
        };
        let sequence = info.stream_sequence;
        loop {
            match self.log.last(&record.batch_id).await {
                Ok(Some((last, _))) if last > sequence => {
                    let _ = message.ack().await;
                    return;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(%error, "cannot check a batch; later");
                    let _ = message
                        .ack_with(AckKind::Nak(Some(Duration::from_secs(5))))
                        .await;
                    return;
                }
            }
            let age = self.clock.now() - record.created_at;
            let due = chrono::Duration::from_std(self.recovery_after).unwrap_or_default();
            if age >= due {
                break;
            }
            // Still young: the batcher may be at work. Look again shortly, keeping the
            // message ours meanwhile.
            let _ = message.ack_with(AckKind::Progress).await;
            let wait = (due - age).to_std().unwrap_or_default();
            if sleep_or_shutdown(wait.min(Duration::from_secs(1)), shutdown).await {
                let _ = message.ack_with(AckKind::Nak(None)).await;
                return;
            }
        }
        match self.recover(sequence, &record).await {
            Ok(()) => {
                let _ = message.ack().await;
            }
            Err(PublishError::Store(error)) => {
                tracing::warn!(batch_id = %record.batch_id, %error, "batch recovery failed; later");
                let _ = message
                    .ack_with(AckKind::Nak(Some(Duration::from_secs(5))))
                    .await;
            }
            Err(error) => {
                // Retrying cannot help: the batch stays unmarked for an operator to see.
                tracing::error!(batch_id = %record.batch_id, %error, "batch cannot be recovered");
                let _ = message.ack_with(AckKind::Term).await;
            }
        }
    }

    /// Publishes the batch of whatever claims were marked for it.
    async fn recover(&self, sequence: u64, record: &BatchRecord) -> Result<(), PublishError> {
        let mut billed = Vec::new();
        for claim_id in &record.claims {
            let loaded = self.store.load(*claim_id).await?;
            let named = loaded
                .state
                .submissions
                .last()
                .is_some_and(|s| s.event.batch_id == record.batch_id);
            if !named {
                continue;
            }
            let marked = loaded.commits.iter().rposition(|c| {
                c.commit
                    .events
                    .iter()
                    .any(|e| matches!(e, Event::ClaimSubmitted(s) if s.batch_id == record.batch_id))
            });
            let Some(index) = marked else { continue };
            let submitted = loaded.commits[index]
                .commit
                .events
                .iter()
                .find_map(|e| match e {
                    Event::ClaimSubmitted(s) if s.batch_id == record.batch_id => Some(s.clone()),
                    _ => None,
                });
            if let Some(submitted) = submitted {
                billed.push(Billed {
                    claim_id: *claim_id,
                    state: Claim::replay(loaded.commits[..index].iter().map(|c| &c.commit)),
                    submitted,
                });
            }
        }
        tracing::warn!(batch_id = %record.batch_id, claims = billed.len(), "recovering a batch the batcher did not publish");
        self.publisher
            .publish(sequence, record, billed, "recovery", self.clock.now())
            .await
            .map(|_| ())
    }
}
