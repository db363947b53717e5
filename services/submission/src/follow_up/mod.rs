//! Follow-up: time passing is an input too. A sweep runs every `follow_up_interval`, reads
//! today from the injected clock, and asks the pure deciders ([`decide`]) about every claim
//! the index ([`index`]) says may be due: `FollowUpDue` for claims the payer is silent on,
//! `DeadlineApproaching` / `DeadlinePassed` for claims not yet filed near their payer's
//! timely-filing limit.
//!
//! Each decision is caused by `Schedule { rule, as_of: today }`, so it is made at most once
//! a day per claim and rule however often the sweep runs or how many instances run it; the
//! deciders also look at the claim's history, so a flag is raised once, not once a day.
//! Tests move a `ManualClock` and never sleep for days.

pub mod decide;
pub mod index;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, Claim, ClaimId};
use claims_payers::PayerRegistry;
use claims_runtime::{decide_and_append, CancellationToken, Clock, Outcome};
use claims_store::{Decision, EventStore};

use crate::batcher::sleep_or_shutdown;
use crate::SERVICE;
use decide::{decide_follow_up, decide_timely_filing, still_watched};
use index::OpenClaims;

pub struct FollowUp {
    pub store: EventStore,
    pub open: OpenClaims,
    pub payers: Arc<PayerRegistry>,
    pub clock: Arc<dyn Clock>,
    pub interval: Duration,
    pub warning_days: u32,
    pub max_conflicts: u32,
}

/// The two scheduled rules, in the order a sweep applies them.
const RULES: [&str; 2] = ["follow_up", "timely_filing"];

impl FollowUp {
    /// Follows the log into the index and sweeps every interval, until `shutdown`.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        let follow = index::follow(self.store.clone(), self.open.clone(), shutdown.clone());
        let sweeps = async {
            while !sleep_or_shutdown(self.interval, &shutdown).await {
                self.sweep().await;
            }
        };
        tokio::join!(follow, sweeps);
    }

    /// Looks at every claim that may be due today.
    pub async fn sweep(&self) {
        let today = self.clock.now().date_naive();
        let candidates = self.open.candidates(today, &self.payers, self.warning_days);
        if candidates.is_empty() {
            return;
        }
        tracing::debug!(%today, candidates = candidates.len(), watched = self.open.len(), "follow-up sweep");
        for claim_id in candidates {
            match self.check(claim_id, today).await {
                Ok(keep) => self.open.checked(claim_id, today, keep),
                Err(error) => {
                    tracing::warn!(%claim_id, %error, "follow-up check failed; next sweep")
                }
            }
        }
    }

    /// Applies each rule to the claim; returns whether to keep watching it.
    async fn check(&self, claim_id: ClaimId, today: NaiveDate) -> Result<bool, String> {
        let mut latest: Option<Claim> = None;
        for rule in RULES {
            let causation = Causation::Schedule {
                rule: rule.into(),
                as_of: today,
            };
            let key = input_key(SERVICE, &causation);
            let outcome = decide_and_append(
                &self.store,
                claim_id,
                self.clock.as_ref(),
                self.max_conflicts,
                |claim| {
                    let state = &claim.state;
                    let payer = state
                        .coverage
                        .as_ref()
                        .and_then(|c| self.payers.get(&c.payer_id));
                    let (Some(payer), false) = (payer, state.has_handled(&key)) else {
                        return Ok::<_, std::convert::Infallible>(None);
                    };
                    let event = match rule {
                        "follow_up" => decide_follow_up(state, payer, today),
                        _ => {
                            let history = claim.commits.iter().flat_map(|c| c.commit.events.iter());
                            decide_timely_filing(state, history, payer, today, self.warning_days)
                        }
                    };
                    Ok(event.map(|event| Decision {
                        service: SERVICE.into(),
                        actor: Actor::System,
                        causation: causation.clone(),
                        correlation_id: claim
                            .commits
                            .last()
                            .map_or_else(Uuid::now_v7, |c| c.commit.correlation_id),
                        events: vec![event],
                    }))
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            latest = Some(match outcome {
                Outcome::Appended { appended, before } => {
                    tracing::info!(%claim_id, rule, events = %appended.stored.commit.event_types(), "scheduled rule fired");
                    before.state.apply(&appended.stored.commit)
                }
                Outcome::Unchanged(claim) => claim.state,
            });
        }
        Ok(latest.is_some_and(|claim| {
            let payer = claim
                .coverage
                .as_ref()
                .and_then(|c| self.payers.get(&c.payer_id));
            still_watched(&claim, payer, today)
        }))
    }
}
