//! Intake: partners' JSON messages become domain values, or receipts that name every
//! problem.
//!
//! Registration's edge. A practice's `encounter/v1` becomes an [`claims_events::Encounter`]
//! and a payer's `eligibility/v1` an [`EligibilityRecord`]; anything else becomes a list of
//! [`Problem`]s for the rejection receipt, each with a JSON path, a stable code and a
//! message a person can act on. Everything here is pure: the clock (`today`) and the payer
//! registry are passed in, and nothing is logged.
//!
//! # Layout
//!
//! - [`problem`]: `Problem`, one line of a rejection receipt.
//! - `json`: the lenient walk over a parsed document that records problems and goes on.
//! - `text`, `values`: field rules (X12-safe text, identifiers, dates, money, word lists).
//! - [`place_of_service`], [`states`]: the CMS and USPS code tables.
//! - `person`, `subscriber`, `coverage`, `provider`, `coding`: the sections of an encounter.
//! - [`encounter`]: [`parse_encounter`], and the rules that span sections.
//! - [`eligibility`]: [`parse_eligibility`] and the record it yields.
//! - [`coverage_check`]: [`check_coverage`], an encounter against the eligibility on file.
//! - [`document`], [`changes`]: an encounter written back as `encounter/v1`, and the paths
//!   an amendment changed ([`encounter_changes`]).
//!
//! The JSON Schemas partners validate against are in `docs/contracts/`, with examples that
//! the tests parse.

pub mod changes;
mod coding;
mod coverage;
pub mod coverage_check;
pub mod document;
pub mod eligibility;
pub mod encounter;
mod json;
mod person;
pub mod place_of_service;
pub mod problem;
mod provider;
pub mod states;
mod subscriber;
mod text;
mod values;

pub use changes::encounter_changes;
pub use coverage_check::{check_coverage, CoverageCheck};
pub use document::encounter_document;
pub use eligibility::{
    parse_eligibility, EligibilityRecord, EligibilityStatus, ELIGIBILITY_SCHEMA,
};
pub use encounter::{parse_encounter, ENCOUNTER_SCHEMA};
pub use place_of_service::{is_place_of_service, PLACES_OF_SERVICE};
pub use problem::Problem;
pub use states::{is_usps_state, USPS_STATE_CODES};
