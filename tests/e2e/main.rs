//! End-to-end tests: every test starts its own `nats-server` and talks to it for real.

mod audit;
mod coding;
mod crash;
mod dashboard;
mod event_store;
mod projections;
mod harness;
mod registration;
