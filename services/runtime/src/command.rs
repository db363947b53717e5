//! Load, decide, append; on a conflict, do it all again.
//!
//! Optimistic concurrency means a decision is only appended if the claim is still exactly as
//! it was loaded. When another instance (or service) got there first, the decision is made
//! again on the newer history, which may well decide differently or not at all.

use std::time::Duration;

use claims_events::ClaimId;
use claims_store::{Appended, Decision, EventStore, LoadedClaim, StoreError};

use crate::Clock;

/// What came of a command.
// One per command, moved once to its caller: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Outcome {
    /// A commit was appended (or found already appended, if `duplicate`).
    Appended {
        appended: Appended,
        before: LoadedClaim,
    },
    /// The decider had nothing to add (an input already handled, a no-op).
    Unchanged(LoadedClaim),
}

impl Outcome {
    /// The claim as it was when decided on.
    pub fn claim(&self) -> &LoadedClaim {
        match self {
            Outcome::Appended { before, .. } => before,
            Outcome::Unchanged(claim) => claim,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError<R> {
    /// The decider refused the input: a domain rejection to report, never retried.
    #[error("refused")]
    Refused(R),
    /// The store failed; see `StoreError` for whether to retry.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Other writers kept winning: give the input back and try later.
    #[error("claim {claim_id} kept changing: {attempts} conflicting appends in a row")]
    TooManyConflicts { claim_id: ClaimId, attempts: u32 },
}

/// Loads `claim_id`, asks `decide` what to append, and appends it, retrying on conflicts up
/// to `max_conflicts` times.
pub async fn decide_and_append<R>(
    store: &EventStore,
    claim_id: ClaimId,
    clock: &dyn Clock,
    max_conflicts: u32,
    mut decide: impl FnMut(&LoadedClaim) -> Result<Option<Decision>, R>,
) -> Result<Outcome, CommandError<R>> {
    let mut attempts = 0;
    loop {
        let claim = store.load(claim_id).await?;
        let Some(decision) = decide(&claim).map_err(CommandError::Refused)? else {
            return Ok(Outcome::Unchanged(claim));
        };
        let service = decision.service.clone();
        match store.append(&claim, decision, clock.now()).await {
            Ok(appended) => {
                let counter = if appended.duplicate {
                    "appends_deduplicated"
                } else {
                    "commits_appended"
                };
                crate::metrics::count(&service, counter);
                return Ok(Outcome::Appended {
                    appended,
                    before: claim,
                });
            }
            Err(StoreError::Conflict { .. }) if attempts + 1 < max_conflicts => {
                crate::metrics::count(&service, "append_conflicts");
                attempts += 1;
                tracing::debug!(%claim_id, attempts, "append conflict: deciding again");
                // A little spread so that two losers do not collide again in lock step.
                let jitter = u64::from(claim_id.as_uuid().as_bytes()[15] % 8) + u64::from(attempts);
                tokio::time::sleep(Duration::from_millis(jitter)).await;
            }
            Err(StoreError::Conflict { .. }) => {
                return Err(CommandError::TooManyConflicts {
                    claim_id,
                    attempts: attempts + 1,
                })
            }
            Err(other) => return Err(other.into()),
        }
    }
}
