//! Remittance: the payer's X12 835 posted to each claim to the cent, reversals undone,
//! payments that match no claim kept in a suspense list, and patients sent a statement of
//! what they owe.
//!
//! # Layout
//!
//! The pure core, no I/O:
//!
//! - [`decide`]: the posting decision for one claim and the payments of one 835 that name it.
//! - [`adjudication`]: a CLP loop's status, adjustments, patient share and remarks in the
//!   log's terms.
//! - [`reversal`]: which earlier posting a CLP02 22 takes back.
//! - [`lines`]: which billed line each SVC pays.
//! - [`payer`]: which of the claim's coverages the 835 pays under.
//! - [`balance`]: the balancing rules, as problems for a refused file.
//! - [`outcome`]: what became of each payment, and why one went to suspense.
//! - [`statement`]: the patient statement (`statement/v1`, with printable HTML).
//! - [`receipt`]: `receipt/v1` for an 835.
//! - [`sample`]: 835 files written for tests and demonstrations.
//!
//! The shell:
//!
//! - [`era`]: the consumer of `inbox.*.era`.
//! - [`post`]: load, decide, append for one claim, and reproducing a decision on redelivery.
//! - [`suspense`]: `unmatched-remittance/v1` records on `claims.remit.<trace>`.
//! - [`resolution`]: `suspense-resolution/v1`, an operator's resolution of one, beside it.
//! - [`resolve`]: the consumer of `inbox.ops.suspense-resolve` (apply a held payment to a
//!   claim, or dismiss it), with its parsing and pure parts.
//! - [`reply`]: receipts, refusals and statements out.
//!
//! The contract partners see is `docs/contracts/remittance.md`.

pub mod adjudication;
pub mod balance;
pub mod decide;
pub mod era;
pub mod lines;
pub mod outcome;
pub mod payer;
pub mod post;
pub mod receipt;
pub mod reply;
pub mod resolution;
pub mod resolve;
pub mod reversal;
pub mod sample;
pub mod statement;
pub mod suspense;

use std::sync::Arc;

use claims_events::subjects;
use claims_payers::PayerRegistry;
use claims_runtime::{
    run_consumer, CancellationToken, ConsumerSpec, ServiceError, Settings, SystemClock,
};
use claims_store::INBOX;

use crate::era::EraHandler;
use crate::resolve::ResolveHandler;

/// The service's name: its consumer, dead letters and commits carry it.
pub const SERVICE: &str = "remittance";

/// Loads the payer registry named in the settings, or the sample shipped with the system.
pub fn payers(settings: &Settings) -> Result<PayerRegistry, ServiceError> {
    PayerRegistry::load(settings.payers_file.as_deref()).map_err(ServiceError::Config)
}

/// Runs remittance posting until `shutdown` is cancelled.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), ServiceError> {
    let payers = Arc::new(payers(&settings)?);
    let store = claims_runtime::open_store(&settings, SERVICE).await?;
    let handler = Arc::new(EraHandler {
        store: store.clone(),
        payers,
        clock: Arc::new(SystemClock),
        max_conflicts: settings.consumer.max_conflicts,
    });
    let spec = ConsumerSpec {
        stream: INBOX,
        durable: "remittance-era".into(),
        filter_subject: subjects::inbox_kind("era"),
    };
    let era = run_consumer(
        store.clone(),
        spec,
        settings.consumer.clone(),
        handler.clone(),
        shutdown.clone(),
    );
    // Operators' resolutions of the suspense list: their own consumer, so a backlog of 835s
    // does not hold them up (and NATS 2.9 has one filter per consumer).
    let resolve = Arc::new(ResolveHandler { era: handler });
    let spec = ConsumerSpec {
        stream: INBOX,
        durable: "remittance-suspense-resolve".into(),
        filter_subject: subjects::inbox("ops", resolve::KIND),
    };
    let resolutions = run_consumer(store, spec, settings.consumer.clone(), resolve, shutdown);
    futures::future::try_join(era, resolutions).await?;
    Ok(())
}
