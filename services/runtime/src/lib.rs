//! What every service shares, so that each service crate holds only its own decisions.
//!
//! # Layout
//!
//! - [`settings`]: typed settings from defaults, a TOML file and `CLAIMS_*` variables.
//! - [`telemetry`]: `tracing` set up once, text or JSON.
//! - [`shutdown`]: one cancellation token, cancelled by SIGTERM or Ctrl-C.
//! - [`connection`]: the `[nats]` settings: credentials and TLS files, secrets redacted.
//! - [`connect`]: a NATS connection that retries and reconnects, authenticated as configured.
//! - [`consumer`]: the durable pull-consumer loop every service runs: per-key order,
//!   concurrency across keys, ack after success, bounded retry, dead-lettering.
//! - [`service`]: connecting and provisioning at start-up; the error a service stops with.
//! - [`metrics`]: counters and latencies per service, rendered for Prometheus.
//! - [`command`]: load, decide, append, and on a conflict do it again.
//! - [`nats_server`]: a private `nats-server` process (for `claims up` and tests).
//! - [`clock`]: time as an input, so time-based rules are tested by moving a clock.

pub mod clock;
pub mod command;
pub mod connect;
pub mod connection;
pub mod consumer;
pub mod metrics;
pub mod nats_server;
pub mod problem;
pub mod reply;
pub mod service;
pub mod settings;
pub mod shutdown;
pub mod telemetry;

pub use clock::{Clock, ManualClock, SystemClock};
pub use command::{decide_and_append, CommandError, Outcome};
pub use connect::{connect, ConnectError};
pub use connection::ConnectionSettings;
pub use consumer::{run_consumer, ConsumerSpec, Failure, Handler, Input};
pub use problem::Problem;
pub use service::{open_store, ServiceError};
pub use settings::Settings;
pub use tokio_util::sync::CancellationToken;

/// The allocator every binary declares (`#[global_allocator]`): mimalloc. The services
/// allocate and free many small objects per message across threads; glibc's malloc was
/// the largest single cost in the benchmarks' profiles, and mimalloc raised raw and store
/// throughput alike (docs/BENCHMARKS.md).
pub use mimalloc::MiMalloc as Allocator;
