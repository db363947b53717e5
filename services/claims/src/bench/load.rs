//! Loading one claim of 10 commits from a log of a million: p99 latency of `EventStore::load`
//! (last-by-subject, then the earlier commits concurrently by sequence, hash chain checked,
//! folded), against the floor any load pays: one `direct_get_last_for_subject` round trip.

use std::time::Instant;

use serde_json::json;

use claims_events::subjects;
use claims_store::EventStore;

use super::{quantile, workload};
use crate::cli::BenchArgs;

pub async fn run(store: &EventStore, args: &BenchArgs) -> anyhow::Result<serde_json::Value> {
    let claims = args.claims.unwrap_or(100_000);
    let per_claim = args.commits_per_claim.unwrap_or(10);
    let run = "load";
    // Round by round, so each claim's commits are spread across the whole log.
    let write_rate = workload::write_rounds(store, run, claims, per_claim).await?;
    let written = claims * per_claim;

    let claims_stream = store.jetstream().get_stream(claims_store::CLAIMS).await?;
    let mut project = Vec::with_capacity(args.samples);
    let mut baseline = Vec::with_capacity(args.samples);
    let mut pick = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..args.samples {
        // xorshift: a fixed, spread-out sequence of claims, the same in every run.
        pick ^= pick << 13;
        pick ^= pick >> 7;
        pick ^= pick << 17;
        let claim_id = workload::claim_id(run, (pick % claims as u64) as usize);

        let started = Instant::now();
        let loaded = store.load(claim_id).await?;
        project.push(started.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(
            loaded.commits.len() == per_claim,
            "claim {claim_id} loaded {} commits",
            loaded.commits.len()
        );

        let started = Instant::now();
        claims_stream
            .direct_get_last_for_subject(subjects::claim(&claim_id))
            .await?;
        baseline.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    project.sort_by(f64::total_cmp);
    baseline.sort_by(f64::total_cmp);
    let (p99, base_p99) = (quantile(&project, 0.99), quantile(&baseline, 0.99));
    Ok(json!({
        "scenario": "load",
        "unit": "ms p99",
        "project": (p99 * 1000.0).round() / 1000.0,
        "baseline": (base_p99 * 1000.0).round() / 1000.0,
        "ratio": (p99 / base_p99 * 100.0).round() / 100.0,
        "project_p50": (quantile(&project, 0.5) * 1000.0).round() / 1000.0,
        "commits_in_log": written,
        "commits_per_claim": per_claim,
        "samples": args.samples,
        "write_rate_commits_per_s": write_rate.round(),
    }))
}
