//! What a clearinghouse gets back for every acknowledgment it sends: a `receipt/v1` on
//! `outbox.<clearinghouse>.receipts`, accepted, or rejected with every problem. A refused
//! file is also kept in `DEADLETTER` with the reasons, so nothing refused is lost from view.

use serde::Serialize;

use claims_events::{subjects, PartnerId};
use claims_runtime::{Failure, Input};
use claims_store::EventStore;

use crate::SERVICE;

/// One problem, as `receipt/v1` lists them: where (`$`, or the X12 element such as
/// `AK102`), a stable code (docs/contracts/acknowledgments.md) and words.
pub use claims_runtime::Problem;

#[derive(Debug, Clone, Serialize, PartialEq)]
struct Receipt<'a> {
    schema: &'static str,
    message_id: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "<[Problem]>::is_empty")]
    errors: &'a [Problem],
}

/// The receipt for an acknowledgment that was applied.
pub async fn accepted(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
) -> Result<(), Failure> {
    let receipt = Receipt {
        schema: "receipt/v1",
        message_id: input.message_id.as_deref(),
        status: "accepted",
        outcome: Some("recorded"),
        errors: &[],
    };
    send(store, input, partner, &receipt).await
}

/// Refuses a file: the original goes to `DEADLETTER` with the problems as the reason, and
/// the clearinghouse gets every problem in a rejected receipt. No claim was changed.
pub async fn refuse(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    problems: &[Problem],
) -> Result<(), Failure> {
    tracing::info!(subject = %input.subject, sequence = input.sequence, problems = %Problem::summary(problems), "acknowledgment refused");
    claims_runtime::reply::deadletter(store, SERVICE, input, &Problem::reasons(problems)).await?;
    let receipt = Receipt {
        schema: "receipt/v1",
        message_id: input.message_id.as_deref(),
        status: "rejected",
        outcome: None,
        errors: problems,
    };
    send(store, input, partner, &receipt).await
}

/// The receipt for an input the consumer gave up on (already dead-lettered with `reason`).
pub async fn unprocessable(store: &EventStore, input: &Input, reason: &str) -> Result<(), Failure> {
    let Some(partner) = partner_of(input) else {
        return Ok(()); // No partner to answer: the dead letter is all there is.
    };
    let problems = [Problem::new("$", "message.unprocessable", reason)];
    let receipt = Receipt {
        schema: "receipt/v1",
        message_id: input.message_id.as_deref(),
        status: "rejected",
        outcome: None,
        errors: &problems,
    };
    send(store, input, &partner, &receipt).await
}

/// The clearinghouse an inbox input came from.
pub fn partner_of(input: &Input) -> Option<PartnerId> {
    subjects::inbox_source(&input.subject).and_then(|p| p.parse().ok())
}

/// Publishes `receipt`, deduplicated per input so a redelivery answers once.
async fn send(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    receipt: &Receipt<'_>,
) -> Result<(), Failure> {
    let payload = serde_json::to_vec(receipt).map_err(|e| Failure::Poison(e.to_string()))?;
    claims_runtime::reply::send_receipt(store, input, partner, payload).await
}
