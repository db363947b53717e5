//! Registration: encounters from practices become claims, and coverage is checked before
//! anything is billed.
//!
//! # Layout
//!
//! - [`intake`]: parsing and validating `encounter/v1` and `eligibility/v1` JSON, every
//!   problem at once with its JSON path; the pure coverage check.
//! - [`decide`]: what an encounter means for its claim (register, amend, nothing, refuse).
//! - [`encounters`]: the consumer of `inbox.*.encounter`.
//! - [`eligibility`]: the latest eligibility per member, and claims held for one.
//! - [`eligibility_inbox`]: the consumer of `inbox.*.eligibility`.
//! - [`receipt`], [`reply`]: what partners get back.

pub mod decide;
pub mod eligibility;
pub mod eligibility_inbox;
pub mod encounters;
pub mod intake;
pub mod receipt;
pub mod reply;

use std::sync::Arc;

use claims_events::subjects;
use claims_payers::PayerRegistry;
use claims_runtime::{
    run_consumer, CancellationToken, ConsumerSpec, ServiceError, Settings, SystemClock,
};
use claims_store::INBOX;

use crate::eligibility::EligibilityBook;
use crate::eligibility_inbox::EligibilityHandler;
use crate::encounters::EncounterHandler;

/// The service's name: its consumers, dead letters and commits carry it.
pub const SERVICE: &str = "registration";

/// Loads the payer registry named in the settings, or the sample shipped in the binary.
pub fn payers(settings: &Settings) -> Result<PayerRegistry, ServiceError> {
    PayerRegistry::load(settings.payers_file.as_deref()).map_err(ServiceError::Config)
}

/// Runs registration until `shutdown` is cancelled.
pub async fn run(settings: Settings, shutdown: CancellationToken) -> Result<(), ServiceError> {
    let payers = Arc::new(payers(&settings)?);
    let store = claims_runtime::open_store(&settings, SERVICE).await?;
    let book = EligibilityBook::open(store.jetstream()).await?;
    let clock = Arc::new(SystemClock);
    let max_conflicts = settings.consumer.max_conflicts;

    let encounters = Arc::new(EncounterHandler {
        store: store.clone(),
        payers,
        eligibility: book.clone(),
        clock: clock.clone(),
        max_conflicts,
    });
    let answers = Arc::new(EligibilityHandler {
        store: store.clone(),
        book,
        clock,
        max_conflicts,
    });
    let encounter_spec = ConsumerSpec {
        stream: INBOX,
        durable: "registration-encounters".into(),
        filter_subject: subjects::inbox_kind("encounter"),
    };
    let eligibility_spec = ConsumerSpec {
        stream: INBOX,
        durable: "registration-eligibility".into(),
        filter_subject: subjects::inbox_kind("eligibility"),
    };
    let (a, b) = tokio::join!(
        run_consumer(
            store.clone(),
            encounter_spec,
            settings.consumer.clone(),
            encounters,
            shutdown.clone()
        ),
        run_consumer(
            store,
            eligibility_spec,
            settings.consumer.clone(),
            answers,
            shutdown
        ),
    );
    a?;
    b?;
    Ok(())
}
