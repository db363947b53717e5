//! Answering an input: its receipt on `outbox.<partner>.receipts`.
//!
//! Every service answers the same way: `In-Reply-To` names the input (`<stream>:<sequence>`)
//! and the receipt's `Nats-Msg-Id` is derived from it, so an input delivered twice is
//! answered once.

use async_nats::HeaderMap;

use claims_events::{subjects, PartnerId};
use claims_store::{headers, EventStore};

use crate::{Failure, Input};

/// Publishes `receipt` (its JSON) answering `input` on `outbox.<partner>.receipts`.
pub async fn send_receipt(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    receipt: Vec<u8>,
) -> Result<(), Failure> {
    let original = format!("{}:{}", input.stream, input.sequence);
    let mut headers = HeaderMap::new();
    headers.insert(headers::IN_REPLY_TO, original.as_str());
    store
        .publish(
            subjects::outbox(partner, "receipts"),
            &format!("receipt:{original}"),
            headers,
            receipt.into(),
        )
        .await?;
    Ok(())
}
