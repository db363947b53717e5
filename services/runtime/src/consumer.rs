//! The loop every service runs over its inputs: a durable pull consumer on one stream.
//!
//! - Inputs with the same ordering key (a claim) are handled one at a time, in delivery
//!   order, on one lane; different keys run concurrently on different lanes.
//! - An input is acked only after its handler succeeded, so a killed process loses nothing:
//!   the server redelivers, and appends are idempotent.
//! - A transient failure is retried with backoff a few times, then handed back to the server
//!   (nak with delay) for later redelivery.
//! - A poison input (one that can never succeed) is copied to `DEADLETTER` with the reason,
//!   the handler is told (to send the partner a rejection), and it is terminated.
//! - On shutdown the loop stops pulling, lanes finish the input in hand, and whatever is
//!   queued is handed back at once.
//! - If the connection drops, the client reconnects and the loop re-subscribes.

use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{
    consumer::{pull, AckPolicy, DeliverPolicy},
    AckKind, Message,
};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use claims_events::{Causation, ClaimId};
use claims_store::{EventStore, StoreError};

use crate::settings::ConsumerSettings;

/// Which inputs a service consumes.
#[derive(Debug, Clone)]
pub struct ConsumerSpec {
    pub stream: &'static str,
    /// The durable consumer's name: instances of a service share it and split the work.
    pub durable: String,
    pub filter_subject: String,
}

/// One input as a handler sees it.
#[derive(Debug, Clone)]
pub struct Input {
    pub stream: &'static str,
    pub subject: String,
    pub sequence: u64,
    /// The sender's `Nats-Msg-Id`, if any.
    pub message_id: Option<String>,
    pub headers: HeaderMap,
    pub payload: Bytes,
    /// How many times the server has delivered it (1 the first time).
    pub delivered: i64,
}

impl Input {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.as_str())
    }

    /// Where the input is kept: `<stream>:<sequence>` (`INBOX:42`), as receipts and dead
    /// letters name it.
    pub fn origin(&self) -> String {
        format!("{}:{}", self.stream, self.sequence)
    }

    /// For a claim commit whose event types (its `Claims-Event-Types` header, so nothing is
    /// decoded) include one of `triggers`: the claim and the commit as the causation of a
    /// decision on it. `None` for any other commit or message.
    pub fn commit_triggering(&self, triggers: &[&str]) -> Option<(ClaimId, Causation)> {
        let triggered = self
            .header(claims_store::headers::EVENT_TYPES)
            .is_some_and(|types| types.split(',').any(|t| triggers.contains(&t)));
        let claim_id = claims_events::subjects::claim_of(&self.subject).filter(|_| triggered)?;
        let causation = Causation::Commit {
            claim_id,
            sequence: self.sequence,
        };
        Some((claim_id, causation))
    }
}

/// Why a handler did not finish an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It can never succeed: dead-letter it with this reason.
    Poison(String),
    /// It may succeed later (NATS unavailable, too many conflicts).
    Transient(String),
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        match error {
            StoreError::Corrupt { .. } => Failure::Poison(error.to_string()),
            other => Failure::Transient(other.to_string()),
        }
    }
}

/// A service's reaction to its inputs.
pub trait Handler: Send + Sync + 'static {
    /// The service's name (dead letters go to `deadletter.<service>`).
    fn service(&self) -> &'static str;

    /// Inputs with equal keys are handled one at a time, in order (normally the claim id).
    fn ordering_key(&self, input: &Input) -> String;

    fn handle(&self, input: &Input) -> impl Future<Output = Result<(), Failure>> + Send;

    /// Called once a poison input is safely in `DEADLETTER`, before it is terminated: the
    /// place to send a partner its rejection receipt.
    fn rejected(
        &self,
        _input: &Input,
        _reason: &str,
    ) -> impl Future<Output = Result<(), Failure>> + Send {
        async { Ok(()) }
    }
}

/// Runs `handler` over the inputs of `spec` until `shutdown` is cancelled.
pub async fn run_consumer<H: Handler>(
    store: EventStore,
    spec: ConsumerSpec,
    settings: ConsumerSettings,
    handler: Arc<H>,
    shutdown: CancellationToken,
) -> Result<(), StoreError> {
    let lanes: Vec<_> = (0..settings.concurrency.max(1))
        .map(|_| {
            let (sender, receiver) = mpsc::channel::<Message>(8);
            let lane = Lane {
                store: store.clone(),
                handler: handler.clone(),
                settings: settings.clone(),
                stream: spec.stream,
                shutdown: shutdown.clone(),
            };
            (sender, tokio::spawn(lane.run(receiver)))
        })
        .collect();

    let result = pull_until_shutdown(
        &store,
        &spec,
        &settings,
        handler.as_ref(),
        &lanes,
        &shutdown,
    )
    .await;

    let (senders, tasks): (Vec<_>, Vec<_>) = lanes.into_iter().unzip();
    drop(senders);
    for task in tasks {
        let _ = task.await;
    }
    tracing::info!(service = handler.service(), consumer = %spec.durable, "consumer stopped");
    result
}

