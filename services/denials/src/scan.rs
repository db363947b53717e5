//! Finding the claims with denials, by reading the log: what the deadline sweep and
//! `claims worklist denials` work from until the dashboard's projection (issue 7) keeps a
//! denial read model they can query instead.
//!
//! A claim is a candidate once any of its commits holds a `DenialTriaged`; whether it still
//! has open denials is decided by loading it. Reading resumes where the last read stopped,
//! so a long-running sweeper reads each commit once.

use std::collections::BTreeSet;
use std::time::Duration;

use futures::StreamExt;

use claims_events::{ClaimId, Event};
use claims_store::{EventStore, StoreError};

use crate::case::DenialCase;

/// How long to wait for the next commit before deciding the log is read to its end (it may
/// end in messages the claim filter skips, such as remittance files).
const IDLE: Duration = Duration::from_millis(500);

/// Claims with triaged denials, and where in the log to read on from.
#[derive(Debug, Clone, Default)]
pub struct DenialIndex {
    pub claims: BTreeSet<ClaimId>,
    /// The next log sequence to read.
    pub next: u64,
}

impl DenialIndex {
    /// Reads the log from `next` to its current end, adding every claim with a triage.
    pub async fn catch_up(&mut self, store: &EventStore) -> Result<(), StoreError> {
        let last = store.last_sequence().await?;
        let from = self.next.max(1);
        if last < from {
            return Ok(());
        }
        let mut log = Box::pin(store.read_log(from).await?);
        while let Ok(Some(entry)) = tokio::time::timeout(IDLE, log.next()).await {
            let entry = entry?;
            self.next = entry.sequence + 1;
            // A commit that does not decode is audit's business; loading the claim reports it.
            if let Ok(stored) = &entry.commit {
                if stored
                    .commit
                    .events
                    .iter()
                    .any(|e| matches!(e, Event::DenialTriaged(_)))
                {
                    self.claims.insert(stored.commit.claim_id);
                }
            }
            if entry.sequence >= last || entry.pending == 0 {
                break;
            }
        }
        Ok(())
    }
}

/// Loads one claim's denial case from the log.
pub async fn load_case(store: &EventStore, claim_id: ClaimId) -> Result<DenialCase, StoreError> {
    let claim = store.load(claim_id).await?;
    Ok(DenialCase::from_commits(
        claim_id,
        claim.commits.iter().map(|c| &c.commit),
    ))
}

/// Every claim in the log with denials still open, loaded (for the CLI's work queue).
pub async fn open_cases(store: &EventStore) -> Result<Vec<DenialCase>, StoreError> {
    let mut index = DenialIndex::default();
    index.catch_up(store).await?;
    let loads = futures::stream::iter(index.claims.iter().copied())
        .map(|claim_id| load_case(store, claim_id))
        .buffered(32);
    let cases: Vec<Result<DenialCase, StoreError>> = loads.collect().await;
    let mut open = Vec::new();
    for case in cases {
        let case = case?;
        if case.is_workable() {
            open.push(case);
        }
    }
    Ok(open)
}
