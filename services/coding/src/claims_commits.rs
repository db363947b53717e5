//! The coding service's reaction to the log: every commit that leaves a claim waiting for
//! coding (eligibility confirmed, codes corrected, a corrected claim prepared) is checked.

use std::sync::Arc;

use uuid::Uuid;

use claims_events::Actor;
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input};
use claims_store::{Decision, EventStore};

use crate::decide::decide_coding;
use crate::rules::Reference;
use crate::SERVICE;

/// Event types after which a claim may be waiting for coding.
const TRIGGERS: [&str; 4] = [
    "EligibilityConfirmed",
    "CodingCorrected",
    "CorrectedClaimPrepared",
    "EncounterAmended",
];

pub struct ClaimCommitHandler {
    pub store: EventStore,
    pub reference: Arc<Reference>,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for ClaimCommitHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        input.subject.clone()
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let Some((claim_id, causation)) = input.commit_triggering(&TRIGGERS) else {
            return Ok(());
        };
        let key = claims_events::commit::input_key(SERVICE, &causation);
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                Ok::<_, std::convert::Infallible>(
                    decide_coding(&claim.state, &key, &self.reference).map(|events| Decision {
                        service: SERVICE.into(),
                        actor: Actor::System,
                        causation: causation.clone(),
                        correlation_id: claim
                            .commits
                            .last()
                            .map_or_else(Uuid::now_v7, |c| c.commit.correlation_id),
                        events,
                    }),
                )
            },
        )
        .await;
        match outcome {
            Ok(claims_runtime::Outcome::Appended { appended, .. }) => {
                tracing::info!(%claim_id, events = %appended.stored.commit.event_types(), "claim coded");
                Ok(())
            }
            Ok(_) => Ok(()),
            Err(CommandError::Refused(never)) => match never {},
            Err(CommandError::Store(error)) => Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                Err(Failure::Transient(error.to_string()))
            }
        }
    }
}
