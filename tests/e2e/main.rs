//! End-to-end tests: every test starts its own `nats-server` and talks to it for real.

mod audit;
mod coding;
mod event_store;
mod harness;
mod registration;
