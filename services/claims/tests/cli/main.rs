//! Tests of the `claims` binary as operators run it, each against its own `nats-server`.
//! They live in the binary's own package so that cargo builds the binary before they run
//! (`CARGO_BIN_EXE_claims`).

mod audit;
mod phi;
mod support;
