//! The unit of append: one decision's events for one claim, with where they came from.
//!
//! JetStream 2.9 has no atomic multi-message publish, so a decision that produces several
//! events stays all-or-nothing by travelling as one message. The envelope says who decided
//! (service, on behalf of which actor), why (the causing input), when, and links to the
//! claim's previous commit by hash (a per-claim chain auditors verify) and by stream
//! sequence (so a load can fetch every earlier commit at once instead of walking the log).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::{ClaimId, PartnerId};
use crate::event::Event;

/// Who a decision was made for or by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A partner's message (encounter, acknowledgment, remittance) drove it.
    Partner(PartnerId),
    /// An operator's command: the operator's id as the command carried it.
    Operator(String),
    /// The system itself, reacting to the log or to time.
    System,
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Partner(id) => write!(f, "partner {id}"),
            Actor::Operator(id) => write!(f, "operator {id}"),
            Actor::System => f.write_str("system"),
        }
    }
}

/// What caused a commit: the input a service decided on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Causation {
    /// A message in the `INBOX` stream: the partner's or operator's message, byte for byte,
    /// is at that sequence.
    Inbox {
        subject: String,
        sequence: u64,
        message_id: Option<String>,
    },
    /// A commit in the `CLAIMS` stream (of this claim or another).
    Commit { claim_id: ClaimId, sequence: u64 },
    /// Time passing: a scheduled rule (follow-up, deadlines) as of a date.
    Schedule { rule: String, as_of: NaiveDate },
}

impl Causation {
    /// A key naming this input, unique within one service.
    pub fn key(&self) -> String {
        match self {
            Causation::Inbox { sequence, .. } => format!("inbox:{sequence}"),
            Causation::Commit { sequence, .. } => format!("claims:{sequence}"),
            Causation::Schedule { rule, as_of } => format!("schedule:{rule}:{as_of}"),
        }
    }
}

impl fmt::Display for Causation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Causation::Inbox {
                subject,
                sequence,
                message_id: Some(id),
            } => {
                write!(f, "{subject} message {id} (INBOX #{sequence})")
            }
            Causation::Inbox {
                subject,
                sequence,
                message_id: None,
            } => {
                write!(f, "{subject} (INBOX #{sequence})")
            }
            Causation::Commit { claim_id, sequence } => {
                write!(f, "commit CLAIMS #{sequence} of claim {claim_id}")
            }
            Causation::Schedule { rule, as_of } => write!(f, "scheduled {rule} as of {as_of}"),
        }
    }
}

/// SHA-256 of a commit's encoded bytes, exactly as stored.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommitHash(pub [u8; 32]);

impl CommitHash {
    pub fn of(encoded: &[u8]) -> CommitHash {
        CommitHash(Sha256::digest(encoded).into())
    }
}

impl fmt::Display for CommitHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for CommitHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommitHash({self})")
    }
}

/// One commit: all events of one decision for one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub claim_id: ClaimId,
    /// UUID v7: unique and time-ordered.
    pub commit_id: Uuid,
    /// The service that decided (`registration`, `coding`, ...).
    pub service: String,
    pub actor: Actor,
    pub causation: Causation,
    /// Shared by every commit that descends from one outside input, across claims.
    pub correlation_id: Uuid,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub recorded_at: DateTime<Utc>,
    /// The hash of this claim's previous commit; `None` for its first.
    pub previous_hash: Option<CommitHash>,
    /// The stream sequences of all this claim's earlier commits, oldest first.
    pub previous_sequences: Vec<u64>,
    pub events: Vec<Event>,
}

impl Commit {
    /// The idempotency key of the input this commit decided, as the claim remembers it.
    pub fn input_key(&self) -> String {
        input_key(&self.service, &self.causation)
    }

    /// The comma-separated event names for the `Claims-Event-Types` header.
    pub fn event_types(&self) -> String {
        let names: Vec<&str> = self.events.iter().map(Event::name).collect();
        names.join(",")
    }
}

/// The key under which a claim remembers that `service` decided on `causation`.
pub fn input_key(service: &str, causation: &Causation) -> String {
    format!("{service}:{}", causation.key())
}
