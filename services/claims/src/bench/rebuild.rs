//! `claims bench rebuild`: commits per second replayed into the read models from a log of a
//! million commits (100,000 claims × 10, written round by round so each claim's commits
//! spread over the whole log), against a baseline that reads the same log the same way and
//! writes one sled key per commit, in batches of the projector's read chunk (512 commits).
//!
//! Project: `claims_projections::projector::run` into a fresh projection (what `claims
//! projections rebuild` runs), timed from start until its checkpoint reaches the end of the
//! log. Baseline: `EventStore::read_records` (the projector's reader: commits decoded, not
//! hashed), and for each commit one key (its sequence) with the claim id as value, written in
//! sled batches of 512 commits. So the ratio is what the models cost over the cheapest thing
//! a projector can write per commit. For reference (not in the ratio), the same reader
//! alone, writing nothing: the ceiling of both sides.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::json;

use claims_projections::Projection;
use claims_runtime::CancellationToken;
use claims_store::log::Record;
use claims_store::EventStore;

use super::cpu::Meter;
use super::workload;

const RUN: &str = "rebuild";

#[derive(Debug, clap::Args)]
pub struct RebuildBenchArgs {
    /// Claims in the log.
    #[arg(long, default_value_t = 100_000)]
    pub claims: usize,
    /// Commits per claim.
    #[arg(long, default_value_t = 10)]
    pub commits_per_claim: usize,
    /// Rounds of each side, alternating; the best of each is reported.
    #[arg(long, default_value_t = 2)]
    pub rounds: usize,
    /// Commits per sled batch of the baseline (the projector's read chunk).
    #[arg(long, default_value_t = 512)]
    pub baseline_batch: usize,
}

pub async fn run(
    store: &EventStore,
    args: &RebuildBenchArgs,
    server_pid: Option<u32>,
) -> anyhow::Result<serde_json::Value> {
    let write_rate =
        workload::write_rounds(store, RUN, args.claims, args.commits_per_claim).await?;
    let last = store.last_sequence().await?;
    let commits = (args.claims * args.commits_per_claim) as u64;
    let payers = claims_payers::PayerRegistry::sample();

    let (mut best_project, mut best_baseline, mut best_read) = (0f64, 0f64, 0f64);
    let mut models = (0u64, 0u64);
    // CPU microseconds per commit, (server, client), of the last round of each side: with
    // two cores, their sum bounds the rate any side can reach.
    let mut cpu = [(None, None); 3];
    for round in 0..args.rounds {
        for side in (0..3).map(|n| (round + n) % 3) {
            let dir = tempfile::Builder::new()
                .prefix("claims-bench-models-")
                .tempdir()?;
            let meter = Meter::start(server_pid);
            let started = Instant::now();
            if side == 0 {
                let projection = Projection::open(dir.path(), &payers)?;
                replay(store, &projection, last).await?;
                let rate = commits as f64 / started.elapsed().as_secs_f64();
                best_project = best_project.max(rate);
                let summaries = projection.summaries().count() as u64;
                projection.flush()?;
                models = (summaries, directory_bytes(dir.path()));
                eprintln!(
                    "claims bench rebuild: round {round}: read models at {rate:.0} commits/s"
                );
            } else if side == 1 {
                let written = baseline(store, dir.path(), last, args.baseline_batch).await?;
                anyhow::ensure!(written == commits, "the baseline read {written} commits");
                let rate = commits as f64 / started.elapsed().as_secs_f64();
                best_baseline = best_baseline.max(rate);
                eprintln!("claims bench rebuild: round {round}: baseline at {rate:.0} commits/s");
            } else {
                let read = read_only(store, last).await?;
                anyhow::ensure!(read == commits, "the reader read {read} commits");
                let rate = commits as f64 / started.elapsed().as_secs_f64();
                best_read = best_read.max(rate);
                eprintln!(
                    "claims bench rebuild: round {round}: reader alone at {rate:.0} commits/s"
                );
            }
            cpu[side] = meter.per_message(commits as usize);
        }
    }
    anyhow::ensure!(models.0 == args.claims as u64, "{} summaries", models.0);
    Ok(json!({
        "scenario": "rebuild",
        "unit": "commits/s",
        "project": best_project.round(),
        "baseline": best_baseline.round(),
        "ratio": (best_project / best_baseline * 1000.0).round() / 1000.0,
        "baseline_is": format!("read_records, one sled key per commit, batches of {}", args.baseline_batch),
        "reader_alone": best_read.round(),
        "cpu_us_per_commit": {
            "project": cpu_json(cpu[0]),
            "baseline": cpu_json(cpu[1]),
            "reader_alone": cpu_json(cpu[2]),
        },
        "commits_in_log": last,
        "claims": args.claims,
        "rounds": args.rounds,
        "read_models_mb": (models.1 as f64 / 1e5).round() / 10.0,
        "write_rate_commits_per_s": write_rate.round(),
    }))
}

/// Runs the projector from an empty projection until it has applied the log through `last`.
async fn replay(store: &EventStore, projection: &Projection, last: u64) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(claims_projections::projector::run(
        store.clone(),
        projection.clone(),
        shutdown.clone(),
    ));
    while projection.checkpoint()? < last {
        anyhow::ensure!(!task.is_finished(), "the projector stopped");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    shutdown.cancel();
    task.await??;
    Ok(())
}

/// Reads the log as the projector does and writes one key per commit; returns the commits.
async fn baseline(
    store: &EventStore,
    dir: &std::path::Path,
    last: u64,
    chunk: usize,
) -> anyhow::Result<u64> {
    let db = sled::open(dir)?;
    let tree = db.open_tree("baseline")?;
    let mut log = std::pin::pin!(store.read_records(1).await?);
    let (mut batch, mut in_batch, mut written) = (sled::Batch::default(), 0, 0u64);
    while let Some(entry) = log.next().await {
        let entry = entry?;
        if let Record::Commit(commit) = entry.record {
            let commit = commit?;
            batch.insert(
                &entry.sequence.to_be_bytes()[..],
                commit.claim_id.to_string().as_bytes(),
            );
            in_batch += 1;
            written += 1;
        }
        if in_batch >= chunk || entry.sequence >= last {
            tree.apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
        if entry.sequence >= last {
            break;
        }
    }
    db.flush_async().await?;
    Ok(written)
}

/// Reads the log as the projector does and writes nothing; returns the commits.
async fn read_only(store: &EventStore, last: u64) -> anyhow::Result<u64> {
    let mut log = std::pin::pin!(store.read_records(1).await?);
    let mut read = 0u64;
    while let Some(entry) = log.next().await {
        let entry = entry?;
        if let Record::Commit(commit) = entry.record {
            commit?;
            read += 1;
        }
        if entry.sequence >= last {
            break;
        }
    }
    Ok(read)
}

fn directory_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => directory_bytes(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// `{"server": µs, "client": µs}` per commit, to a tenth.
fn cpu_json((server, client): (Option<f64>, Option<f64>)) -> serde_json::Value {
    let round1 = |value: Option<f64>| value.map(|v| (v * 10.0).round() / 10.0);
    json!({"server": round1(server), "client": round1(client)})
}
