//! `claims demo`: the whole system with simulated partners producing realistic traffic, in
//! one command.
//!
//! It runs what `claims up` runs (every service, the projector and the dashboard, against
//! `CLAIMS_NATS_URL` or a private `nats-server` under the data directory) and, next to them,
//! the partner simulator (`claims-simulator`): practices sending eligibility and encounters,
//! a clearinghouse answering 837s with 999s and 277CAs, payers sending 835s, and with
//! `--operators` coders and billers working the queues. The simulator only uses the NATS
//! subjects real partners use. Ctrl-C stops everything; running it again with the same seed
//! continues where the log says the last run stopped.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use claims_runtime::Settings;
use claims_simulator::{Config, Simulator};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{nats, up};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Encounters to have sent in all for this seed; a run sends what earlier ones did not.
    #[arg(long, default_value_t = 500)]
    pub claims: u64,
    /// Encounters per second.
    #[arg(long, default_value_t = 5.0)]
    pub rate: f64,
    /// Same seed, same traffic.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Let simulated coders and billers work the coding and denial queues.
    #[arg(long)]
    pub operators: bool,
}

pub async fn run(mut settings: Settings, args: DemoArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.rate > 0.0, "--rate must be above 0");
    let nats = nats::start_or_connect(&settings)?;
    settings.nats_url = Some(nats.url.clone());
    match &nats.private {
        Some(server) => println!(
            "claims: private NATS at {} (store in {})",
            nats.url,
            server.dir().display()
        ),
        None => println!("claims: using NATS at {}", nats.url),
    }
    let payers = claims_simulator::config::load_payers(settings.payers_file.as_deref())
        .map_err(anyhow::Error::msg)?;
    let config = Config {
        seed: args.seed,
        claims: args.claims,
        rate: args.rate,
        operators: args.operators,
        payers,
        ..Config::default()
    };
    let client = claims_runtime::connect(&nats.url, &settings.nats, "claims-demo").await?;
    let simulator =
        Arc::new(Simulator::new(config, client).context("cannot prepare the simulator")?);
    println!(
        "claims: simulating partners: seed {}, {} encounters at {}/s{}",
        args.seed,
        args.claims,
        args.rate,
        if args.operators {
            ", operators working the queues"
        } else {
            " (add --operators to work the queues)"
        }
    );

    let shutdown = claims_runtime::shutdown::on_signals();
    let partners = {
        let (simulator, shutdown) = (simulator.clone(), shutdown.clone());
        async move {
            let result = simulator.run(shutdown.clone()).await;
            if result.is_err() {
                shutdown.cancel();
            }
            result
        }
    };
    let progress = show_progress(&simulator, &shutdown);
    let (services, partners, ()) =
        tokio::join!(up::run_services(&settings, &shutdown), partners, progress);
    println!("claims: {}", simulator.stats().line());
    let outcomes = simulator.ledger().outcomes();
    println!("claims: the simulator's ledger, by outcome it chose: {outcomes:?}");
    drop(nats);
    services?;
    partners.context("the partner simulator stopped")?;
    Ok(())
}

/// The progress line, redrawn in place on a terminal, every 30 s otherwise (logs).
async fn show_progress(simulator: &Simulator, shutdown: &claims_runtime::CancellationToken) {
    let terminal = std::io::stderr().is_terminal();
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}").expect("a valid progress template"),
    );
    let every = if terminal {
        Duration::from_millis(500)
    } else {
        Duration::from_secs(30)
    };
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(every) => {}
        }
        let line = simulator.stats().line();
        if terminal {
            bar.set_message(line);
            bar.tick();
        } else {
            eprintln!("{line}");
        }
    }
    bar.finish_and_clear();
}
