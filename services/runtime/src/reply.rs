//! Answering an input: its receipt on `outbox.<partner>.receipts`, and keeping an input
//! that was refused in `DEADLETTER`.
//!
//! Every service answers the same way: `In-Reply-To` names the input (`<stream>:<sequence>`)
//! and the receipt's `Nats-Msg-Id` is derived from it, so an input delivered twice is
//! answered once.

use async_nats::HeaderMap;

use claims_events::{subjects, PartnerId};
use claims_store::{headers, EventStore, StoreError};

use crate::{Failure, Input};

/// Headers of a message answering `input`: `In-Reply-To: <stream>:<sequence>`.
pub fn in_reply_to(input: &Input) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(headers::IN_REPLY_TO, input.origin().as_str());
    headers
}

/// Publishes `receipt` (its JSON) answering `input` on `outbox.<partner>.receipts`.
pub async fn send_receipt(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    receipt: Vec<u8>,
) -> Result<(), Failure> {
    store
        .publish(
            subjects::outbox(partner, "receipts"),
            &format!("receipt:{}", input.origin()),
            in_reply_to(input),
            receipt.into(),
        )
        .await?;
    Ok(())
}

/// Keeps `input`, byte for byte, in `deadletter.<service>` with `reason` and where it came
/// from: a refused input stays in view with the original bytes.
pub async fn deadletter(
    store: &EventStore,
    service: &str,
    input: &Input,
    reason: &str,
) -> Result<u64, StoreError> {
    store
        .deadletter(
            service,
            &input.subject,
            &input.origin(),
            reason,
            input.payload.clone(),
        )
        .await
}
