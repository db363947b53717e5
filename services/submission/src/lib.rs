//! Submission: coded claims are scrubbed against their payer's rules, batched per
//! clearinghouse and payer into X12 837P files, acknowledged by 999s and 277CAs, and
//! followed up when the payer stays silent.
//!
//! # Layout
//!
//! - [`scrub`], [`bill`], [`decide`]: the pure rules: payer scrubbing, the claim as the
//!   837P writer takes it (and a trial write), readiness and a claim's place in a batch.
//! - [`ready`]: reacts to commits that leave a claim `Coded`: `ScrubFailed`, or queued.
//! - [`queue`]: the `SUBMIT` work queue, one subject per clearinghouse and payer.
//! - [`batcher`], [`batch`]: rounds of the queue become batches; claims are marked
//!   `ClaimSubmitted` with their control numbers.
//! - [`batch_log`]: batch records and published markers in `CLAIMS`, and control numbers
//!   derived from the log.
//! - [`publish`]: a batch's 837 written and put in `outbox.<clearinghouse>.837`.
//! - [`recovery`]: batches whose claims were marked but whose 837 never went out.
//! - [`acks`]: 999 and 277CA files on `inbox.<clearinghouse>.ack`; [`receipt`] answers.
//! - [`follow_up`]: the sweep for silent payers and timely-filing limits.
//! - [`settings`]: batching, recovery, follow-up and submitter settings; [`streams`]: the
//!   start-up check of the stream layout.
//! - [`x837`]: the 837P writer.

pub mod acks;
pub mod batch;
pub mod batch_log;
pub mod batcher;
pub mod bill;
pub mod decide;
pub mod follow_up;
pub mod publish;
pub mod queue;
pub mod ready;
pub mod receipt;
pub mod recovery;
pub mod scrub;
pub mod settings;
pub mod streams;
pub mod x837;

use std::sync::Arc;

use claims_events::subjects;
use claims_payers::PayerRegistry;
use claims_runtime::{
    run_consumer, CancellationToken, Clock, ConsumerSpec, ServiceError, Settings, SystemClock,
};
use claims_store::{CLAIMS, INBOX};

pub use settings::SubmissionSettings;

use crate::acks::AckHandler;
use crate::batch::Batching;
use crate::batch_log::BatchLog;
use crate::batcher::Batcher;
use crate::follow_up::{index::OpenClaims, FollowUp};
use crate::publish::Publisher;
use crate::ready::ReadyHandler;
use crate::recovery::Recovery;

/// The service's name: its consumers, dead letters and commits carry it.
pub const SERVICE: &str = "submission";

/// Loads the payer registry named in the settings, or the sample shipped in the binary.
pub fn payers(settings: &Settings) -> Result<PayerRegistry, ServiceError> {
    PayerRegistry::load(settings.payers_file.as_deref()).map_err(ServiceError::Config)
}

/// Runs submission until `shutdown` is cancelled, with its settings from the environment
/// and the system clock.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), ServiceError> {
    let submission = SubmissionSettings::from_env().map_err(ServiceError::Config)?;
    run_with(settings, submission, Arc::new(SystemClock), shutdown).await
}

/// Runs submission with explicit settings and clock (tests move a `ManualClock`).
pub async fn run_with(
    settings: Settings,
    submission: SubmissionSettings,
    clock: Arc<dyn Clock>,
    shutdown: CancellationToken,
) -> Result<(), ServiceError> {
    let payers = Arc::new(payers(&settings)?);
    submission.check().map_err(ServiceError::Config)?;
    let store = claims_runtime::open_store(&settings, SERVICE).await?;
    streams::check(&store).await.map_err(ServiceError::Config)?;
    let log = BatchLog::open(store.clone()).await?;
    let max_conflicts = settings.consumer.max_conflicts;
    let publisher = Publisher {
        log: log.clone(),
        payers: payers.clone(),
        submitter: submission.submitter.clone(),
        usage: submission.usage,
    };

    let ready = Arc::new(ReadyHandler {
        store: store.clone(),
        payers: payers.clone(),
        submitter: submission.submitter.clone(),
        clock: clock.clone(),
        max_conflicts,
    });
    let acks = Arc::new(AckHandler {
        store: store.clone(),
        log: log.clone(),
        clock: clock.clone(),
        max_conflicts,
    });
    let batcher = Arc::new(Batcher {
        batching: Batching {
            store: store.clone(),
            publisher: publisher.clone(),
            clock: clock.clone(),
            max_conflicts,
            marking_window: submission.recovery_after / 2,
        },
        max_claims: submission.batch_max_claims,
        max_wait: submission.batch_max_wait,
        ack_wait: submission.batch_max_wait + submission.recovery_after,
    });
    let recovery = Arc::new(Recovery {
        store: store.clone(),
        log,
        publisher,
        clock: clock.clone(),
        recovery_after: submission.recovery_after,
    });
    let follow_up = Arc::new(FollowUp {
        store: store.clone(),
        open: OpenClaims::default(),
        payers,
        clock,
        interval: submission.follow_up_interval,
        warning_days: submission.timely_filing_warning_days,
        max_conflicts,
    });
    let ready_spec = ConsumerSpec {
        stream: CLAIMS,
        durable: "submission-claims".into(),
        filter_subject: subjects::ALL_CLAIMS.into(),
    };
    let ack_spec = ConsumerSpec {
        stream: INBOX,
        durable: "submission-acks".into(),
        filter_subject: subjects::inbox_kind("ack"),
    };
    let consumer = settings.consumer.clone();
    let (a, b, ..) = tokio::join!(
        run_consumer(
            store.clone(),
            ready_spec,
            consumer.clone(),
            ready,
            shutdown.clone()
        ),
        run_consumer(store, ack_spec, consumer, acks, shutdown.clone()),
        batcher.run(shutdown.clone()),
        recovery.run(shutdown.clone()),
        follow_up.run(shutdown),
    );
    a?;
    b?;
    Ok(())
}