async fn pull_until_shutdown<H: Handler>(
    store: &EventStore,
    spec: &ConsumerSpec,
    settings: &ConsumerSettings,
    handler: &H,
    lanes: &[(mpsc::Sender<Message>, tokio::task::JoinHandle<()>)],
    shutdown: &CancellationToken,
) -> Result<(), StoreError> {
    let mut failures = 0u32;
    while !shutdown.is_cancelled() {
        let mut messages = match subscribe(store, spec, settings).await {
            Ok(messages) => {
                failures = 0;
                messages
            }
            Err(error) => {
                failures += 1;
                tracing::warn!(consumer = %spec.durable, %error, "cannot subscribe; retrying");
                if sleep_or_shutdown(backoff(failures), shutdown).await {
                    break;
                }
                continue;
            }
        };
        tracing::info!(service = handler.service(), consumer = %spec.durable, filter = %spec.filter_subject, "consuming");
        loop {
            let next = tokio::select! {
                _ = shutdown.cancelled() => return Ok(()),
                next = messages.next() => next,
            };
            match next {
                Some(Ok(message)) => {
                    let key = ordering_key(handler, spec.stream, &message);
                    let lane = lane_of(&key, lanes.len());
                    if lanes[lane].0.send(message).await.is_err() {
                        return Ok(());
                    }
                }
                Some(Err(error)) => {
                    // Heartbeat misses and server restarts surface here; the client
                    // reconnects underneath, and a fresh subscription picks up where the
                    // durable consumer left off.
                    tracing::warn!(consumer = %spec.durable, %error, "consumer stream interrupted");
                    if sleep_or_shutdown(Duration::from_millis(250), shutdown).await {
                        return Ok(());
                    }
                    break;
                }
                None => break,
            }
        }
    }
    Ok(())
}

async fn subscribe(
    store: &EventStore,
    spec: &ConsumerSpec,
    settings: &ConsumerSettings,
) -> Result<pull::Stream, StoreError> {
    let stream = store
        .jetstream()
        .get_stream(spec.stream)
        .await
        .map_err(StoreError::unavailable)?;
    let config = pull::Config {
        durable_name: Some(spec.durable.clone()),
        filter_subject: spec.filter_subject.clone(),
        deliver_policy: DeliverPolicy::All,
        ack_policy: AckPolicy::Explicit,
        ack_wait: Duration::from_secs(settings.ack_wait_secs),
        // Enough for every lane's queue to be full at once, and then some.
        max_ack_pending: (settings.concurrency * 16).max(256) as i64,
        ..Default::default()
    };
    let consumer = stream
        .get_or_create_consumer::<pull::Config>(&spec.durable, config)
        .await
        .map_err(StoreError::unavailable)?;
    consumer
        .stream()
        .max_messages_per_batch(256)
        .heartbeat(Duration::from_secs(5))
        .messages()
        .await
        .map_err(StoreError::unavailable)
}

fn ordering_key<H: Handler>(handler: &H, stream: &'static str, message: &Message) -> String {
    handler.ordering_key(&to_input(stream, message))
}

fn lane_of(key: &str, lanes: usize) -> usize {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    (hasher.finish() % lanes as u64) as usize
}

