//! Operators resolving the suspense list: `suspense-resolve/v1` on
//! `inbox.ops.suspense-resolve` (durable consumer `remittance-suspense-resolve`), answered
//! by a `receipt/v1` on `outbox.ops.receipts` (docs/contracts/operator-commands.md).
//!
//! - `apply` posts the held payment to the claim the biller found, reading the CLP loop from
//!   the original 835 in `INBOX` and deciding exactly as the 835 consumer does
//!   ([`crate::post`]), with the command as the commit's cause and the operator as its actor;
//! - `dismiss` posts nothing.
//!
//! Either way a `suspense-resolution/v1` record ([`crate::resolution`]) is appended beside the
//! held one, after the posting, so a crash in between is repaired by redelivery: the
//! posting is found by the command's input key and reproduced, then the record written.
//!
//! - [`command`]: parsing (pure).
//! - [`apply`]: finding the CLP loop in the 835, and what a posting outcome means (pure).
//! - [`handler`]: the consumer.

pub mod apply;
pub mod command;
pub mod handler;

pub use command::{parse, Action, Command, DismissReason, Problem, KIND, SCHEMA};
pub use handler::ResolveHandler;
