//! Read models of the claims log for people: claim summaries, counts by status and payer,
//! worklists. Thrown away and rebuilt from the log at will; never a source of truth.
//!
//! # Layout
//!
//! - [`keys`]: the one sled tree's key layout, and why there is one tree.
//! - [`fold`]: a claim as the models keep it between commits.
//! - [`summary`]: a claim as operations see it, and the worklists it is on.
//! - [`deadline`]: the timely-filing or appeal deadline a claim runs against.
//! - [`unmatched`]: payments held in suspense, and when a later posting clears one.
//! - [`projection`]: applying commits to the models atomically with the checkpoint; queries.
//! - [`changes`]: what items applied in memory change, until written in one batch.
//! - [`states`]: claims' folds kept in memory between batches.
//! - [`projector`]: following the log from the checkpoint.

pub mod changes;
pub mod deadline;
pub mod fold;
pub mod generations;
pub mod keys;
pub mod kpis;
mod prepare;
pub mod projection;
pub mod projector;
pub mod states;
pub mod summary;
pub mod timeline;
pub mod unmatched;

pub use changes::Changes;
pub use generations::SharedProjection;
pub use projection::{LogItem, Projection, ProjectionError};
pub use summary::{ClaimSummary, DEADLINES, WORKLISTS};
