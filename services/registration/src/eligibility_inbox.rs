//! The shell around eligibility answers: consumes `inbox.*.eligibility`, files the answer as
//! the latest for its member, and decides the coverage of every claim held waiting for it.

use std::convert::Infallible;
use std::sync::Arc;

use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, ClaimId, ClaimStatus};
use claims_runtime::{decide_and_append, Clock, CommandError, Failure, Handler, Input};
use claims_store::{Decision, EventStore};

use crate::eligibility::{coverage_event, EligibilityBook};
use crate::intake::{check_coverage, parse_eligibility, CoverageCheck, EligibilityRecord};
use crate::receipt::Receipt;
use crate::reply::{missing_message_id, partner_of, refuse, send_receipt, unprocessable};
use crate::SERVICE;

pub struct EligibilityHandler {
    pub store: EventStore,
    pub book: EligibilityBook,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

impl Handler for EligibilityHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    /// One member's answers in order: the latest one must win.
    fn ordering_key(&self, input: &Input) -> String {
        match parse_eligibility(&input.payload) {
            Ok(record) => format!("{}/{}", record.payer_id, record.member_id),
            Err(_) => input.subject.clone(),
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
        let record = match parse_eligibility(&input.payload) {
            Ok(record) => record,
            Err(problems) => return refuse(&self.store, input, &partner, None, problems).await,
        };
        self.book
            .store(&record, input.payload.clone())
            .await
            .map_err(Failure::Transient)?;

        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let held = self
            .book
            .held_claims(&record.payer_id, &record.member_id)
            .await
            .map_err(Failure::Transient)?;
        for claim_id in held {
            settle_held_claim(
                &self.store,
                &self.book,
                self.clock.as_ref(),
                self.max_conflicts,
                claim_id,
                &record,
                Actor::Partner(partner.clone()),
                &causation,
            )
            .await?;
        }
        send_receipt(
            &self.store,
            input,
            &partner,
            &Receipt::recorded(input.message_id.clone()),
        )
        .await
    }

    async fn rejected(&self, input: &Input, reason: &str) -> Result<(), Failure> {
        unprocessable(&self.store, input, reason).await
    }
}

/// Decides the coverage of a claim held for eligibility, now that `record` is on file, and
/// releases it from the hold list unless the answer still cannot confirm it.
#[allow(clippy::too_many_arguments)]
pub async fn settle_held_claim(
    store: &EventStore,
    book: &EligibilityBook,
    clock: &dyn Clock,
    max_conflicts: u32,
    claim_id: ClaimId,
    record: &EligibilityRecord,
    actor: Actor,
    causation: &Causation,
) -> Result<(), Failure> {
    let key = input_key(SERVICE, causation);
    let outcome = decide_and_append(
        store,
        claim_id,
        clock,
        max_conflicts,
        |claim| -> Result<Option<Decision>, Infallible> {
            let Some(encounter) = &claim.state.encounter else {
                return Ok(None);
            };
            if claim.state.status() != ClaimStatus::EligibilityHold || claim.state.has_handled(&key)
            {
                return Ok(None);
            }
            let check = check_coverage(encounter, Some(record));
            if matches!(check, CoverageCheck::Pending { .. }) {
                return Ok(None); // Still not confirmable: the claim stays held.
            }
            Ok(Some(Decision {
                service: SERVICE.into(),
                actor: actor.clone(),
                causation: causation.clone(),
                correlation_id: Uuid::now_v7(),
                events: vec![coverage_event(&encounter.coverage.payer_id, check)],
            }))
        },
    )
    .await;
    let still_held = match outcome {
        Ok(outcome) => {
            outcome.claim().state.status() == ClaimStatus::EligibilityHold
                && !matches!(&outcome, claims_runtime::Outcome::Appended { .. })
        }
        Err(CommandError::Refused(never)) => match never {},
        Err(CommandError::Store(error)) => return Err(error.into()),
        Err(error @ CommandError::TooManyConflicts { .. }) => {
            return Err(Failure::Transient(error.to_string()))
        }
    };
    if !still_held {
        book.release(&record.payer_id, &record.member_id, claim_id)
            .await
            .map_err(Failure::Transient)?;
        tracing::info!(%claim_id, "held claim's coverage decided");
    }
    Ok(())
}
