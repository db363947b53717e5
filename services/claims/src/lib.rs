//! The claims command: runs the services, audits the log, benchmarks.
//!
//! The library holds what is called from outside the binary too: sending a file as a
//! partner would (`send`, `era import`, used by the end-to-end tests) and reading an 835
//! without posting it (`era inspect`, whose report the unit tests check).

pub mod era;
pub mod nats;
pub mod send;
