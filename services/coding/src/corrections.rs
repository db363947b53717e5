//! Coders' corrections: `code-correct/v1` commands on `inbox.ops.code-correct`, published by
//! `claims code correct` and the dashboard. Each is validated against the claim's state,
//! recorded with the operator's id, and checked again at once.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{
    Actor, Causation, Cents, ClaimCoding, ClaimId, Icd10Code, Modifier, PartnerId, ProcedureCode,
    ServiceLine,
};
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input};
use claims_store::{Decision, EventStore};

use crate::decide::decide_correction;
use crate::rules::Reference;
use crate::SERVICE;

/// `code-correct/v1` (docs/contracts/code-correct.v1.schema.json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeCorrection {
    pub schema: String,
    pub claim_id: ClaimId,
    pub operator: String,
    pub diagnoses: Vec<Icd10Code>,
    pub lines: Vec<LineInput>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    pub procedure: ProcedureCode,
    #[serde(default)]
    pub modifiers: Vec<Modifier>,
    pub units: u32,
    /// A decimal string ("125.00"), as in encounters.
    pub charge: String,
    pub diagnosis_pointers: Vec<u8>,
    #[serde(default)]
    pub service_date: Option<NaiveDate>,
}

impl CodeCorrection {
    /// Parses and checks the command's own shape; the claim decides the rest.
    pub fn parse(payload: &[u8]) -> Result<(CodeCorrection, ClaimCoding), String> {
        let command: CodeCorrection = serde_json::from_slice(payload)
            .map_err(|e| format!("not a code-correct/v1 command: {e}"))?;
        if command.schema != "code-correct/v1" {
            return Err(format!(
                "schema is `{}`; expected `code-correct/v1`",
                command.schema
            ));
        }
        if command.operator.trim().is_empty() {
            return Err("`operator` must name the operator making the correction".into());
        }
        let lines = command
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let charge = Cents::parse_decimal(&line.charge)
                    .map_err(|e| format!("$.lines[{i}].charge: {e}"))?;
                Ok(ServiceLine {
                    procedure: line.procedure.clone(),
                    modifiers: line.modifiers.clone(),
                    units: line.units,
                    charge,
                    diagnosis_pointers: line.diagnosis_pointers.clone(),
                    service_date: line.service_date,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let coding = ClaimCoding {
            diagnoses: command.diagnoses.clone(),
            lines,
        };
        Ok((command, coding))
    }
}

pub struct CorrectionHandler {
    pub store: EventStore,
    pub reference: Arc<Reference>,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for CorrectionHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        #[derive(Deserialize)]
        struct Key {
            claim_id: String,
        }
        serde_json::from_slice::<Key>(&input.payload)
            .map(|k| k.claim_id)
            .unwrap_or_else(|_| input.subject.clone())
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let (command, coding) = match CodeCorrection::parse(&input.payload) {
            Ok(parsed) => parsed,
            Err(reason) => return self.answer(input, None, Err(reason)).await,
        };
        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let key = input_key(SERVICE, &causation);
        let outcome = decide_and_append(
            &self.store,
            command.claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let events = decide_correction(
                    &claim.state,
                    &command.operator,
                    coding.clone(),
                    command.note.clone(),
                    &key,
                    &self.reference,
                )?;
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
        match outcome {
            Ok(outcome) => {
                let detail = match &outcome {
                    claims_runtime::Outcome::Appended { appended, .. } => {
                        appended.stored.commit.event_types()
                    }
                    claims_runtime::Outcome::Unchanged(_) => "unchanged".into(),
                };
                tracing::info!(claim_id = %command.claim_id, operator = %command.operator, %detail, "correction recorded");
                self.answer(input, Some(command.claim_id), Ok(detail)).await
            }
            Err(CommandError::Refused(reason)) => {
                self.answer(input, Some(command.claim_id), Err(reason))
                    .await
            }
            Err(CommandError::Store(error)) => Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                Err(Failure::Transient(error.to_string()))
            }
        }
    }
}

impl CorrectionHandler {
    /// Answers the operator on `outbox.ops.receipts`; a refused command is also kept in
    /// `DEADLETTER`.
    async fn answer(
        &self,
        input: &Input,
        claim_id: Option<ClaimId>,
        result: Result<String, String>,
    ) -> Result<(), Failure> {
        let receipt = match &result {
            Ok(outcome) => {
                json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "accepted",
                                  "claim_id": claim_id, "outcome": outcome})
            }
            Err(reason) => {
                json!({"schema": "receipt/v1", "message_id": input.message_id, "status": "rejected",
                                  "claim_id": claim_id, "errors": [{"path": "$", "code": "command.refused", "message": reason}]})
            }
        };
        if let Err(reason) = &result {
            claims_runtime::reply::deadletter(&self.store, SERVICE, input, reason).await?;
        }
        let ops: PartnerId = "ops".parse().expect("`ops` is a valid partner id");
        let payload = serde_json::to_vec(&receipt).expect("receipts serialise");
        claims_runtime::reply::send_receipt(&self.store, input, &ops, payload).await
    }
}
