//! Header names on the messages the system writes.
//!
//! Besides the JetStream headers (`Nats-Msg-Id`, `Nats-Expected-Last-Subject-Sequence`), each
//! commit lists its event types so a consumer can skip commits it does not care about
//! without decoding them, and dead letters say why and where from.

/// Comma-separated event type names of a commit.
pub const EVENT_TYPES: &str = "Claims-Event-Types";
/// The claim id a commit belongs to (also in the subject; here for tools that only read headers).
pub const CLAIM_ID: &str = "Claims-Claim-Id";
/// Why a message was dead-lettered.
pub const DEADLETTER_REASON: &str = "Claims-Deadletter-Reason";
/// The subject the dead-lettered message was originally on.
pub const ORIGINAL_SUBJECT: &str = "Claims-Original-Subject";
/// The stream and sequence of the original message (`INBOX:42`).
pub const ORIGINAL_SEQUENCE: &str = "Claims-Original-Sequence";
/// The inbox message a receipt or other outbox message answers.
pub const IN_REPLY_TO: &str = "Claims-In-Reply-To";
