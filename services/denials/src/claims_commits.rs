//! The service's reaction to the log: every commit that posts a remittance or records a
//! front-end rejection is triaged, with its automatic actions, in one commit per claim.
//!
//! The `Claims-Event-Types` header says which commits carry a payer's answer, so the others
//! are skipped without being decoded. The triage commit is keyed by the answer's commit, so
//! a redelivered answer is triaged once, and an answer already superseded by a newer one is
//! left to the newer one's triage.

use std::sync::Arc;

use claims_events::commit::input_key;
use claims_events::{Actor, Commit};
use claims_payers::PayerRegistry;
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input, Outcome};
use claims_store::{Decision, EventStore};

use crate::triage::{decide_triage, TRIGGERS};
use crate::SERVICE;

pub struct TriageHandler {
    pub store: EventStore,
    pub payers: Arc<PayerRegistry>,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for TriageHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        input.subject.clone()
    }

    #[tracing::instrument(skip(self, input), fields(sequence = input.sequence))]
    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let Some((claim_id, causation)) = input.commit_triggering(&TRIGGERS) else {
            return Ok(());
        };
        let key = input_key(SERVICE, &causation);
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let commits: Vec<&Commit> = claim.commits.iter().map(|c| &c.commit).collect();
                let Some(trigger) = claim
                    .commits
                    .iter()
                    .position(|c| c.sequence == input.sequence)
                else {
                    // Not (yet) in this claim's history as loaded: nothing to triage.
                    return Ok::<_, std::convert::Infallible>(None);
                };
                Ok(
                    decide_triage(&commits, trigger, &key, &self.payers).map(|events| Decision {
                        service: SERVICE.into(),
                        actor: Actor::System,
                        causation: causation.clone(),
                        correlation_id: commits[trigger].correlation_id,
                        events,
                    }),
                )
            },
        )
        .await;
        match outcome {
            Ok(Outcome::Appended { appended, .. }) => {
                tracing::info!(%claim_id, events = %appended.stored.commit.event_types(), "denial triaged");
                Ok(())
            }
            Ok(Outcome::Unchanged(_)) => Ok(()),
            Err(CommandError::Refused(never)) => match never {},
            Err(CommandError::Store(error)) => Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                Err(Failure::Transient(error.to_string()))
            }
        }
    }
}
