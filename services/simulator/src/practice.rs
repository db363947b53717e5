//! The simulated practices at work: for each visit, the payer's eligibility answer on
//! `inbox.<payer>.eligibility`, then the encounter on `inbox.<practice>.encounter`, at the
//! configured rate, each with a `Nats-Msg-Id` the sender keeps (`ELIG-<encounter id>`, and
//! the encounter id itself).
//!
//! A run continues where the last one stopped: encounter ids are `SIM<seed>-<n>`, and the
//! next `n` is read from the newest encounter of each simulated practice in the `INBOX`
//! stream. Sending one again by mistake is harmless: the same id and content change nothing.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::bus::{self, BusError};
use crate::config::Shared;
use crate::encounter::Intake;
use crate::ledger::predict;
use crate::operator::Task;
use crate::progress::add;

/// Sends the encounters not yet sent, then returns (the other partners go on).
pub async fn run(shared: Arc<Shared>, shutdown: CancellationToken) -> Result<(), BusError> {
    let inbox = bus::stream(&shared.js, "INBOX", &shutdown).await?;
    let start = resume_point(&shared, &inbox).await;
    let config = &shared.config;
    shared
        .stats
        .encounters_target
        .store(config.claims, std::sync::atomic::Ordering::Relaxed);
    shared.stats.encounters_sent.store(
        start.min(config.claims),
        std::sync::atomic::Ordering::Relaxed,
    );
    let today = Utc::now().date_naive();
    for number in 0..start.min(config.claims) {
        let generated = shared.generator.encounter(number, today);
        let lines = generated.lines.as_array().map_or(0, Vec::len);
        shared.ledger.lock().expect("ledger").add(predict(
            config.seed,
            &generated,
            lines,
            config.operators,
        ));
    }
    count_receipts(&shared, &shutdown).await?;
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / config.rate.max(0.01)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for number in start..config.claims {
        tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            _ = ticks.tick() => {}
        }
        let generated = shared.generator.encounter(number, Utc::now().date_naive());
        let lines = generated.lines.as_array().map_or(0, Vec::len);
        shared.ledger.lock().expect("ledger").add(predict(
            config.seed,
            &generated,
            lines,
            config.operators,
        ));
        let eligibility = serde_json::to_vec(&generated.eligibility).unwrap_or_default();
        let encounter = serde_json::to_vec(&generated.encounter).unwrap_or_default();
        let eligibility_subject = format!("inbox.{}.eligibility", generated.payer_id);
        let encounter_subject = format!("inbox.{}.encounter", generated.partner);
        let eligibility_id = format!("ELIG-{}", generated.encounter_id);
        // The payer's answer first, so the claim finds its coverage on file.
        retry(&shutdown, || {
            bus::publish(
                &shared.js,
                &eligibility_subject,
                &eligibility_id,
                eligibility.clone(),
            )
        })
        .await?;
        retry(&shutdown, || {
            bus::publish(
                &shared.js,
                &encounter_subject,
                &generated.encounter_id,
                encounter.clone(),
            )
        })
        .await?;
        add(&shared.stats.encounters_sent, 1);
        if generated.intake == Intake::CodingProblem && config.operators {
            if let Some(task) = Task::correct_coding(&shared, generated.claim_id) {
                let _ = shared.operator.send(task);
            }
        }
    }
    Ok(())
}

/// The next encounter number: one past the newest of this seed among the simulated
/// practices' encounters in `INBOX`.
async fn resume_point(shared: &Shared, inbox: &async_nats::jetstream::stream::Stream) -> u64 {
    let prefix = format!("SIM{}-", shared.config.seed);
    let mut next = 0;
    for practice in shared.generator.practices() {
        let subject = format!("inbox.{}.encounter", practice.partner);
        let Ok(last) = inbox.get_last_raw_message_by_subject(&subject).await else {
            continue;
        };
        let id = last
            .headers
            .get(async_nats::header::NATS_MESSAGE_ID)
            .map(|v| v.as_str().to_owned())
            .unwrap_or_default();
        if let Some(n) = id.strip_prefix(&prefix).and_then(|n| n.parse::<u64>().ok()) {
            next = next.max(n + 1);
        }
    }
    next
}

/// Counts the receipts of this seed's encounters as the practices' EHRs would file them.
async fn count_receipts(
    shared: &Arc<Shared>,
    shutdown: &CancellationToken,
) -> Result<(), BusError> {
    let prefix = format!("SIM{}-", shared.config.seed);
    for practice in shared.generator.practices() {
        let subject = format!("outbox.{}.receipts", practice.partner);
        let mut receipts = shared
            .client
            .subscribe(subject)
            .await
            .map_err(BusError::nats)?;
        let (shared, shutdown, prefix) = (shared.clone(), shutdown.clone(), prefix.clone());
        tokio::spawn(async move {
            loop {
                let message = tokio::select! {
                    _ = shutdown.cancelled() => return,
                    message = receipts.next() => message,
                };
                let Some(message) = message else { return };
                let Ok(receipt) = serde_json::from_slice::<serde_json::Value>(&message.payload)
                else {
                    continue;
                };
                if !receipt["message_id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with(&prefix))
                {
                    continue;
                }
                let counter = if receipt["status"] == "accepted" {
                    &shared.stats.receipts_accepted
                } else {
                    &shared.stats.receipts_rejected
                };
                add(counter, 1);
            }
        });
    }
    Ok(())
}

/// Tries `publish` until it succeeds (NATS restarting, a stream being provisioned) or stop.
async fn retry<F, Fut>(
    shutdown: &CancellationToken,
    mut publish: F,
) -> Result<bus::Stored, BusError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bus::Stored, BusError>>,
{
    let mut pause = Duration::from_millis(200);
    loop {
        match publish().await {
            Ok(stored) => return Ok(stored),
            Err(error) => tracing::warn!(%error, "publishing to the inbox; trying again"),
        }
        tokio::select! {
            _ = shutdown.cancelled() => return Err(BusError::Stopped),
            _ = tokio::time::sleep(pause) => {}
        }
        pause = (pause * 2).min(Duration::from_secs(5));
    }
}
