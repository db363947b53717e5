//! `suspense-resolution/v1`: an operator's resolution of a payment held in suspense, kept
//! on the held record's subject (`claims.remit.<trace>`, stream `CLAIMS`, never purged).
//!
//! One per held payment (trace, CLP01, occurrence): the service reads the trace's records
//! before writing one, and its `Nats-Msg-Id` is derived from the payment alone, so two
//! commands resolving the same payment within the server's duplicate window store one.

use async_nats::HeaderMap;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use claims_events::subjects;
use claims_store::{EventStore, StoreError};

use crate::suspense::InboxRef;

pub const SCHEMA: &str = "suspense-resolution/v1";

/// What the operator did with the held payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolved {
    /// Posted to `claim_id` (its `RemittancePosted` is in that claim's log).
    Applied,
    /// Taken off the list without posting anything.
    Dismissed,
}

impl Resolved {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolved::Applied => "applied",
            Resolved::Dismissed => "dismissed",
        }
    }
}

/// `suspense-resolution/v1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuspenseResolution {
    pub schema: String,
    /// The held payment: TRN02, CLP01 as the payer sent it, and its occurrence.
    pub trace: String,
    pub clp01: String,
    pub occurrence: u32,
    pub action: Resolved,
    /// The claim the payment was posted to (`applied` only).
    pub claim_id: Option<String>,
    /// Why it was dismissed: `not_our_patient`, `refund_requested`, `duplicate_payment`,
    /// `other` (`dismissed` only).
    pub reason: Option<String>,
    pub note: Option<String>,
    pub operator: String,
    pub resolved_at: DateTime<Utc>,
    /// The command in `INBOX` (its `Nats-Msg-Id` is `message_id`).
    pub command: InboxRef,
}

impl SuspenseResolution {
    /// The `Nats-Msg-Id` of the record: one per held payment.
    pub fn message_id(&self) -> String {
        format!(
            "suspense-resolution:{}:{}:{}",
            self.trace, self.clp01, self.occurrence
        )
    }

    /// True when the command at `sequence` (or, beyond the duplicate window, sent again
    /// with the same `Nats-Msg-Id`) is the one this records.
    pub fn answers(&self, sequence: u64, message_id: Option<&str>) -> bool {
        self.command.sequence == sequence
            || (message_id.is_some() && self.command.message_id.as_deref() == message_id)
    }
}

/// Appends `resolution` to its trace's subject.
pub async fn record(store: &EventStore, resolution: &SuspenseResolution) -> Result<(), StoreError> {
    // Plain data: serialising cannot fail.
    let payload = serde_json::to_vec(resolution).unwrap_or_default();
    store
        .publish(
            subjects::remittance(&resolution.trace),
            &resolution.message_id(),
            HeaderMap::new(),
            payload.into(),
        )
        .await?;
    tracing::info!(
        trace = %resolution.trace,
        clp01 = %resolution.clp01,
        occurrence = resolution.occurrence,
        action = resolution.action.as_str(),
        operator = %resolution.operator,
        "suspense item resolved"
    );
    Ok(())
}
