//! The batcher: pulls the submission queue in rounds and sends each round's claims as one
//! batch per clearinghouse and payer.
//!
//! A round is one pull request for up to `batch_max_claims` messages that the server holds
//! open for `batch_max_wait`: it ends as soon as that many claims wait, or when the time is
//! up with whatever came. So a full batch goes at once, and no claim waits longer than the
//! wait (plus the previous round's sending). Instances share one durable consumer on the
//! work queue, so each queued claim is in one instance's round.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy, PullConsumer};
use async_nats::jetstream::{AckKind, Message};
use claims_runtime::CancellationToken;
use futures::StreamExt;

use claims_store::SUBMIT;

use crate::batch::{Batching, Queued};
use crate::queue::{queue_of, ReadyMessage};
use crate::SERVICE;

/// The durable consumer every instance's batcher shares.
pub const DURABLE: &str = "submission-batcher";

pub struct Batcher {
    pub batching: Batching,
    pub max_claims: usize,
    pub max_wait: Duration,
    /// How long a round's messages may stay unacked: the wait, the sending, and a margin.
    pub ack_wait: Duration,
}

impl Batcher {
    /// Runs rounds until `shutdown`; a round in progress is finished first.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        let mut failures = 0u32;
        while !shutdown.is_cancelled() {
            let consumer = match self.consumer().await {
                Ok(consumer) => consumer,
                Err(error) => {
                    failures += 1;
                    tracing::warn!(%error, "cannot open the submission queue; retrying");
                    if sleep_or_shutdown(backoff(failures), &shutdown).await {
                        break;
                    }
                    continue;
                }
            };
            failures = 0;
            loop {
                let round = tokio::select! {
                    _ = shutdown.cancelled() => return,
                    round = self.pull(&consumer) => round,
                };
                match round {
                    Ok(messages) => self.send(messages).await,
                    Err(error) => {
                        tracing::warn!(%error, "submission queue interrupted");
                        if sleep_or_shutdown(Duration::from_millis(500), &shutdown).await {
                            return;
                        }
                        break;
                    }
                }
            }
        }
        tracing::info!(service = SERVICE, "batcher stopped");
    }

    async fn consumer(&self) -> Result<PullConsumer, String> {
        let stream = self
            .batching
            .store
            .jetstream()
            .get_stream(SUBMIT)
            .await
            .map_err(|e| e.to_string())?;
        let config = pull::Config {
            durable_name: Some(DURABLE.into()),
            filter_subject: "submit.>".into(),
            deliver_policy: DeliverPolicy::All,
            ack_policy: AckPolicy::Explicit,
            ack_wait: self.ack_wait,
            max_ack_pending: (self.max_claims * 10).max(1000) as i64,
            ..Default::default()
        };
        stream
            .get_or_create_consumer::<pull::Config>(DURABLE, config)
            .await
            .map_err(|e| e.to_string())
    }

    /// One round's messages.
    async fn pull(&self, consumer: &PullConsumer) -> Result<Vec<Message>, String> {
        let mut batch = consumer
            .batch()
            .max_messages(self.max_claims)
            .expires(self.max_wait)
            .messages()
            .await
            .map_err(|e| e.to_string())?;
        let mut messages = Vec::new();
        while let Some(message) = batch.next().await {
            messages.push(message.map_err(|e| e.to_string())?);
        }
        Ok(messages)
    }

    /// Groups a round by queue and sends each group as a batch.
    async fn send(&self, messages: Vec<Message>) {
        let mut groups: BTreeMap<String, Vec<Queued>> = BTreeMap::new();
        for message in messages {
            match ReadyMessage::parse(&message.payload) {
                Ok(ready) => groups
                    .entry(message.subject.to_string())
                    .or_default()
                    .push(Queued { ready, message }),
                Err(reason) => self.dead_letter(message, &reason).await,
            }
        }
        for (subject, queued) in groups {
            let Some((clearinghouse, payer_id)) = queue_of(&subject) else {
                for q in queued {
                    self.dead_letter(q.message, "not a submission queue subject")
                        .await;
                }
                continue;
            };
            self.batching.send(&clearinghouse, &payer_id, queued).await;
        }
    }

    /// A queue message nobody can act on: kept in `DEADLETTER` with the reason, and taken
    /// off the queue.
    async fn dead_letter(&self, message: Message, reason: &str) {
        let sequence = message.info().map(|i| i.stream_sequence).unwrap_or(0);
        let copied = self
            .batching
            .store
            .deadletter(
                SERVICE,
                message.subject.as_str(),
                &format!("{SUBMIT}:{sequence}"),
                reason,
                message.payload.clone(),
            )
            .await;
        let kind = if copied.is_ok() {
            AckKind::Term
        } else {
            AckKind::Nak(Some(Duration::from_secs(5)))
        };
        tracing::warn!(subject = %message.subject, sequence, %reason, "queue message dead-lettered");
        let _ = message.ack_with(kind).await;
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis((50u64 << attempt.min(7)).min(5_000))
}

/// Sleeps; true if shutdown came first.
pub async fn sleep_or_shutdown(duration: Duration, shutdown: &CancellationToken) -> bool {
    tokio::select! {
        _ = shutdown.cancelled() => true,
        _ = tokio::time::sleep(duration) => false,
    }
}
