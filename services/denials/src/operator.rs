//! Operators' denial commands (`claims denial …` and the dashboard publish them on
//! `inbox.ops.<kind>`): each is parsed, decided against the claim, recorded with the
//! operator's id, and answered by a receipt on `outbox.ops.receipts`.
//!
//! Documents follow from the log, not from the decision in hand: once the commit holding a
//! command's decision exists (appended now, or found by its input key when the command is
//! redelivered after a crash), its appeal letter or patient statement (the remittance
//! service's `statement/v1`) is published under an id derived from the command, so the
//! outbox stores each document once.

use std::sync::Arc;

use serde_json::{json, Value};
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{subjects, Actor, Causation, ClaimId, Commit, Event, PartnerId};
use claims_payers::PayerRegistry;
use claims_remittance::statement;
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input, Outcome};
use claims_store::{Decision, EventStore};

use crate::action::{decide_action, Context};
use crate::case::DenialCase;
use crate::command::{parse, Kind, Problem};
use crate::deadline::payer_of;
use crate::letter::appeal_letter;
use crate::SERVICE;

pub struct ActionHandler {
    pub kind: Kind,
    pub store: EventStore,
    pub payers: Arc<PayerRegistry>,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for ActionHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        serde_json::from_slice::<Value>(&input.payload)
            .ok()
            .and_then(|v| v["claim_id"].as_str().map(str::to_owned))
            .unwrap_or_else(|| input.subject.clone())
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let command = match parse(self.kind, &input.payload) {
            Ok(command) => command,
            Err(problems) => return self.answer(input, None, Err(problems)).await,
        };
        let claim_id = command.claim_id;
        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let key = input_key(SERVICE, &causation);
        let today = self.clock.now().date_naive();
        let context = Context {
            payers: &self.payers,
            today,
            input_key: &key,
        };
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let case =
                    DenialCase::from_commits(claim_id, claim.commits.iter().map(|c| &c.commit));
                let events =
                    decide_action(&case, &command, &context).map_err(|problem| vec![problem])?;
                Ok((!events.is_empty()).then(|| Decision {
                    service: SERVICE.into(),
                    actor: Actor::Operator(command.operator.clone()),
                    causation: causation.clone(),
                    correlation_id: Uuid::now_v7(),
                    events,
                }))
            },
        )
        .await;
        let commits: Vec<Commit> = match outcome {
            Ok(Outcome::Appended { appended, before }) => before
                .commits
                .into_iter()
                .map(|c| c.commit)
                .chain([appended.stored.commit])
                .collect(),
            Ok(Outcome::Unchanged(claim)) => claim.commits.into_iter().map(|c| c.commit).collect(),
            Err(CommandError::Refused(problems)) => {
                return self.answer(input, Some(claim_id), Err(problems)).await
            }
            Err(CommandError::Store(error)) => return Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                return Err(Failure::Transient(error.to_string()))
            }
        };
        // The commit that holds this command's decision, and the claim as of it.
        let Some(decided) = commits.iter().position(|c| c.input_key() == key) else {
            return self
                .answer(input, Some(claim_id), Ok("unchanged".into()))
                .await;
        };
        let case = DenialCase::from_commits(claim_id, &commits[..=decided]);
        self.publish_documents(&case, &commits[decided], input)
            .await?;
        let outcome = commits[decided].event_types();
        tracing::info!(%claim_id, operator = %command.operator, %outcome, "denial command recorded");
        self.answer(input, Some(claim_id), Ok(outcome)).await
    }
}

impl ActionHandler {
    /// Publishes the appeal letter or patient statement a decided command's events promise.
    async fn publish_documents(
        &self,
        case: &DenialCase,
        commit: &Commit,
        input: &Input,
    ) -> Result<(), Failure> {
        let Some(partner) = case.claim.encounter.as_ref().map(|e| e.partner.clone()) else {
            return Ok(());
        };
        for event in &commit.events {
            let (kind, id, document) = match event {
                Event::AppealFiled(appeal) => {
                    let payer = case
                        .claim
                        .postings
                        .last()
                        .and_then(|p| payer_of(&case.claim, &self.payers, Some(&p.payer_id)));
                    let letter =
                        appeal_letter(case, appeal, payer, commit.recorded_at.date_naive());
                    (
                        "appeals",
                        appeal.letter_id,
                        serde_json::to_vec(&letter).map_err(|e| Failure::Poison(e.to_string()))?,
                    )
                }
                Event::PatientBilled(billed) => {
                    // The same `statement/v1` the remittance service sends after posting.
                    let Some(statement) = statement::build(
                        &case.claim,
                        case.claim_id,
                        billed.statement_id,
                        &self.payers,
                    ) else {
                        continue;
                    };
                    ("statements", billed.statement_id, statement.to_json())
                }
                _ => continue,
            };
            let message_id = format!("{}:{id}", kind.trim_end_matches('s'));
            self.publish(
                subjects::outbox(&partner, kind),
                &message_id,
                input,
                document,
            )
            .await?;
        }
        Ok(())
    }

    /// Answers the operator on `outbox.ops.receipts` (receipt/v1); a refused command is also
    /// kept in `DEADLETTER`, so every refusal is in one place with the original bytes.
    async fn answer(
        &self,
        input: &Input,
        claim_id: Option<ClaimId>,
        result: Result<String, Vec<Problem>>,
    ) -> Result<(), Failure> {
        let receipt = match &result {
            Ok(outcome) => {
                json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "accepted",
                                  "claim_id": claim_id, "outcome": outcome})
            }
            Err(problems) => {
                json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "rejected",
                                    "claim_id": claim_id, "errors": problems})
            }
        };
        if let Err(problems) = &result {
            // Paths and codes only: a message may quote a value sent (a member id).
            tracing::info!(?claim_id, kind = self.kind.subject_kind(), problems = %Problem::summary(problems), "denial command refused");
            claims_runtime::reply::deadletter(
                &self.store,
                SERVICE,
                input,
                &Problem::reasons(problems),
            )
            .await?;
        }
        let ops: PartnerId = "ops".parse().expect("`ops` is a valid partner id");
        let receipt = serde_json::to_vec(&receipt).map_err(|e| Failure::Poison(e.to_string()))?;
        claims_runtime::reply::send_receipt(&self.store, input, &ops, receipt).await
    }

    async fn publish(
        &self,
        subject: String,
        message_id: &str,
        input: &Input,
        payload: Vec<u8>,
    ) -> Result<(), Failure> {
        let headers = claims_runtime::reply::in_reply_to(input);
        self.store
            .publish(subject, message_id, headers, payload.into())
            .await?;
        Ok(())
    }
}
