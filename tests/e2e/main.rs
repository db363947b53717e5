//! End-to-end tests: every test starts its own `nats-server` and talks to it for real.

mod audit;
mod browser;
mod coding;
mod crash;
mod dashboard;
mod demo;
mod denials;
mod era;
mod event_store;
mod harness;
mod projections;
mod registration;
mod remittance;
mod secondary;
mod submission;
