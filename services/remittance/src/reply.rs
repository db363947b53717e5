//! What goes back out: receipts to the 835's sender, refusals (kept in `DEADLETTER` with the
//! reason, so nothing refused is lost from view), and statements to the practice.
//!
//! Every message carries a `Nats-Msg-Id` derived from what it answers, so an 835 delivered
//! twice is answered once within the server's duplicate window; beyond it, the same
//! receipt or statement (same statement id) may be sent again, never a different one.


use claims_events::{subjects, ClaimId, PartnerId};
use claims_runtime::{Failure, Input};
use claims_store::{headers, EventStore};
use claims_x12::X12Error;

use crate::receipt::{Problem, Receipt};
use crate::statement::Statement;
use crate::SERVICE;

/// Publishes `receipt` for `input` on `outbox.<partner>.receipts`.
pub async fn send_receipt(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    receipt: &Receipt,
) -> Result<(), Failure> {
    claims_runtime::reply::send_receipt(store, input, partner, receipt.to_json()).await
}

/// Refuses an 835 as a whole: the original goes to `DEADLETTER` with the problems as the
/// reason, and the sender gets every problem in a rejected receipt. No claim is touched.
pub async fn refuse(
    store: &EventStore,
    input: &Input,
    partner: &PartnerId,
    problems: Vec<Problem>,
) -> Result<(), Failure> {
    // Paths and codes only in the log; the messages go to the sender and the dead letter.
    let summary: Vec<String> = problems
        .iter()
        .map(|p| format!("{} {}", p.path, p.code))
        .collect();
    tracing::info!(subject = %input.subject, sequence = input.sequence, problems = %summary.join("; "), "835 refused");
    // A header, so kept short: the first problems, and how many more the receipt lists.
    let mut reason: Vec<String> = problems
        .iter()
        .take(10)
        .map(|p| p.message.clone())
        .collect();
    if problems.len() > 10 {
        reason.push(format!("and {} more problems", problems.len() - 10));
    }
    claims_runtime::reply::deadletter(store, SERVICE, input, &reason.join("; ")).await?;
    send_receipt(
        store,
        input,
        partner,
        &Receipt::rejected(input.message_id.clone(), problems),
    )
    .await
}

/// Publishes a patient statement on `outbox.<practice>.statements`.
pub async fn send_statement(
    store: &EventStore,
    input: &Input,
    practice: &PartnerId,
    claim_id: ClaimId,
    statement: &Statement,
) -> Result<(), Failure> {
    let mut headers = claims_runtime::reply::in_reply_to(input);
    headers.insert(headers::CLAIM_ID, claim_id.to_string().as_str());
    store
        .publish(
            subjects::outbox(practice, "statements"),
            &format!("statement:{}", statement.statement_id),
            headers,
            statement.to_json().into(),
        )
        .await?;
    Ok(())
}

/// The partner an inbox input came from, or a poison failure naming the subject.
pub fn partner_of(input: &Input) -> Result<PartnerId, Failure> {
    subjects::inbox_source(&input.subject)
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| Failure::Poison(format!("`{}` does not name a partner", input.subject)))
}

/// The receipt for an input the consumer gave up on (dead-lettered with `reason`).
pub async fn unprocessable(store: &EventStore, input: &Input, reason: &str) -> Result<(), Failure> {
    let Ok(partner) = partner_of(input) else {
        return Ok(()); // No partner to answer: the dead letter is all there is.
    };
    let problem = Problem::whole_file("message.unprocessable", reason.to_owned());
    send_receipt(
        store,
        input,
        &partner,
        &Receipt::rejected(input.message_id.clone(), vec![problem]),
    )
    .await
}

/// The problem every inbox message without a `Nats-Msg-Id` gets.
pub fn missing_message_id() -> Problem {
    Problem {
        path: "$headers.Nats-Msg-Id".into(),
        code: "message_id.missing".into(),
        message: "every inbox message needs a Nats-Msg-Id header chosen by the sender, so that sending it \
                  again changes nothing"
            .into(),
        claim: None,
        difference: None,
    }
}

/// An 835 the reader could not read. The reader's message names the segment and element;
/// values are left out where they may be a person's name, address or member id.
pub fn unreadable(error: &X12Error) -> Problem {
    let message = match error {
        X12Error::InvalidValue {
            at,
            element,
            problem,
            ..
        } if matches!(at.id.as_str(), "NM1" | "N3" | "N4" | "REF" | "PER") => {
            format!("{at}: {element} {problem}")
        }
        X12Error::NoIsa { .. } => {
            "the message does not start with an ISA segment: not an X12 interchange".into()
        }
        X12Error::BadSegmentId { segment, .. } => {
            format!("segment {segment} does not start with a segment id: the delimiters or the text are wrong")
        }
        other => other.to_string(),
    };
    Problem::whole_file(
        "x12.invalid",
        format!("{message}; nothing in this file was posted"),
    )
}
