//! Answering partners: receipts on `outbox.<partner>.receipts`, and refusals, which also keep
//! the original in `DEADLETTER` with the reason so nothing refused is ever lost from view.

use claims_events::{subjects, ClaimId, PartnerId};
use claims_runtime::{Failure, Input};
use claims_store::EventStore;

use crate::intake::Problem;
use crate::receipt::Receipt;
use crate::SERVICE;

/// Publishes `receipt` for `input`, deduplicated per input so a redelivery answers once.
pub async fn send_receipt(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    receipt: &Receipt,
) -> Result<(), Failure> {
    claims_runtime::reply::send_receipt(store, input, partner, receipt.to_json()).await
}

/// Refuses an input: the original goes to `DEADLETTER` with the problems as the reason, and
/// the partner gets every problem in a rejected receipt.
pub async fn refuse(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    claim_id: Option<ClaimId>,
    problems: Vec<Problem>,
) -> Result<(), Failure> {
    // Codes and paths only: messages may quote values, and logs never carry patient data.
    let summary = Problem::summary(&problems);
    tracing::info!(subject = %input.subject, sequence = input.sequence, problems = %summary, "input refused");
    claims_runtime::metrics::count(SERVICE, "inputs_refused");
    claims_runtime::reply::deadletter(store, SERVICE, input, &summary).await?;
    send_receipt(
        store,
        input,
        partner,
        &Receipt::rejected(input.message_id.clone(), claim_id, problems),
    )
    .await
}

/// The partner an inbox input came from, or a poison failure naming the subject.
pub fn partner_of(input: &Input) -> Result<PartnerId, Failure> {
    subjects::inbox_source(&input.subject)
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| Failure::Poison(format!("`{}` does not name a partner", input.subject)))
}

/// The problem every inbox message without a `Nats-Msg-Id` gets.
pub fn missing_message_id() -> Problem {
    Problem {
        path: "$headers.Nats-Msg-Id".into(),
        code: "message_id.missing".into(),
        message: "every inbox message needs a Nats-Msg-Id header chosen by the sender, so that \
                  sending it again changes nothing"
            .into(),
    }
}

/// The receipt for an input the consumer gave up on (dead-lettered with `reason`).
pub async fn unprocessable(store: &EventStore, input: &Input, reason: &str) -> Result<(), Failure> {
    let Ok(partner) = partner_of(input) else {
        return Ok(()); // No partner to answer: the dead letter is all there is.
    };
    let problem = Problem {
        path: "$".into(),
        code: "message.unprocessable".into(),
        message: reason.into(),
    };
    send_receipt(
        store,
        input,
        &partner,
        &Receipt::rejected(input.message_id.clone(), None, vec![problem]),
    )
    .await
}
