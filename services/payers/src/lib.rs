//! The payer registry: who pays a claim, how a claim reaches them, and their deadlines.
//!
//! Every stage after registration asks the same questions about a payer: which
//! clearinghouse routes its claims and under which X12 payer id (837P 2010BB NM109), which
//! claim filing indicator goes in SBR09, how long a claim may wait before it is past timely
//! filing, when an unanswered claim needs a follow-up, and how long an appeal stays open.
//! The answers are configuration, not code: an operator edits a TOML file, and the registry
//! checks it once at start-up so that no later stage meets a half-valid payer.
//!
//! # Layout
//!
//! - [`payer`]: one payer and the rules a payer-specific scrub reads from it.
//! - [`filing_indicator`]: the X12 SBR09 claim filing indicator codes.
//! - [`member_id`]: payer-specific member id formats (the Medicare Beneficiary Identifier).
//! - [`registry`]: loading and validating the TOML file, and looking payers up.
//! - [`error`]: why a registry file was refused.
//!
//! `payers.toml` next to this crate's `Cargo.toml` is the sample registry the project
//! ships ([`PayerRegistry::sample`]); the examples in `docs/contracts/` use its payer ids.

pub mod error;
pub mod filing_indicator;
pub mod member_id;
pub mod payer;
pub mod registry;
mod toml_fields;

pub use error::RegistryError;
pub use filing_indicator::ClaimFilingIndicator;
pub use member_id::MemberIdFormat;
pub use payer::Payer;
pub use registry::{PayerRegistry, SAMPLE_TOML};
