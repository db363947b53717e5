//! The X12 reader and writer against public samples.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod acks;
mod envelope;
mod remittance;
mod robustness;
mod writer;
