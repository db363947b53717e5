//! How the simulated partners talk to the system: exactly as a partner does, by JetStream
//! publishes with a `Nats-Msg-Id` to `inbox.<partner>.<kind>`, receipts read from
//! `outbox.<partner>.receipts`, and durable pull consumers on the `OUTBOX` stream.
//!
//! A receipt can arrive before the publish call returns, so a waiter is registered before
//! publishing and receipts are routed by their `message_id` from one subscription per
//! receipts subject.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, stream::Stream};
use futures::StreamExt;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

/// Why a partner could not talk to the system.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    #[error("NATS: {0}")]
    Nats(String),
    #[error("stopped")]
    Stopped,
}

impl BusError {
    pub fn nats(error: impl std::fmt::Display) -> BusError {
        BusError::Nats(error.to_string())
    }
}

/// What the stream said about a publish.
#[derive(Debug, Clone, Copy)]
pub struct Stored {
    pub sequence: u64,
    /// The same `Nats-Msg-Id` was stored before (within the duplicate window).
    pub duplicate: bool,
}

/// Publishes `payload` to `subject` with `message_id`, waiting for the stream to store it.
pub async fn publish(
    js: &jetstream::Context,
    subject: &str,
    message_id: &str,
    payload: Vec<u8>,
) -> Result<Stored, BusError> {
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, message_id);
    let ack = js
        .publish_with_headers(subject.to_owned(), headers, payload.into())
        .await
        .map_err(BusError::nats)?
        .await
        .map_err(BusError::nats)?;
    Ok(Stored {
        sequence: ack.sequence,
        duplicate: ack.duplicate,
    })
}

type Waiters = Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>>;

/// Receipts on one `outbox.<partner>.receipts` subject, routed to whoever waits for them.
#[derive(Clone)]
pub struct Receipts {
    waiters: Waiters,
}

impl Receipts {
    /// Subscribes to `subject` until `shutdown`.
    pub async fn subscribe(
        client: &async_nats::Client,
        subject: &str,
        shutdown: CancellationToken,
    ) -> Result<Receipts, BusError> {
        let mut subscription = client
            .subscribe(subject.to_owned())
            .await
            .map_err(BusError::nats)?;
        let waiters: Waiters = Arc::default();
        let routed = waiters.clone();
        tokio::spawn(async move {
            loop {
                let message = tokio::select! {
                    _ = shutdown.cancelled() => return,
                    message = subscription.next() => message,
                };
                let Some(message) = message else { return };
                let Ok(receipt) = serde_json::from_slice::<Value>(&message.payload) else {
                    continue;
                };
                let Some(id) = receipt["message_id"].as_str() else {
                    continue;
                };
                let waiter = routed.lock().expect("receipt waiters").remove(id);
                if let Some(waiter) = waiter {
                    let _ = waiter.send(receipt);
                }
            }
        });
        Ok(Receipts { waiters })
    }

    /// Registers interest in the receipt of `message_id`; await the result with a timeout.
    pub fn expect(&self, message_id: &str) -> oneshot::Receiver<Value> {
        let (tx, rx) = oneshot::channel();
        self.waiters
            .lock()
            .expect("receipt waiters")
            .insert(message_id.to_owned(), tx);
        rx
    }

    /// Publishes and waits up to `wait` for the receipt; `None` if none came (the service is
    /// not running, or a duplicate message id was dropped by the stream).
    pub async fn send(
        &self,
        js: &jetstream::Context,
        subject: &str,
        message_id: &str,
        payload: Vec<u8>,
        wait: Duration,
    ) -> Result<(Stored, Option<Value>), BusError> {
        let receipt = self.expect(message_id);
        let stored = publish(js, subject, message_id, payload).await?;
        let receipt = tokio::time::timeout(wait, receipt)
            .await
            .ok()
            .and_then(Result::ok);
        if receipt.is_none() {
            self.waiters
                .lock()
                .expect("receipt waiters")
                .remove(message_id);
        }
        Ok((stored, receipt))
    }
}

/// The stream `name`, waiting for the services to provision it.
pub async fn stream(
    js: &jetstream::Context,
    name: &str,
    shutdown: &CancellationToken,
) -> Result<Stream, BusError> {
    loop {
        match js.get_stream(name).await {
            Ok(stream) => return Ok(stream),
            Err(error) => tracing::debug!(%error, stream = name, "waiting for the stream"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return Err(BusError::Stopped),
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// A durable pull consumer on `stream` for `filter`, remembered by the server across runs.
pub async fn durable(
    stream: &Stream,
    name: &str,
    filter: &str,
    ack_wait: Duration,
) -> Result<pull::Stream, BusError> {
    let config = pull::Config {
        durable_name: Some(name.to_owned()),
        filter_subject: filter.to_owned(),
        deliver_policy: jetstream::consumer::DeliverPolicy::All,
        ack_policy: jetstream::consumer::AckPolicy::Explicit,
        ack_wait,
        max_ack_pending: 64,
        ..Default::default()
    };
    let consumer = stream
        .get_or_create_consumer::<pull::Config>(name, config)
        .await
        .map_err(BusError::nats)?;
    consumer
        .stream()
        .heartbeat(Duration::from_secs(5))
        .messages()
        .await
        .map_err(BusError::nats)
}

/// Every message of `stream` matching `filter` stored up to now, oldest first: what a
/// partner restarted mid-run reads to know what it already answered.
pub async fn read_existing(
    stream: &Stream,
    filter: &str,
) -> Result<Vec<(u64, bytes::Bytes)>, BusError> {
    let mut info = stream.clone();
    let last = info
        .info()
        .await
        .map_err(BusError::nats)?
        .state
        .last_sequence;
    let mut out = Vec::new();
    if last == 0 {
        return Ok(out);
    }
    let consumer = stream
        .create_consumer(pull::OrderedConfig {
            filter_subject: filter.to_owned(),
            ..Default::default()
        })
        .await
        .map_err(BusError::nats)?;
    let mut messages = consumer.messages().await.map_err(BusError::nats)?;
    loop {
        // An ordered consumer has no end: stop at the last sequence seen at the start, or when
        // nothing more arrives (no later message matches the filter).
        let next = tokio::time::timeout(Duration::from_secs(2), messages.next()).await;
        let Ok(Some(Ok(message))) = next else { break };
        let sequence = message.info().map(|i| i.stream_sequence).unwrap_or(0);
        out.push((sequence, message.payload.clone()));
        if sequence >= last {
            break;
        }
    }
    Ok(out)
}
