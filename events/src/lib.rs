//! The pure core of the claims lifecycle: no I/O, no async, no clock.
//!
//! # Layout
//!
//! - [`domain`]: values that are valid by construction (claim ids, NPIs, codes, money) and the
//!   encounter a claim is billed from.
//! - [`event`]: the v1 domain events, facts in the past tense, versioned for ever.
//! - [`claim`]: the claim's state as a fold of its events (`Claim::evolve`), its status and
//!   its ledger.
//! - [`commit`]: the unit of append, one decision for one claim, with causation, actor and
//!   the per-claim hash chain; [`codec`] turns it into the bytes stored in the log.
//! - [`subjects`]: every NATS subject, built in one place.
//!
//! Services decide with `decide(&claim, input, &context) -> Result<Vec<Event>, Rejection>`
//! functions of their own; they, projections and audit all fold with the same `evolve`.

pub mod claim;
pub mod codec;
pub mod commit;
pub mod describe;
pub mod domain;
pub mod event;
pub mod sample;
pub mod subjects;

pub use claim::{Claim, ClaimStatus, Ledger};
pub use commit::{Actor, Causation, Commit, CommitHash};
pub use domain::*;
pub use event::Event;
