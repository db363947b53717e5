//! End-to-end tests: every test starts its own `nats-server` and talks to it for real.

mod browser;
mod certs;
mod cluster;
mod coding;
mod crash;
mod dashboard;
mod demo;
mod denials;
mod deploy;
mod era;
mod event_store;
mod harness;
mod projections;
mod registration;
mod remittance;
mod scaling;
mod secondary;
mod secured;
mod security;
mod submission;
mod suspense;
mod tls;
