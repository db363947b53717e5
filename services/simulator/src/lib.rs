//! Simulated partners for the claims system: practices, a clearinghouse, payers and
//! operators, producing realistic traffic over the same NATS subjects and formats as real
//! partners, with no shortcut into the services.
//!
//! # Layout
//!
//! The pure parts (no I/O, no clock; unit-tested):
//! - [`rng`]: SplitMix64, with one stream per decision so the same seed gives the same traffic.
//! - [`names`], [`people`], [`practices`], [`clinical`]: patients, practices and visits.
//! - [`encounter`]: `encounter/v1` and `eligibility/v1` messages, with planted problems.
//! - [`decisions`]: what the clearinghouse and payers decide about a claim.
//! - [`x837`]: reading the system's 837P batches.
//! - [`acks`]: the clearinghouse's 999 and 277CA.
//! - [`adjudicate`], [`x835`]: a payer's adjudication and its 835.
//! - [`ledger`]: what the simulator sent and expects of every claim, to compare with the system.
//! - [`progress`]: counters and the progress line.
//!
//! The partners on NATS (only subjects: inbox publishes with `Nats-Msg-Id`, receipts, durable
//! consumers on `OUTBOX`):
//! - [`bus`]: publishing, receipts, durable consumers.
//! - [`practice`]: eligibility answers and encounters at a rate, resumed from the log.
//! - [`clearinghouse`]: 837 batches in, 999 and 277CA out.
//! - [`payer`], [`remit`], [`appeals`]: 835s for accepted claims, reversals,
//!   retransmissions, appeals answered.
//! - [`operator`]: coders' and billers' commands on `inbox.ops.*`.
//! - [`config`], [`simulator`]: a run's knobs and shared state; [`Simulator`] runs them all.
//!
//! ```no_run
//! # async fn demo(client: async_nats::Client) -> Result<(), claims_simulator::SimError> {
//! let config = claims_simulator::Config { seed: 7, claims: 200, rate: 20.0, ..Default::default() };
//! let simulator = claims_simulator::Simulator::new(config, client)?;
//! simulator.run(tokio_util::sync::CancellationToken::new()).await?;
//! println!("{}", simulator.stats().line());
//! # Ok(()) }
//! ```

pub mod acks;
pub mod adjudicate;
pub mod appeals;
pub mod bus;
pub mod clearinghouse;
pub mod clinical;
pub mod config;
pub mod decisions;
pub mod encounter;
pub mod ledger;
pub mod names;
pub mod operator;
pub mod payer;
pub mod people;
pub mod practice;
pub mod practices;
pub mod progress;
pub mod remit;
pub mod rng;
pub mod simulator;
pub mod x835;
pub mod x837;

pub use config::Config;
pub use simulator::{SimError, Simulator};

#[cfg(test)]
mod x12valid;
