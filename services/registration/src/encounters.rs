//! The shell around the registration decision: consumes `inbox.*.encounter`, appends the
//! decision to the claim's log, and answers the partner with a receipt.

use std::sync::Arc;

use serde::Deserialize;
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{subjects, Actor, Causation, ClaimId, Event, PartnerId};
use claims_payers::PayerRegistry;
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input};
use claims_store::{Decision, EventStore};

use crate::decide::{decide_encounter, Registration};
use crate::eligibility::EligibilityBook;
use crate::intake::parse_encounter;
use crate::receipt::Receipt;
use crate::reply::{missing_message_id, partner_of, refuse, send_receipt, unprocessable};
use crate::SERVICE;

pub struct EncounterHandler {
    pub store: EventStore,
    pub payers: Arc<PayerRegistry>,
    pub eligibility: EligibilityBook,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

/// Just enough of an encounter to know its claim before parsing the rest.
#[derive(Deserialize)]
struct EncounterKey {
    encounter_id: String,
}

impl EncounterHandler {
    /// Puts a claim on the eligibility hold list, then looks for an answer once more: one may
    /// have been filed between the coverage check and the hold, and the eligibility consumer,
    /// which reads the hold list after filing, would then have missed this claim.
    async fn hold_and_recheck(
        &self,
        encounter: &claims_events::Encounter,
        claim_id: ClaimId,
        sequence: u64,
    ) -> Result<(), Failure> {
        self.eligibility
            .hold(encounter, claim_id)
            .await
            .map_err(Failure::Transient)?;
        let payer = &encounter.coverage.payer_id;
        let Some(record) = self
            .eligibility
            .record(payer, &encounter.subscriber.member_id)
            .await
            .map_err(Failure::Transient)?
        else {
            return Ok(());
        };
        let causation = Causation::Commit { claim_id, sequence };
        crate::eligibility_inbox::settle_held_claim(
            &self.store,
            &self.eligibility,
            self.clock.as_ref(),
            self.max_conflicts,
            claim_id,
            &record,
            Actor::System,
            &causation,
        )
        .await
    }
}

impl Handler for EncounterHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        let partner =
            subjects::inbox_source(&input.subject).and_then(|p| p.parse::<PartnerId>().ok());
        match (
            partner,
            serde_json::from_slice::<EncounterKey>(&input.payload),
        ) {
            (Some(partner), Ok(key)) => {
                ClaimId::for_encounter(&partner, &key.encounter_id).to_string()
            }
            _ => input.subject.clone(),
        }
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let partner = partner_of(input)?;
        if input.message_id.is_none() {
            return refuse(
                &self.store,
                input,
                &partner,
                None,
                vec![missing_message_id()],
            )
            .await;
        }
        let today = self.clock.now().date_naive();
        let encounter = match parse_encounter(&partner, &input.payload, today, &self.payers) {
            Ok(encounter) => encounter,
            Err(problems) => return refuse(&self.store, input, &partner, None, problems).await,
        };
        let claim_id = ClaimId::for_encounter(&partner, &encounter.encounter_id);
        let coverage = self
            .eligibility
            .coverage_events(&encounter)
            .await
            .map_err(Failure::Transient)?;
        let held = coverage
            .iter()
            .any(|e| matches!(e, Event::EligibilityPending(_)));
        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let key = input_key(SERVICE, &causation);
        let mut registration = Registration::Unchanged;
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let (kind, events) =
                    decide_encounter(&claim.state, &encounter, &key, coverage.clone())?;
                registration = kind;
                Ok((!events.is_empty()).then(|| Decision {
                    service: SERVICE.into(),
                    actor: Actor::Partner(partner.clone()),
                    causation: causation.clone(),
                    correlation_id: Uuid::now_v7(),
                    events,
                }))
            },
        )
        .await;
        match outcome {
            Ok(outcome) => {
                if let (true, claims_runtime::Outcome::Appended { appended, .. }) = (held, &outcome)
                {
                    self.hold_and_recheck(&encounter, claim_id, appended.sequence)
                        .await?;
                }
                tracing::info!(%claim_id, sequence = input.sequence, outcome = registration.as_str(), "encounter accepted");
                let receipt =
                    Receipt::accepted(input.message_id.clone(), claim_id, registration.as_str());
                send_receipt(&self.store, input, &partner, &receipt).await
            }
            Err(CommandError::Refused(problems)) => {
                refuse(&self.store, input, &partner, Some(claim_id), problems).await
            }
            Err(CommandError::Store(error)) => Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                Err(Failure::Transient(error.to_string()))
            }
        }
    }

    async fn rejected(&self, input: &Input, reason: &str) -> Result<(), Failure> {
        unprocessable(&self.store, input, reason).await
    }
}
