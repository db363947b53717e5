//! Coding: a claim's diagnoses and procedures checked against the ICD-10-CM code set and the
//! CMS edits before anything is billed.
//!
//! # Layout
//!
//! - [`rules`]: the named coding rules, pure, with the code set and NCCI / MUE tables.
//! - [`decide`]: what a check or a coder's correction means for the claim.
//! - [`claims_commits`]: checks claims the log says are waiting for coding.
//! - [`corrections`]: coders' `code-correct/v1` commands on `inbox.ops.code-correct`.

pub mod bench;
pub mod claims_commits;
pub mod corrections;
pub mod decide;
pub mod rules;

use std::sync::Arc;

use claims_events::subjects;
use claims_runtime::{
    run_consumer, CancellationToken, ConsumerSpec, ServiceError, Settings, SystemClock,
};
use claims_store::{CLAIMS, INBOX};

use crate::claims_commits::ClaimCommitHandler;
use crate::corrections::CorrectionHandler;
use crate::rules::Reference;

pub const SERVICE: &str = "coding";

/// Runs coding until `shutdown` is cancelled.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), ServiceError> {
    let reference = Arc::new(
        Reference::embedded()
            .map_err(|e| ServiceError::Config(format!("coding reference data: {e}")))?,
    );
    let store = claims_runtime::open_store(&settings, SERVICE).await?;
    let clock = Arc::new(SystemClock);
    let max_conflicts = settings.consumer.max_conflicts;
    let commits = Arc::new(ClaimCommitHandler {
        store: store.clone(),
        reference: reference.clone(),
        clock: clock.clone(),
        max_conflicts,
    });
    let corrections = Arc::new(CorrectionHandler {
        store: store.clone(),
        reference,
        clock,
        max_conflicts,
    });
    let commit_spec = ConsumerSpec {
        stream: CLAIMS,
        durable: "coding-claims".into(),
        filter_subject: subjects::ALL_CLAIMS.into(),
    };
    let correction_spec = ConsumerSpec {
        stream: INBOX,
        durable: "coding-corrections".into(),
        filter_subject: subjects::inbox("ops", "code-correct"),
    };
    let (a, b) = tokio::join!(
        run_consumer(
            store.clone(),
            commit_spec,
            settings.consumer.clone(),
            commits,
            shutdown.clone()
        ),
        run_consumer(
            store,
            correction_spec,
            settings.consumer.clone(),
            corrections,
            shutdown
        ),
    );
    a?;
    b?;
    Ok(())
}
