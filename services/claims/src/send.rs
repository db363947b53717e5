//! `claims send`: publish a file as a partner would (to its inbox subject, with a
//! `Nats-Msg-Id`), and print the receipt the system answers with. Any NATS client does the
//! same; this one needs nothing installed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use claims_runtime::Settings;
use clap::Args;
use futures::StreamExt;

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The inbox subject, e.g. inbox.springfield-fp.encounter or inbox.availity.era.
    pub subject: String,
    /// The message: a JSON or X12 file.
    pub file: PathBuf,
    /// The sender's message id; sending the same id again changes nothing. Default: a new one.
    #[arg(long)]
    pub message_id: Option<String>,
}

pub async fn run(settings: Settings, args: SendArgs) -> anyhow::Result<()> {
    let receipt = send(&settings, &args.subject, &args.file, args.message_id).await?;
    println!("{}", serde_json::to_string_pretty(&receipt)?);
    Ok(())
}

/// Publishes `file` to the inbox `subject` under `message_id` (a new one when `None`) and
/// returns the receipt the system answers with. Public so `claims era import` and the
/// end-to-end tests send exactly as `claims send` does.
pub async fn send(
    settings: &Settings,
    subject: &str,
    file: &Path,
    message_id: Option<String>,
) -> anyhow::Result<serde_json::Value> {
    let partner = claims_events::subjects::inbox_source(subject)
        .with_context(|| format!("`{subject}` is not an inbox subject (inbox.<partner>.<kind>)"))?
        .to_owned();
    let payload = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let message_id = message_id.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let url = crate::nats::running_url(settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-send").await?;
    let mut receipts = client
        .subscribe(format!("outbox.{partner}.receipts"))
        .await?;
    let js = async_nats::jetstream::new(client.clone());
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, message_id.as_str());
    let ack = js
        .publish_with_headers(subject.to_owned(), headers, payload.into())
        .await?
        .await?;
    eprintln!(
        "sent {} as message {message_id} (INBOX #{}{})",
        file.display(),
        ack.sequence,
        if ack.duplicate { ", a duplicate" } else { "" }
    );
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
    match tokio::time::timeout(Duration::from_secs(30), wait).await.ok().flatten() {
        Some(receipt) => Ok(receipt),
        None => anyhow::bail!("no receipt within 30 s (a duplicate message id is answered only once): are the services running?"),
    }
}
