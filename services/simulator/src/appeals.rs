//! Appeals as a payer sees them: the system publishes each appeal letter on the practice's
//! `outbox.<practice>.appeals` (the practice mails it with the records); the simulated
//! payer reads them through a durable consumer, overturns the denial and pays the claim in a
//! new 835.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::adjudicate::adjudicate;
use crate::bus::{self, BusError};
use crate::config::Shared;
use crate::decisions::Decision;
use crate::payer::pause;
use crate::progress::add;
use crate::remit::remit;

/// Answers appeal letters until `shutdown`: the payer overturns the denial and pays.
pub async fn run_appeals(shared: Arc<Shared>, shutdown: CancellationToken) -> Result<(), BusError> {
    let outbox = bus::stream(&shared.js, "OUTBOX", &shutdown).await?;
    let mut letters = bus::durable(
        &outbox,
        "sim-payers-appeals",
        "outbox.*.appeals",
        Duration::from_secs(900),
    )
    .await?;
    loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            next = letters.next() => next,
        };
        let letter = match next {
            None => return Ok(()),
            Some(Err(error)) => {
                tracing::warn!(%error, "reading appeal letters");
                continue;
            }
            Some(Ok(letter)) => letter,
        };
        let (shared, shutdown) = (shared.clone(), shutdown.clone());
        tokio::spawn(async move {
            match answer_appeal(&shared, &letter.payload, &shutdown).await {
                Ok(true) => {
                    let _ = letter.ack().await;
                }
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "answering an appeal; it will be read again"),
            }
        });
    }
}

async fn answer_appeal(
    shared: &Shared,
    letter: &[u8],
    shutdown: &CancellationToken,
) -> Result<bool, BusError> {
    let letter: serde_json::Value = serde_json::from_slice(letter).unwrap_or_default();
    let (Some(claim_id), level) = (
        letter["claim_id"].as_str(),
        letter["level"].as_u64().unwrap_or(1),
    ) else {
        return Ok(true);
    };
    let Some((claim, _)) = shared.billed_claim(claim_id) else {
        tracing::debug!(
            claim_id,
            "an appeal for a claim the simulated payers never saw; ignored"
        );
        return Ok(true);
    };
    let Some(payer) = shared.payer_by_x12(&claim.payer_x12_id) else {
        return Ok(true);
    };
    if !pause(shared.config.payer_delay, shutdown).await {
        return Ok(false);
    }
    // The appeal is decided as a new adjudication of the claim, paid in full of what the fee
    // schedule allows.
    let paid = adjudicate(
        shared.config.seed,
        payer.id.as_str(),
        &claim,
        Decision::Paid,
        100 + level as u32,
        0,
    );
    let id = format!("835-appeal-{claim_id}-{level}");
    remit(
        shared,
        payer,
        &id,
        &format!("APL-{claim_id}-{level}"),
        vec![(paid, claim.billing_name.clone())],
    )
    .await?;
    add(&shared.stats.appeals_answered, 1);
    Ok(true)
}
