//! The periodic deadline sweep: appeal and timely-filing deadlines of open denials that are
//! approaching or have passed become `DeadlineApproaching` / `DeadlinePassed` in the log.
//!
//! Time is an input: the sweep reads an injected `Clock`, and tests move a `ManualClock`
//! and call [`Sweeper::sweep_once`] instead of waiting for days. Each claim's notices of one
//! day are one commit caused by `Schedule { rule: "denial-deadlines", as_of: today }`, so a
//! second sweep that day (another instance, a restart) finds the input handled; and each
//! deadline is announced once in each state, because the decider reads earlier notices from
//! the claim's log.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, ClaimId};
use claims_runtime::{decide_and_append, CancellationToken, Clock, CommandError, Outcome};
use claims_store::{Decision, EventStore, StoreError};

use crate::case::DenialCase;
use crate::deadline::decide_deadlines;
use crate::scan::DenialIndex;
use crate::SERVICE;

/// The rule named in the causation of every sweep commit.
pub const RULE: &str = "denial-deadlines";

pub struct Sweeper {
    pub store: EventStore,
    pub clock: Arc<dyn Clock>,
    /// Announce deadlines this many days ahead.
    pub within_days: u32,
    pub max_conflicts: u32,
    index: Mutex<DenialIndex>,
}

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub claims_checked: usize,
    pub commits: usize,
}

impl Sweeper {
    pub fn new(
        store: EventStore,
        clock: Arc<dyn Clock>,
        within_days: u32,
        max_conflicts: u32,
    ) -> Sweeper {
        Sweeper {
            store,
            clock,
            within_days,
            max_conflicts,
            index: Mutex::new(DenialIndex::default()),
        }
    }

    /// Reads the log on, then checks every claim with open denials as of the clock's today.
    /// One claim's failure is logged and skipped: the next sweep tries it again.
    pub async fn sweep_once(&self) -> Result<SweepReport, StoreError> {
        let today = self.clock.now().date_naive();
        let mut index = self.index.lock().await;
        index.catch_up(&self.store).await?;
        let mut report = SweepReport::default();
        let mut closed = Vec::new();
        for &claim_id in &index.claims {
            report.claims_checked += 1;
            match self.sweep_claim(claim_id, today).await {
                Ok(Swept::Appended) => report.commits += 1,
                Ok(Swept::Nothing) => {}
                Ok(Swept::Closed) => closed.push(claim_id),
                Err(error) => tracing::warn!(%claim_id, %error, "deadline sweep skipped a claim"),
            }
        }
        // A closed claim comes back into the index if it is ever triaged again.
        for claim_id in closed {
            index.claims.remove(&claim_id);
        }
        Ok(report)
    }

    async fn sweep_claim(
        &self,
        claim_id: ClaimId,
        today: chrono::NaiveDate,
    ) -> Result<Swept, String> {
        let causation = Causation::Schedule {
            rule: RULE.into(),
            as_of: today,
        };
        let key = input_key(SERVICE, &causation);
        let mut workable = true;
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let case =
                    DenialCase::from_commits(claim_id, claim.commits.iter().map(|c| &c.commit));
                workable = case.is_workable();
                if case.claim.has_handled(&key) {
                    return Ok::<_, std::convert::Infallible>(None);
                }
                let events = decide_deadlines(&case, today, self.within_days);
                Ok((!events.is_empty()).then(|| Decision {
                    service: SERVICE.into(),
                    actor: Actor::System,
                    causation: causation.clone(),
                    correlation_id: uuid::Uuid::now_v7(),
                    events,
                }))
            },
        )
        .await;
        match outcome {
            Ok(Outcome::Appended { appended, .. }) => {
                tracing::info!(%claim_id, events = %appended.stored.commit.event_types(), %today, "deadline notice");
                Ok(Swept::Appended)
            }
            Ok(Outcome::Unchanged(_)) if !workable => Ok(Swept::Closed),
            Ok(Outcome::Unchanged(_)) => Ok(Swept::Nothing),
            Err(CommandError::Refused(never)) => match never {},
            Err(error) => Err(error.to_string()),
        }
    }
}

enum Swept {
    Appended,
    Nothing,
    /// No open denial is left to watch.
    Closed,
}

/// Sweeps at start and then every `every` until shutdown. A failed sweep (NATS away) is
/// logged and retried at the next tick; the service keeps running.
pub async fn run_sweeps(sweeper: Arc<Sweeper>, every: Duration, shutdown: CancellationToken) {
    loop {
        // Stopping mid-sweep is safe: each claim's notices are one idempotent append.
        let swept = tokio::select! {
            _ = shutdown.cancelled() => return,
            swept = sweeper.sweep_once() => swept,
        };
        match swept {
            Ok(report) => tracing::debug!(?report, "deadline sweep done"),
            Err(error) => {
                tracing::warn!(%error, "deadline sweep failed; retrying at the next tick")
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
