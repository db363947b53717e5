//! The simulated payers: adjudicate the claims the clearinghouse accepted and answer each
//! batch with an 835 (sent by [`crate::remit`]), then reverse and correct the occasional
//! payment in a later 835. Appeals are answered in [`crate::appeals`].
//!
//! Denials a biller would work are handed to the simulated operators once the system has
//! posted the 835 that carries them.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::adjudicate::{adjudicate, reversal, ClaimPaid};
use crate::bus::BusError;
use crate::config::Shared;
use crate::decisions::{decision, Decision};
use crate::operator::Task;
use crate::remit::remit;
use crate::x837::{BilledBatch, BilledClaim};

/// A claim accepted into adjudication, and how many times its payer adjudicated it before.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub claim: BilledClaim,
    pub adjudications: u32,
}

/// Answers the accepted claims of one batch; false when stopped or NATS failed before the
/// batch was fully answered (its message is then delivered again).
pub async fn answer_batch(
    shared: &Shared,
    batch: &BilledBatch,
    accepted: Vec<Accepted>,
    shutdown: &CancellationToken,
) -> bool {
    if accepted.is_empty() {
        return true;
    }
    shared
        .stats
        .pending
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let done = answer(shared, batch, accepted, shutdown).await;
    shared
        .stats
        .pending
        .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    match done {
        Ok(done) => done,
        Err(error) => {
            tracing::warn!(%error, "a payer could not answer a batch; it will be answered again");
            false
        }
    }
}

async fn answer(
    shared: &Shared,
    batch: &BilledBatch,
    accepted: Vec<Accepted>,
    shutdown: &CancellationToken,
) -> Result<bool, BusError> {
    if !pause(shared.config.payer_delay, shutdown).await {
        return Ok(false);
    }
    let seed = shared.config.seed;
    let Some(payer) = accepted
        .first()
        .and_then(|a| shared.payer_by_x12(&a.claim.payer_x12_id))
    else {
        tracing::warn!(batch = %batch.interchange_control, "no payer in the registry for a batch; left unanswered");
        return Ok(true);
    };
    let mut paid = Vec::new();
    let mut reversed = Vec::new();
    for a in &accepted {
        let choice = decision(
            seed,
            &a.claim.claim_id,
            a.adjudications,
            a.claim.lines.len(),
        );
        let claim = adjudicate(
            seed,
            payer.id.as_str(),
            &a.claim,
            choice,
            a.adjudications,
            0,
        );
        if choice == Decision::PaidThenReversed {
            let corrected = adjudicate(
                seed,
                payer.id.as_str(),
                &a.claim,
                Decision::Paid,
                a.adjudications,
                40,
            );
            reversed.push(reversal(&claim));
            reversed.push(corrected);
        }
        paid.push((a, choice, claim));
    }
    let id = format!("835-{}-{}", payer.id, batch.interchange_control);
    let claims: Vec<(ClaimPaid, String)> = paid
        .iter()
        .map(|(a, _, c)| (c.clone(), a.claim.billing_name.clone()))
        .collect();
    let posted = remit(
        shared,
        payer,
        &id,
        &format!("{}-{}", payer.x12_payer_id, batch.interchange_control),
        claims,
    )
    .await?;
    if posted && shared.config.operators {
        for (a, choice, claim) in &paid {
            if let Some(task) = Task::for_decision(shared, &a.claim, *choice, claim) {
                let _ = shared.operator.send(task);
            }
        }
    }
    if !reversed.is_empty() {
        if !pause(shared.config.payer_delay, shutdown).await {
            return Ok(false);
        }
        let names: Vec<(ClaimPaid, String)> = reversed
            .into_iter()
            .map(|c| {
                let name = accepted
                    .iter()
                    .find(|a| a.claim.claim_id == c.claim_id)
                    .map(|a| a.claim.billing_name.clone())
                    .unwrap_or_default();
                (c, name)
            })
            .collect();
        remit(
            shared,
            payer,
            &format!("{id}-R"),
            &format!("{}-{}-R", payer.x12_payer_id, batch.interchange_control),
            names,
        )
        .await?;
    }
    Ok(true)
}

/// Sleeps, or returns false at shutdown.
pub(crate) async fn pause(duration: Duration, shutdown: &CancellationToken) -> bool {
    tokio::select! {
        _ = shutdown.cancelled() => false,
        _ = tokio::time::sleep(duration) => true,
    }
}
