//! A claim's history as people read it: each commit with when, who, why, what (in plain
//! language) and the status and balance after it. The dashboard's claim page and its JSON
//! API serve this, built from the log itself, not from read models.

use chrono::{DateTime, Utc};
use serde::Serialize;

use claims_events::describe::describe;
use claims_events::Claim;
use claims_store::LoadedClaim;

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub sequence: u64,
    pub recorded_at: DateTime<Utc>,
    pub service: String,
    pub actor: String,
    pub causation: String,
    pub events: Vec<String>,
    pub status_after: &'static str,
    /// Cents.
    pub paid_after: i64,
    pub open_after: i64,
}

pub fn timeline(claim: &LoadedClaim) -> Vec<TimelineEntry> {
    let mut state = Claim::default();
    claim
        .commits
        .iter()
        .map(|stored| {
            state = std::mem::take(&mut state).apply(&stored.commit);
            let commit = &stored.commit;
            TimelineEntry {
                sequence: stored.sequence,
                recorded_at: commit.recorded_at,
                service: commit.service.clone(),
                actor: commit.actor.to_string(),
                causation: commit.causation.to_string(),
                events: commit.events.iter().map(describe).collect(),
                status_after: state.status().as_str(),
                paid_after: state.ledger.paid.0,
                open_after: state.ledger.open().0,
            }
        })
        .collect()
}
