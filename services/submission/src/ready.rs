//! The submission service's reaction to the log: every commit that leaves a claim `Coded`
//! is scrubbed against its payer's rules. A claim that fails gets `ScrubFailed` with every
//! finding and waits in the rework list; a clean one is queued for batching.
//!
//! Nothing is appended for a clean claim: its queue message is stored before this input is
//! acked, so a crash in between only queues it again (stored once within the duplicate
//! window), and the batcher reloads and rescrubs the claim before sending anything.

use std::sync::Arc;

use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::event::Event;
use claims_events::Actor;
use claims_payers::PayerRegistry;
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input, Outcome};
use claims_store::{Decision, EventStore};

use crate::decide::{decide_ready, Ready};
use crate::queue::{enqueue, ReadyMessage};
use crate::x837::Submitter;
use crate::SERVICE;

/// Event types after which a claim may be coded and waiting to go out.
const TRIGGERS: [&str; 4] = [
    "ClaimCoded",
    "RebilledToPayer",
    "RebilledToPayerV2",
    "SecondaryBillingQueued",
];

pub struct ReadyHandler {
    pub store: EventStore,
    pub payers: Arc<PayerRegistry>,
    pub submitter: Submitter,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for ReadyHandler {
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
        let key = input_key(SERVICE, &causation);
        let today = self.clock.now().date_naive();
        let mut verdict = Ready::Nothing;
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                verdict = decide_ready(
                    claim_id,
                    &claim.state,
                    &key,
                    &self.payers,
                    &self.submitter,
                    today,
                );
                let Ready::Failed(failed) = &verdict else {
                    return Ok::<_, std::convert::Infallible>(None);
                };
                Ok(Some(Decision {
                    service: SERVICE.into(),
                    actor: Actor::System,
                    causation: causation.clone(),
                    correlation_id: claim
                        .commits
                        .last()
                        .map_or_else(Uuid::now_v7, |c| c.commit.correlation_id),
                    events: vec![Event::ScrubFailed(failed.clone())],
                }))
            },
        )
        .await;
        match outcome {
            Ok(Outcome::Appended { .. }) => {
                if let Ready::Failed(failed) = &verdict {
                    let rules: Vec<&str> =
                        failed.findings.iter().map(|f| f.rule.as_str()).collect();
                    tracing::info!(%claim_id, rules = %rules.join(","), "claim failed scrubbing");
                }
                Ok(())
            }
            Ok(Outcome::Unchanged(_)) => match &verdict {
                Ready::Clean {
                    clearinghouse,
                    payer_id,
                } => {
                    let message = ReadyMessage::new(claim_id, input.sequence);
                    enqueue(&self.store, clearinghouse, payer_id, &message).await?;
                    tracing::debug!(%claim_id, %clearinghouse, %payer_id, "claim queued for submission");
                    Ok(())
                }
                _ => Ok(()),
            },
            Err(CommandError::Refused(never)) => match never {},
            Err(CommandError::Store(error)) => Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                Err(Failure::Transient(error.to_string()))
            }
        }
    }
}
