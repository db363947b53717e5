//! Operator commands as the CLI sends them: JSON on `inbox.ops.<command>` with a fresh
//! `Nats-Msg-Id`, then the receipt on `outbox.ops.receipts` that answers it. This is the only
//! write path operators have; the services validate every command against the claim.

use std::time::Duration;

use anyhow::Context;
use futures::StreamExt;

/// Publishes `command` to `inbox.ops.<kind>` and waits up to 30 s for its receipt.
pub async fn send(
    client: &async_nats::Client,
    kind: &str,
    command: &serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let message_id = uuid::Uuid::now_v7().to_string();
    // Subscribe before publishing so the receipt cannot be missed.
    let mut receipts = client.subscribe("outbox.ops.receipts").await?;
    let js = async_nats::jetstream::new(client.clone());
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, message_id.as_str());
    js.publish_with_headers(
        format!("inbox.ops.{kind}"),
        headers,
        serde_json::to_vec(command)?.into(),
    )
    .await?
    .await
    .context("the INBOX stream did not store the command: is the system running?")?;
    let wait = async {
        while let Some(message) = receipts.next().await {
            let Ok(receipt) = serde_json::from_slice::<serde_json::Value>(&message.payload) else {
                continue;
            };
            if receipt["message_id"] == message_id.as_str() {
                return Some(receipt);
            }
        }
        None
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .ok()
        .flatten()
        .with_context(|| {
            format!("no receipt for command {message_id} within 30 s: are the services running?")
        })
}

/// Prints a receipt for a person and fails if it was a rejection.
pub fn report(receipt: &serde_json::Value) -> anyhow::Result<()> {
    if receipt["status"] == "accepted" {
        println!(
            "accepted: {}",
            receipt["outcome"].as_str().unwrap_or("done")
        );
        return Ok(());
    }
    for error in receipt["errors"].as_array().into_iter().flatten() {
        eprintln!(
            "rejected: {} ({})",
            error["message"].as_str().unwrap_or(""),
            error["code"].as_str().unwrap_or("")
        );
    }
    anyhow::bail!("the command was refused")
}
