//! The consumer of `inbox.ops.suspense-resolve`: find the held payment, apply or dismiss it,
//! record the resolution, answer the operator.
//!
//! Refused commands change nothing, are kept in `DEADLETTER` with the reason, and are
//! answered with every problem (as the denial commands are). A payment already resolved is
//! answered `unchanged`; the command that resolved it, delivered again, gets the answer it
//! got the first time.

use std::sync::Arc;

use async_nats::jetstream::stream::DirectGetErrorKind;
use bytes::Bytes;
use serde_json::{json, Value};
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, ClaimId, Event, PartnerId};
use claims_runtime::{Failure, Handler, Input};
use claims_store::{StoreError, INBOX};
use claims_x12::remittance::read_835;

use crate::era::EraHandler;
use crate::post::PostInput;
use crate::reply::send_statement;
use crate::resolution::{self, Resolved, SuspenseResolution};
use crate::resolve::apply::{accepted, locate};
use crate::resolve::command::{parse, Action, Command, Problem};
use crate::suspense::{self, InboxRef, UnmatchedRemittance};
use crate::SERVICE;

pub struct ResolveHandler {
    /// The 835 consumer's posting: the same store, payers, clock and decision.
    pub era: Arc<EraHandler>,
}

/// What a command did: the receipt's `outcome` and `claim_id`.
struct Done {
    outcome: String,
    claim_id: Option<ClaimId>,
}

impl Handler for ResolveHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    /// Commands on one trace one at a time, so two resolving the same payment do not both
    /// find it unresolved.
    fn ordering_key(&self, input: &Input) -> String {
        serde_json::from_slice::<Value>(&input.payload)
            .ok()
            .and_then(|v| v["trace"].as_str().map(|t| format!("trace:{t}")))
            .unwrap_or_else(|| input.subject.clone())
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        if input.message_id.is_none() {
            let problem = Problem::new(
                "$headers.Nats-Msg-Id",
                "message_id.missing",
                "every command needs a Nats-Msg-Id header, so that sending it again changes nothing",
            );
            return self.answer(input, Err(vec![problem])).await;
        }
        let command = match parse(&input.payload) {
            Ok(command) => command,
            Err(problems) => return self.answer(input, Err(problems)).await,
        };
        let result = self.resolve(input, &command).await?;
        if let Ok(done) = &result {
            tracing::info!(trace = %command.trace, operator = %command.operator, outcome = %done.outcome, "suspense command handled");
        }
        self.answer(input, result.map_err(|problem| vec![problem]))
            .await
    }

    async fn rejected(&self, input: &Input, reason: &str) -> Result<(), Failure> {
        let problem = Problem::new("$", "message.unprocessable", reason);
        self.send_receipt(input, &receipt(input, &Err(vec![problem])))
            .await
    }
}

impl ResolveHandler {
    async fn resolve(
        &self,
        input: &Input,
        command: &Command,
    ) -> Result<Result<Done, Problem>, Failure> {
        let store = &self.era.store;
        let records = suspense::on_trace(store, &command.trace).await?;
        let Some(held) = records.held(&command.clp01, command.occurrence) else {
            return Ok(Err(Problem::new(
                "$",
                "suspense.not_found",
                format!(
                    "no payment is held in suspense for trace {}, CLP01 {}, occurrence {}",
                    command.trace, command.clp01, command.occurrence
                ),
            )));
        };
        if let Some(done) = records.resolution(&command.clp01, command.occurrence) {
            let claim_id = done.claim_id.as_deref().and_then(|id| id.parse().ok());
            let outcome = if done.answers(input.sequence, input.message_id.as_deref()) {
                self.first_outcome(done).await?
            } else {
                "unchanged".into()
            };
            return Ok(Ok(Done { outcome, claim_id }));
        }
        let done = match &command.action {
            Action::Apply { claim_id } => {
                match self.apply(input, command, held, *claim_id).await? {
                    Ok(done) => done,
                    Err(problem) => return Ok(Err(problem)),
                }
            }
            Action::Dismiss { .. } => Done {
                outcome: Resolved::Dismissed.as_str().into(),
                claim_id: None,
            },
        };
        let record = resolution_of(command, done.claim_id, input, self.era.clock.now());
        resolution::record(store, &record).await?;
        Ok(Ok(done))
    }

