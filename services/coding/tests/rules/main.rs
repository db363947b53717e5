//! Coding rules, each named, with given / when / then helpers.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod claim;
mod diagnoses;
mod edits;
mod given;
mod lines;
mod tables;
