//! Publishing to partners and to the dead-letter stream, acknowledged and deduplicated.
//!
//! Receipts and outbox messages carry a `Nats-Msg-Id` derived from what they answer, so a
//! redelivered input that is answered again produces one receipt, not two.

use async_nats::{jetstream::message::PublishMessage, HeaderMap};
use bytes::Bytes;

use crate::{headers, EventStore, StoreError};

impl EventStore {
    /// Publishes to a stream subject and waits for the server to store it.
    pub async fn publish(
        &self,
        subject: String,
        message_id: &str,
        headers: HeaderMap,
        payload: Bytes,
    ) -> Result<u64, StoreError> {
        let publish = PublishMessage::build()
            .payload(payload)
            .headers(headers)
            .message_id(message_id);
        let ack = self
            .js
            .send_publish(subject, publish)
            .await
            .map_err(StoreError::unavailable)?
            .await
            .map_err(StoreError::unavailable)?;
        Ok(ack.sequence)
    }

    /// Copies an input a service gave up on to `deadletter.<service>`, with the reason and
    /// where it came from, byte for byte.
    pub async fn deadletter(
        &self,
        service: &str,
        original_subject: &str,
        original: &str,
        reason: &str,
        payload: Bytes,
    ) -> Result<u64, StoreError> {
        let mut headers = HeaderMap::new();
        // Header values cannot hold line breaks; reasons are one line.
        headers.insert(
            headers::DEADLETTER_REASON,
            reason.replace(['\r', '\n'], " ").as_str(),
        );
        headers.insert(headers::ORIGINAL_SUBJECT, original_subject);
        headers.insert(headers::ORIGINAL_SEQUENCE, original);
        let subject = claims_events::subjects::deadletter(service);
        self.publish(
            subject,
            &format!("deadletter:{service}:{original}"),
            headers,
            payload,
        )
        .await
    }
}
