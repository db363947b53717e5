//! The simulated clearinghouse: takes the system's 837P batches from
//! `outbox.<clearinghouse>.837` through a durable consumer on the `OUTBOX` stream, answers
//! each with a 999 and a 277CA on `inbox.<clearinghouse>.ack`, and routes the accepted claims
//! to their payers.
//!
//! A batch's message is acknowledged only once its payer has answered, so a demo stopped in
//! between answers it again when restarted (the same message ids, so nothing is recorded
//! twice). Which claims were seen before is rebuilt at start from the 837s in the stream, so
//! a claim sent again after a fix is recognised as such across restarts.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::acks::{write_277ca, write_999, ClaimAnswer};
use crate::adjudicate::payer_claim_number;
use crate::bus::{self, BusError, Receipts};
use crate::config::Shared;
use crate::decisions::{verdict, Verdict};
use crate::operator::Task;
use crate::payer::{self, Accepted};
use crate::progress::add;
use crate::x837::{read_837, BilledBatch};

/// Runs the clearinghouse until `shutdown`.
pub async fn run(shared: Arc<Shared>, shutdown: CancellationToken) -> Result<(), BusError> {
    let clearinghouse = shared.config.clearinghouse.clone();
    let outbox = bus::stream(&shared.js, "OUTBOX", &shutdown).await?;
    let subject = format!("outbox.{clearinghouse}.837");
    for (sequence, payload) in bus::read_existing(&outbox, &subject).await? {
        if let Ok(batch) = std::str::from_utf8(&payload)
            .map_err(|e| e.to_string())
            .and_then(|t| read_837(t).map_err(|e| e.to_string()))
        {
            for claim in &batch.claims {
                shared.bill(sequence, claim);
            }
        }
    }
    let receipts = Receipts::subscribe(
        &shared.client,
        &format!("outbox.{clearinghouse}.receipts"),
        shutdown.clone(),
    )
    .await?;
    let mut messages = bus::durable(
        &outbox,
        &format!("sim-{clearinghouse}-837"),
        &subject,
        Duration::from_secs(900),
    )
    .await?;
    let in_flight = Arc::new(Semaphore::new(8));
    loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            next = messages.next() => next,
        };
        let message = match next {
            None => return Ok(()),
            Some(Err(error)) => {
                tracing::warn!(%error, "reading the 837 batches");
                continue;
            }
            Some(Ok(message)) => message,
        };
        let sequence = message.info().map(|i| i.stream_sequence).unwrap_or(0);
        let batch = match std::str::from_utf8(&message.payload)
            .map_err(|e| e.to_string())
            .and_then(|t| read_837(t).map_err(|e| e.to_string()))
        {
            Ok(batch) => batch,
            Err(error) => {
                tracing::warn!(sequence, %error, "an 837 the clearinghouse cannot read; skipped");
                let _ = message.ack().await;
                continue;
            }
        };
        add(&shared.stats.batches_seen, 1);
        add(&shared.stats.claims_seen, batch.claims.len() as u64);
        let accepted = match answer(&shared, &receipts, &batch, sequence).await {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::warn!(%error, "acknowledging an 837; it will be delivered again");
                continue;
            }
        };
        let permit = in_flight
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| BusError::Stopped)?;
        let (shared, shutdown) = (shared.clone(), shutdown.clone());
        tokio::spawn(async move {
            if payer::answer_batch(&shared, &batch, accepted, &shutdown).await {
                let _ = message.ack().await;
            }
            drop(permit);
        });
    }
}

/// Sends the 999 and the 277CA for `batch`; returns the claims accepted into adjudication,
/// each with the number of times its payer adjudicated it before.
async fn answer(
    shared: &Shared,
    receipts: &Receipts,
    batch: &BilledBatch,
    sequence: u64,
) -> Result<Vec<Accepted>, BusError> {
    let seed = shared.config.seed;
    let seen: Vec<(Verdict, u32)> = batch
        .claims
        .iter()
        .map(|claim| {
            let (attempt, adjudications) = shared.bill(sequence, claim);
            (verdict(seed, &claim.claim_id, attempt), adjudications)
        })
        .collect();
    let verdicts: Vec<Verdict> = seen.iter().map(|(v, _)| *v).collect();
    let control: u32 = batch.interchange_control.parse().unwrap_or(1);
    let created = Utc::now().naive_utc();
    let subject = format!("inbox.{}.ack", shared.config.clearinghouse);
    let wait = shared.config.receipt_wait;
    let text =
        write_999(batch, &verdicts, ack_control(control, 1), created).map_err(BusError::nats)?;
    let id = format!("999-{}", batch.interchange_control);
    let (_, receipt) = receipts
        .send(&shared.js, &subject, &id, text.into_bytes(), wait)
        .await?;
    check_receipt(&id, receipt.as_ref());
    add(&shared.stats.acks_sent, 1);

    let answers: Vec<ClaimAnswer<'_>> = batch
        .claims
        .iter()
        .zip(&seen)
        .filter(|(_, (v, _))| *v != Verdict::Reject999)
        .map(|(claim, (v, adjudications))| ClaimAnswer {
            claim,
            verdict: *v,
            payer_claim_number: payer_claim_number(seed, &claim.claim_id, *adjudications),
        })
        .collect();
    if !answers.is_empty() {
        let text = write_277ca(batch, &answers, ack_control(control, 2), created)
            .map_err(BusError::nats)?;
        let id = format!("277-{}", batch.interchange_control);
        let (_, receipt) = receipts
            .send(&shared.js, &subject, &id, text.into_bytes(), wait)
            .await?;
        check_receipt(&id, receipt.as_ref());
        add(&shared.stats.acks_sent, 1);
    }
    let mut accepted = Vec::new();
    for (claim, (v, adjudications)) in batch.claims.iter().zip(seen) {
        if v == Verdict::Accept {
            accepted.push(Accepted {
                claim: claim.clone(),
                adjudications,
            });
            continue;
        }
        add(&shared.stats.claims_rejected_front_end, 1);
        if shared.config.operators {
            if let Some(task) = Task::fix_rejection(shared, &claim.claim_id) {
                let _ = shared.operator.send(task);
            }
        }
    }
    Ok(accepted)
}

/// The clearinghouse's own control numbers for its 999 (`kind` 1) and 277CA (2) of a batch:
/// distinct, nine digits at most.
fn ack_control(batch: u32, kind: u32) -> u32 {
    (batch % 499_999_999) * 2 + kind
}

/// A refused acknowledgment means the simulator wrote something the system cannot read:
/// worth a warning, never a patient detail (receipts carry none).
fn check_receipt(id: &str, receipt: Option<&serde_json::Value>) {
    match receipt {
        Some(r) if r["status"] == "rejected" => {
            tracing::warn!(message_id = id, errors = %r["errors"], "the system refused an acknowledgment")
        }
        None => tracing::debug!(message_id = id, "no receipt for an acknowledgment"),
        _ => {}
    }
}
