//! `claims bench`: the event store measured against raw JetStream in the same run, on a
//! private `nats-server` in a temporary directory, each scenario printing one JSON line
//! `{"scenario", "unit", "project", "baseline", "ratio", ...}`.
//!
//! Benchmarks, not tests: nothing here asserts a time. Build with `--release`.

mod append;
mod cpu;
mod load;
pub(crate) mod rebuild;
pub(crate) mod workload;
pub mod x12_835;

use claims_runtime::{nats_server::NatsServer, Settings};
use claims_store::EventStore;

use crate::cli::BenchCommand;

pub async fn run(_settings: Settings, command: BenchCommand) -> anyhow::Result<()> {
    if let BenchCommand::Coding = command {
        // In memory: no NATS involved.
        return claims_coding::bench::run().map_err(|e| anyhow::anyhow!("{e}"));
    }
    if let BenchCommand::X12Remittance(args) = &command {
        // In memory too: parsing is measured, not I/O.
        println!("{}", x12_835::run(args)?);
        return Ok(());
    }
    let dir = tempfile::Builder::new().prefix("claims-bench-").tempdir()?;
    let server = NatsServer::start_in(dir.path(), None, &[]).map_err(anyhow::Error::msg)?;
    let client =
        claims_runtime::connect(&server.url(), &Default::default(), "claims-bench").await?;
    let store = EventStore::open(client.clone(), &Default::default()).await?;
    let line = match command {
        BenchCommand::Append(args) => append::run(&store, &args, server.pid()).await?,
        BenchCommand::Load(args) => load::run(&store, &args).await?,
        BenchCommand::Audit(args) => crate::audit::bench::run(&store, &args).await?,
        BenchCommand::Rebuild(args) => rebuild::run(&store, &args, server.pid()).await?,
        BenchCommand::Coding | BenchCommand::X12Remittance(_) => unreachable!("handled above"),
    };
    println!("{line}");
    Ok(())
}

/// The value at quantile `q` (0..=1) of sorted samples.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[index]
}
