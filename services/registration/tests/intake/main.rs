//! Intake: parsing and validating encounters and eligibility answers.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod changes;
mod coding;
mod coverage;
mod coverage_check;
mod eligibility;
mod encounter;
mod examples;
mod helpers;
mod lengths;
mod people;
mod providers;
