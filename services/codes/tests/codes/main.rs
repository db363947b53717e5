//! The ICD-10-CM code set: table, search, validity and Excludes1.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod excludes1;
mod references;
mod search;
mod table;
mod validity;
