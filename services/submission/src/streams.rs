//! What the submission service needs of the stream layout, checked at start-up.
//!
//! Streams are provisioned in one place (`services/store/src/layout.rs`) by every service;
//! this service only checks that the layout it relies on is there, so that a deployment
//! whose store predates it stops at once with the reason instead of failing every batch:
//! the `SUBMIT` work queue, and `CLAIMS` capturing the batch records (`claims.batch.*`).

use async_nats::jetstream::stream::RetentionPolicy;

use claims_events::subjects;
use claims_store::{EventStore, CLAIMS, SUBMIT};

/// The problem with the layout, if any.
pub async fn check(store: &EventStore) -> Result<(), String> {
    let js = store.jetstream();
    let mut claims = js
        .get_stream(CLAIMS)
        .await
        .map_err(|e| format!("stream {CLAIMS}: {e}"))?;
    let info = claims
        .info()
        .await
        .map_err(|e| format!("stream {CLAIMS}: {e}"))?;
    if !info
        .config
        .subjects
        .iter()
        .any(|s| s == subjects::ALL_BATCHES)
    {
        return Err(format!(
            "stream {CLAIMS} does not capture `{}`, where 837 batches are recorded: \
             the store layout (services/store/src/layout.rs) must list it",
            subjects::ALL_BATCHES
        ));
    }
    let mut submit = js.get_stream(SUBMIT).await.map_err(|e| {
        format!(
            "stream {SUBMIT} (the submission work queue, `submit.>`) is missing: \
             the store layout must provision it ({e})"
        )
    })?;
    let info = submit
        .info()
        .await
        .map_err(|e| format!("stream {SUBMIT}: {e}"))?;
    if info.config.retention != RetentionPolicy::WorkQueue {
        return Err(format!(
            "stream {SUBMIT} must be a work queue, so each queued claim is taken once"
        ));
    }
    Ok(())
}
