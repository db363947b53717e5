//! The submission queue: clean claims waiting to be batched, one `SUBMIT` work-queue
//! subject per clearinghouse and payer (`submit.<clearinghouse>.<payer>`).
//!
//! A queue message only names the claim and the coded commit that made it ready; the
//! batcher reloads the claim and decides again, so a stale or repeated message is harmless.
//! The `Nats-Msg-Id` (`ready:<claim>:<commit sequence>`) keeps a redelivered commit from
//! queueing its claim twice within the duplicate window.

use async_nats::HeaderMap;
use serde::{Deserialize, Serialize};

use claims_events::{subjects, ClaimId, PartnerId, PayerId};
use claims_store::{EventStore, StoreError};

/// `ready/v1`: one claim ready to go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyMessage {
    pub schema: String,
    pub claim_id: ClaimId,
    /// The CLAIMS sequence of the commit that left the claim coded: the cause (and the
    /// idempotency key) of its `ClaimSubmitted`.
    pub coded_sequence: u64,
}

impl ReadyMessage {
    pub const SCHEMA: &'static str = "ready/v1";

    pub fn new(claim_id: ClaimId, coded_sequence: u64) -> ReadyMessage {
        ReadyMessage {
            schema: Self::SCHEMA.into(),
            claim_id,
            coded_sequence,
        }
    }

    pub fn parse(payload: &[u8]) -> Result<ReadyMessage, String> {
        let message: ReadyMessage = serde_json::from_slice(payload)
            .map_err(|e| format!("not a {} message: {e}", Self::SCHEMA))?;
        if message.schema != Self::SCHEMA {
            return Err(format!(
                "schema `{}` is not {}",
                message.schema,
                Self::SCHEMA
            ));
        }
        Ok(message)
    }
}

/// Puts a claim in its clearinghouse and payer's queue.
pub async fn enqueue(
    store: &EventStore,
    clearinghouse: &PartnerId,
    payer_id: &PayerId,
    message: &ReadyMessage,
) -> Result<(), StoreError> {
    let payload = serde_json::to_vec(message).map_err(StoreError::unavailable)?;
    store
        .publish(
            subjects::submit_queue(clearinghouse, payer_id),
            &format!("ready:{}:{}", message.claim_id, message.coded_sequence),
            HeaderMap::new(),
            payload.into(),
        )
        .await?;
    Ok(())
}

/// The clearinghouse and payer of a queue subject (`submit.<clearinghouse>.<payer>`).
pub fn queue_of(subject: &str) -> Option<(PartnerId, PayerId)> {
    let mut tokens = subject.split('.');
    match (tokens.next(), tokens.next(), tokens.next(), tokens.next()) {
        (Some("submit"), Some(clearinghouse), Some(payer), None) => {
            Some((clearinghouse.parse().ok()?, payer.parse().ok()?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_subjects_name_their_clearinghouse_and_payer() {
        let (clearinghouse, payer) = queue_of("submit.availity.medicare-il").unwrap();
        assert_eq!(
            subjects::submit_queue(&clearinghouse, &payer),
            "submit.availity.medicare-il"
        );
        assert_eq!(queue_of("submit.availity"), None);
        assert_eq!(queue_of("submit.Availity.x"), None);
    }

    #[test]
    fn ready_messages_round_trip_and_refuse_other_schemas() {
        let id = ClaimId::for_encounter(&"p".parse().unwrap(), "e");
        let message = ReadyMessage::new(id, 7);
        let bytes = serde_json::to_vec(&message).unwrap();
        assert_eq!(ReadyMessage::parse(&bytes), Ok(message));
        assert!(ReadyMessage::parse(b"{\"schema\":\"ready/v2\"}").is_err());
        assert!(ReadyMessage::parse(b"not json").is_err());
    }
}
