//! Denial handling: every denial and front-end rejection triaged by its reason codes, the
//! safe cases settled automatically, the rest put in a work queue for billers, whose
//! corrections, appeals, rebills, patient bills and write-offs are recorded with their name,
//! and deadlines watched so none passes unannounced.
//!
//! # Layout
//!
//! The pure core (no I/O, no clock; given/when/then tests in `tests/decide/`):
//! - [`classify`]: the CARC (+ group, + RARC) table: category and recommended action.
//! - [`case`]: a claim as denial handling sees it: open denials, deadline notices given.
//! - [`triage`]: what a posted remittance or a rejection means: triage and automatic actions.
//! - [`deadline`]: appeal and timely-filing deadlines; the notices a sweep gives.
//! - [`command`], [`action`]: operator commands parsed at the edge, then decided on the claim.
//! - [`worklist`]: the work queue's order, per payer and category.
//! - [`letter`]: the appeal letter, written from the log (patient statements are the
//!   remittance crate's `statement/v1`, built the same way).
//!
//! The shell:
//! - [`claims_commits`]: consumer of `CLAIMS` (durable `denials-claims`).
//! - [`operator`]: consumers of `inbox.ops.<kind>` (one durable per kind), receipts and documents.
//! - [`sweep`]: the periodic deadline sweep on an injected clock.
//! - [`scan`]: claims with denials, read from the log (until projections offer a read model).

pub mod action;
pub mod case;
pub mod claims_commits;
pub mod classify;
pub mod command;
pub mod deadline;
pub mod letter;
pub mod operator;
pub mod scan;
pub mod sweep;
pub mod triage;
pub mod worklist;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use claims_events::subjects;
use claims_payers::PayerRegistry;
use claims_runtime::{
    run_consumer, CancellationToken, Clock, ConsumerSpec, ServiceError, Settings, SystemClock,
};
use claims_store::{StoreError, CLAIMS, INBOX};

use crate::claims_commits::TriageHandler;
use crate::command::Kind;
use crate::operator::ActionHandler;
use crate::sweep::Sweeper;

/// The service's name: its consumers, dead letters and commits carry it.
pub const SERVICE: &str = "denials";

/// What tests (and only tests, normally) change about the service.
#[derive(Clone)]
pub struct Options {
    /// Today's date for deadlines, and commit times.
    pub clock: Arc<dyn Clock>,
    /// How often the deadline sweep runs (it also runs at start-up). Deadlines are dates,
    /// so hourly is plenty; it only bounds how late after midnight a notice appears.
    pub sweep_every: Duration,
    /// How far ahead a deadline is announced as approaching.
    pub approaching_within_days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            clock: Arc::new(SystemClock),
            sweep_every: Duration::from_secs(3600),
            approaching_within_days: deadline::APPROACHING_WITHIN_DAYS,
        }
    }
}

/// Loads the payer registry named in the settings, or the sample shipped in the binary.
pub fn payers(settings: &Settings) -> Result<PayerRegistry, ServiceError> {
    PayerRegistry::load(settings.payers_file.as_deref()).map_err(ServiceError::Config)
}

/// Runs denial handling until `shutdown` is cancelled.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), ServiceError> {
    run_with(settings, shutdown, Options::default()).await
}

type Task = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send>>;

/// Runs denial handling with `options` (a test's clock and sweep interval).
pub async fn run_with(
    settings: Settings,
    shutdown: CancellationToken,
    options: Options,
) -> Result<(), ServiceError> {
    let payers = Arc::new(payers(&settings)?);
    let store = claims_runtime::open_store(&settings, SERVICE).await?;
    let max_conflicts = settings.consumer.max_conflicts;
    let mut tasks: Vec<Task> = Vec::new();

    let triage = Arc::new(TriageHandler {
        store: store.clone(),
        payers: payers.clone(),
        clock: options.clock.clone(),
        max_conflicts,
    });
    let spec = ConsumerSpec {
        stream: CLAIMS,
        durable: "denials-claims".into(),
        filter_subject: subjects::ALL_CLAIMS.into(),
    };
    let consumer = settings.consumer.clone();
    tasks.push(Box::pin(run_consumer(
        store.clone(),
        spec,
        consumer,
        triage,
        shutdown.clone(),
    )));

    // One durable consumer per command subject: a filter on `inbox.ops.>` would also take
    // the coding service's `inbox.ops.code-correct`, and NATS 2.9 has one filter per consumer.
    for kind in Kind::ALL {
        let handler = Arc::new(ActionHandler {
            kind,
            store: store.clone(),
            payers: payers.clone(),
            clock: options.clock.clone(),
            max_conflicts,
        });
        let spec = ConsumerSpec {
            stream: INBOX,
            durable: format!("denials-{}", kind.subject_kind()),
            filter_subject: subjects::inbox("ops", kind.subject_kind()),
        };
        let consumer = settings.consumer.clone();
        tasks.push(Box::pin(run_consumer(
            store.clone(),
            spec,
            consumer,
            handler,
            shutdown.clone(),
        )));
    }

    let sweeper = Arc::new(Sweeper::new(
        store.clone(),
        options.clock.clone(),
        options.approaching_within_days,
        max_conflicts,
    ));
    let sweeps = sweep::run_sweeps(sweeper, options.sweep_every, shutdown.clone());
    tasks.push(Box::pin(async move {
        sweeps.await;
        Ok(())
    }));

    for result in futures::future::join_all(tasks).await {
        result?;
    }
    Ok(())
}
