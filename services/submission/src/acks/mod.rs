//! Acknowledgments: the clearinghouse's 999s and 277CAs on `inbox.<clearinghouse>.ack`.
//!
//! Each file is read ([`read`]), matched in full against our batches and claims
//! ([`resolve`]), and only then applied claim by claim ([`decide`]): accepted claims get
//! `ClaimAccepted` (with the payer's claim number when the 277CA gives one), rejected ones
//! `ClaimRejected` with the reasons, and go back to rework. A file that cannot be read or
//! names anything that is not ours changes nothing: it is kept in `DEADLETTER` and the
//! clearinghouse gets a rejected receipt naming every problem.
//!
//! Applying is idempotent per file (the input key is the file's `INBOX` sequence), so a
//! file redelivered halfway through applies the rest and nothing twice.

pub mod decide;
pub mod read;
pub mod resolve;

use std::sync::Arc;

use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, PartnerId};
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input, Outcome};
use claims_store::{Decision, EventStore};

use crate::batch_log::BatchLog;
use crate::receipt::{self, Problem};
use crate::SERVICE;

pub struct AckHandler {
    pub store: EventStore,
    pub log: BatchLog,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for AckHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    /// A file may touch many claims; files of one clearinghouse are applied in order.
    fn ordering_key(&self, input: &Input) -> String {
        input.subject.clone()
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let Some(partner) = receipt::partner_of(input) else {
            return Err(Failure::Poison(format!(
                "`{}` does not name a clearinghouse",
                input.subject
            )));
        };
        if input.message_id.is_none() {
            let problem = Problem::new(
                "$headers.Nats-Msg-Id",
                "message_id.missing",
                "every inbox message needs a Nats-Msg-Id header chosen by the sender, so that \
                 sending it again changes nothing",
            );
            return receipt::refuse(&self.store, input, &partner, &[problem]).await;
        }
        let Ok(text) = std::str::from_utf8(&input.payload) else {
            let problem = Problem::new("$", "x12.encoding", "an X12 file is ASCII text");
            return receipt::refuse(&self.store, input, &partner, &[problem]).await;
        };
        let file = match read::read_file(text) {
            Ok(file) => file,
            Err(problem) => return receipt::refuse(&self.store, input, &partner, &[problem]).await,
        };
        let matched = match resolve::resolve(&self.store, &self.log, &partner, &file).await? {
            Ok(matched) => matched,
            Err(problems) => return receipt::refuse(&self.store, input, &partner, &problems).await,
        };
        self.apply(input, &partner, matched).await?;
        receipt::accepted(&self.store, input, &partner).await
    }

    async fn rejected(&self, input: &Input, reason: &str) -> Result<(), Failure> {
        receipt::unprocessable(&self.store, input, reason).await
    }
}

impl AckHandler {
    async fn apply(
        &self,
        input: &Input,
        partner: &PartnerId,
        matched: resolve::Matched,
    ) -> Result<(), Failure> {
        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let key = input_key(SERVICE, &causation);
        let correlation_id = Uuid::now_v7();
        let (mut accepted, mut rejected) = (0usize, 0usize);
        for (claim_id, actions) in matched {
            let outcome = decide_and_append(
                &self.store,
                claim_id,
                self.clock.as_ref(),
                self.max_conflicts,
                |claim| {
                    let events = decide::decide_acks(&claim.state, &key, &actions);
                    Ok::<_, std::convert::Infallible>((!events.is_empty()).then(|| Decision {
                        service: SERVICE.into(),
                        actor: Actor::Partner(partner.clone()),
                        causation: causation.clone(),
                        correlation_id,
                        events,
                    }))
                },
            )
            .await;
            match outcome {
                Ok(Outcome::Appended { appended, .. }) => {
                    let types = appended.stored.commit.event_types();
                    accepted += types.matches("ClaimAccepted").count();
                    rejected += types.matches("ClaimRejected").count();
                    tracing::info!(%claim_id, events = %types, "acknowledgment applied");
                }
                Ok(Outcome::Unchanged(_)) => {}
                Err(CommandError::Refused(never)) => match never {},
                Err(CommandError::Store(error)) => return Err(error.into()),
                Err(error @ CommandError::TooManyConflicts { .. }) => {
                    return Err(Failure::Transient(error.to_string()))
                }
            }
        }
        tracing::info!(subject = %input.subject, sequence = input.sequence, accepted, rejected, "acknowledgment recorded");
        Ok(())
    }
}