    /// Posts the held payment to `claim_id` through the 835 consumer's decision.
    async fn apply(
        &self,
        input: &Input,
        command: &Command,
        held: &UnmatchedRemittance,
        claim_id: ClaimId,
    ) -> Result<Result<Done, Problem>, Failure> {
        let Some(original) = self.original(held.inbox.sequence).await? else {
            return Ok(Err(Problem::new(
                "$",
                "remittance.original_missing",
                format!(
                    "the 835 that held this payment (INBOX #{}) is no longer in INBOX: post it from a new 835",
                    held.inbox.sequence
                ),
            )));
        };
        let unreadable = |why: String| {
            Problem::new(
                "$",
                "remittance.original_unreadable",
                format!(
                    "the 835 that held this payment (INBOX #{}) {why}",
                    held.inbox.sequence
                ),
            )
        };
        let Ok(text) = std::str::from_utf8(&original) else {
            return Ok(Err(unreadable("is not text".into())));
        };
        let remittances = match read_835(text) {
            Ok(remittances) => remittances,
            Err(error) => return Ok(Err(unreadable(format!("cannot be read: {error}")))),
        };
        let Some(paid) = locate(
            &remittances,
            &command.trace,
            &command.clp01,
            command.occurrence,
        ) else {
            return Ok(Err(unreadable("does not hold this payment".into())));
        };
        let causation = causation(input);
        let key = input_key(SERVICE, &causation);
        let post_input = PostInput {
            actor: Actor::Operator(command.operator.clone()),
            causation: &causation,
            input_key: &key,
            correlation_id: Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("claims/{key}").as_bytes()),
        };
        let claim = self.era.post_claim(claim_id, &[paid], &post_input).await?;
        // One payment given, one outcome back.
        let outcome = claim
            .posting
            .outcomes
            .first()
            .ok_or_else(|| Failure::Transient("the posting decision gave no outcome".into()))?;
        if let Err(problem) = accepted(outcome, claim_id) {
            return Ok(Err(problem));
        }
        if let Some(coverage) = claim.secondary_due() {
            tracing::info!(%claim_id, payer = %coverage.payer_id, "secondary payer due: the claim awaits billing to it");
        }
        if let (Some(statement), Some(encounter)) =
            (&claim.statement, &claim.posting.after.encounter)
        {
            send_statement(
                &self.era.store,
                input,
                &encounter.partner,
                claim_id,
                statement,
            )
            .await?;
        }
        let names: Vec<&str> = claim.posting.events.iter().map(Event::name).collect();
        Ok(Ok(Done {
            outcome: names.join(","),
            claim_id: Some(claim_id),
        }))
    }

    /// The outcome the command that recorded `done` was answered with.
    async fn first_outcome(&self, done: &SuspenseResolution) -> Result<String, Failure> {
        let claim_id = done
            .claim_id
            .as_deref()
            .and_then(|id| id.parse::<ClaimId>().ok());
        let (Resolved::Applied, Some(claim_id)) = (done.action, claim_id) else {
            return Ok(done.action.as_str().into());
        };
        // The commit of the command that resolved it (sent again beyond the duplicate window,
        // a command is a new INBOX message with a key of its own).
        let first = Causation::Inbox {
            subject: done.command.subject.clone(),
            sequence: done.command.sequence,
            message_id: done.command.message_id.clone(),
        };
        let key = input_key(SERVICE, &first);
        let claim = self.era.store.load(claim_id).await?;
        Ok(claim
            .commits
            .iter()
            .find(|c| c.commit.input_key() == key)
            .map_or_else(|| done.action.as_str().into(), |c| c.commit.event_types()))
    }

    /// The 835 at `sequence` of `INBOX`, if it is still there.
    async fn original(&self, sequence: u64) -> Result<Option<Bytes>, Failure> {
        let inbox = self
            .era
            .store
            .jetstream()
            .get_stream(INBOX)
            .await
            .map_err(StoreError::unavailable)?;
        match inbox.direct_get(sequence).await {
            Ok(message) if message.subject.ends_with(".era") => Ok(Some(message.payload)),
            Ok(_) => Ok(None),
            Err(error) if error.kind() == DirectGetErrorKind::NotFound => Ok(None),
            Err(error) => Err(StoreError::unavailable(error).into()),
        }
    }

    /// Answers the operator on `outbox.ops.receipts`; a refused command is also kept in
    /// `DEADLETTER`, so every refusal is in one place with the original bytes.
    async fn answer(
        &self,
        input: &Input,
        result: Result<Done, Vec<Problem>>,
    ) -> Result<(), Failure> {
        if let Err(problems) = &result {
            // Paths and codes only: a message may quote a value sent.
            tracing::info!(problems = %Problem::summary(problems), "suspense command refused");
            claims_runtime::reply::deadletter(
                &self.era.store,
                SERVICE,
                input,
                &Problem::reasons(problems),
            )
            .await?;
        }
        self.send_receipt(input, &receipt(input, &result)).await
    }

    async fn send_receipt(&self, input: &Input, receipt: &Value) -> Result<(), Failure> {
        let ops: PartnerId = "ops".parse().expect("`ops` is a valid partner id");
        let payload = serde_json::to_vec(receipt).map_err(|e| Failure::Poison(e.to_string()))?;
        claims_runtime::reply::send_receipt(&self.era.store, input, &ops, payload).await
    }
}

fn causation(input: &Input) -> Causation {
    Causation::Inbox {
        subject: input.subject.clone(),
        sequence: input.sequence,
        message_id: input.message_id.clone(),
    }
}

fn receipt(input: &Input, result: &Result<Done, Vec<Problem>>) -> Value {
    match result {
        Ok(done) => {
            json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "accepted",
                           "claim_id": done.claim_id, "outcome": done.outcome})
        }
        Err(problems) => {
            json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "rejected",
                                "errors": problems})
        }
    }
}

fn resolution_of(
    command: &Command,
    claim_id: Option<ClaimId>,
    input: &Input,
    now: chrono::DateTime<chrono::Utc>,
) -> SuspenseResolution {
    let (action, reason) = match &command.action {
        Action::Apply { .. } => (Resolved::Applied, None),
        Action::Dismiss { reason } => (Resolved::Dismissed, Some(reason.as_str().to_owned())),
    };
    SuspenseResolution {
        schema: resolution::SCHEMA.into(),
        trace: command.trace.clone(),
        clp01: command.clp01.clone(),
        occurrence: command.occurrence,
        action,
        claim_id: claim_id.map(|id| id.to_string()),
        reason,
        note: command.note.clone(),
        operator: command.operator.clone(),
        resolved_at: now,
        command: InboxRef {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        },
    }
}
