//! Remittance: posting 835s, reversals and patient statements.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod common;
mod files;
mod posting;
mod reversal;
mod statement;
