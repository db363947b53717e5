//! Submission: the 837P writer and the acknowledgment readers.
//!
//! One test binary per crate: each binary links the whole dependency tree, so one
//! instead of many keeps the build small and quick.

mod acks_read;
mod x837_batch;
mod x837_loops;
mod x837_pyx12;
mod x837_refusals;
mod x837_support;