fn to_input(stream: &'static str, message: &Message) -> Input {
    let (sequence, delivered) = match message.info() {
        Ok(info) => (info.stream_sequence, info.delivered),
        Err(_) => (0, 1),
    };
    let headers = message.headers.clone().unwrap_or_default();
    let message_id = headers
        .get(async_nats::header::NATS_MESSAGE_ID)
        .map(|v| v.as_str().to_owned());
    Input {
        stream,
        subject: message.subject.to_string(),
        sequence,
        message_id,
        headers,
        payload: message.payload.clone(),
        delivered,
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis((50u64 << attempt.min(7)).min(5_000))
}

/// Sleeps; true if shutdown came first.
async fn sleep_or_shutdown(duration: Duration, shutdown: &CancellationToken) -> bool {
    tokio::select! {
        _ = shutdown.cancelled() => true,
        _ = tokio::time::sleep(duration) => false,
    }
}

/// One lane: handles its inputs one at a time.
struct Lane<H> {
    store: EventStore,
    handler: Arc<H>,
    settings: ConsumerSettings,
    stream: &'static str,
    shutdown: CancellationToken,
}

impl<H: Handler> Lane<H> {
    async fn run(self, mut receiver: mpsc::Receiver<Message>) {
        while let Some(message) = receiver.recv().await {
            if self.shutdown.is_cancelled() {
                // Hand it straight back: another instance, or this one restarted, takes it.
                let _ = message.ack_with(AckKind::Nak(None)).await;
                continue;
            }
            self.process(message).await;
        }
    }

    async fn process(&self, message: Message) {
        let input = to_input(self.stream, &message);
        let service = self.handler.service();
        let started = std::time::Instant::now();
        crate::metrics::count(service, "inputs_consumed");
        let mut attempt = 0;
        loop {
            match self.handler.handle(&input).await {
                Ok(()) => {
                    crate::metrics::observe(service, started.elapsed());
                    if let Err(error) = message.ack().await {
                        // The input will come back; its decision is already idempotent.
                        tracing::warn!(service, sequence = input.sequence, %error, "ack failed");
                    }
                    return;
                }
                Err(Failure::Poison(reason)) => {
                    self.dead_letter(&message, &input, &reason).await;
                    return;
                }
                Err(Failure::Transient(reason)) => {
                    crate::metrics::count(service, "transient_failures");
                    attempt += 1;
                    if attempt > self.settings.max_retries {
                        tracing::warn!(service, sequence = input.sequence, %reason, "giving the input back for later");
                        let _ = message
                            .ack_with(AckKind::Nak(Some(backoff(attempt + 3))))
                            .await;
                        return;
                    }
                    tracing::debug!(service, sequence = input.sequence, attempt, %reason, "retrying");
                    let _ = message.ack_with(AckKind::Progress).await;
                    if sleep_or_shutdown(backoff(attempt), &self.shutdown).await {
                        let _ = message.ack_with(AckKind::Nak(None)).await;
                        return;
                    }
                }
            }
        }
    }

    /// Copies the input to `DEADLETTER`, lets the handler reject it, and terminates it. If
    /// the copy cannot be made the input is handed back instead: nothing is dropped unseen.
    async fn dead_letter(&self, message: &Message, input: &Input, reason: &str) {
        let service = self.handler.service();
        tracing::warn!(service, subject = %input.subject, sequence = input.sequence, %reason, "dead-lettering input");
        let copied = crate::reply::deadletter(&self.store, service, input, reason).await;
        if let Err(error) = copied {
            tracing::error!(service, %error, "cannot dead-letter; handing the input back");
            let _ = message
                .ack_with(AckKind::Nak(Some(Duration::from_secs(5))))
                .await;
            return;
        }
        if let Err(failure) = self.handler.rejected(input, reason).await {
            tracing::warn!(
                service,
                ?failure,
                "rejection not sent; handing the input back"
            );
            let _ = message
                .ack_with(AckKind::Nak(Some(Duration::from_secs(1))))
                .await;
            return;
        }
        crate::metrics::count(service, "inputs_dead_lettered");
        let _ = message.ack_with(AckKind::Term).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit_input(subject: String, event_types: &str) -> Input {
        let mut headers = HeaderMap::new();
        headers.insert(claims_store::headers::EVENT_TYPES, event_types);
        Input {
            stream: "CLAIMS",
            subject,
            sequence: 42,
            message_id: None,
            headers,
            payload: Bytes::new(),
            delivered: 1,
        }
    }

    #[test]
    fn a_commit_triggers_when_one_of_its_event_types_is_a_trigger() {
        let claim_id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "E-1");
        let subject = claims_events::subjects::claim(&claim_id);
        let triggers = ["ClaimCoded", "EligibilityConfirmed"];

        let input = commit_input(subject.clone(), "ClaimRegistered,EligibilityConfirmed");
        assert_eq!(
            input.commit_triggering(&triggers),
            Some((
                claim_id,
                Causation::Commit {
                    claim_id,
                    sequence: 42
                }
            ))
        );
        let other = commit_input(subject, "ClaimRegistered,EligibilityPending");
        assert_eq!(other.commit_triggering(&triggers), None);
        let not_a_commit = commit_input("claims.batch.x".into(), "ClaimCoded");
        assert_eq!(not_a_commit.commit_triggering(&triggers), None);
    }
}
