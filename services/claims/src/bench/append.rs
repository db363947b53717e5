//! Appends per second through the store (encode, hash chain, `Nats-Msg-Id` and
//! `Nats-Expected-Last-Subject-Sequence`, acknowledged) against raw acknowledged publishes
//! of the same sizes to a fresh stream, with the same number in flight.
//!
//! A third side, reported but not in the ratio, bounds what any client could reach: raw
//! publishes dressed as the store sends them (a stream configured like `CLAIMS`, subjects of
//! the same shape, the same three headers) with nothing encoded or hashed. Its ratio to the
//! baseline is the server's share of the gap; the rest is the client's.

use std::time::Instant;

use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::stream::{Config, StorageType};
use futures::{stream, StreamExt, TryStreamExt};
use serde_json::json;

use claims_events::codec;
use claims_store::layout::stream_configs;
use claims_store::{headers, ClaimHead, EventStore};

use super::cpu::Meter;
use super::workload;
use crate::cli::BenchArgs;

/// Appends in flight at once, for both sides.
const IN_FLIGHT: usize = 256;

pub async fn run(
    store: &EventStore,
    args: &BenchArgs,
    server_pid: Option<u32>,
) -> anyhow::Result<serde_json::Value> {
    let claims = args.claims.unwrap_or(10_000);
    let js = store.jetstream();
    js.create_stream(Config {
        name: "BENCH_RAW".into(),
        subjects: vec!["bench.raw.>".into()],
        storage: StorageType::File,
        ..Default::default()
    })
    .await?;
    let claims_config = stream_configs(&Default::default())
        .into_iter()
        .find(|config| config.name == claims_store::CLAIMS)
        .expect("the CLAIMS stream is configured");
    js.create_stream(Config {
        name: "BENCH_DRESSED".into(),
        subjects: vec!["bench.claim.*.*".into()],
        ..claims_config
    })
    .await?;

    // Two rounds each, alternating, best of each: the machine is shared and noisy.
    let (mut best_project, mut best_baseline, mut best_dressed) = (0f64, 0f64, 0f64);
    // CPU microseconds per message, (server, client), of the last round of each side.
    let (mut baseline_cpu, mut dressed_cpu, mut project_cpu) =
        ((None, None), (None, None), (None, None));
    let mut encode_us = 0f64;
    for round in 0..2 {
        let run = format!("append{round}");
        let sizes: Vec<usize> = (0..claims)
            .map(|i| {
                let stored = claims_events::Commit {
                    claim_id: workload::claim_id(&run, i),
                    commit_id: uuid::Uuid::now_v7(),
                    service: "bench".into(),
                    actor: claims_events::Actor::System,
                    causation: workload::decision(&run, i, 0).causation,
                    correlation_id: uuid::Uuid::now_v7(),
                    recorded_at: chrono::Utc::now(),
                    previous_hash: None,
                    previous_sequences: vec![],
                    events: workload::decision(&run, i, 0).events,
                };
                codec::encode(&stored).len()
            })
            .collect();

        let meter = Meter::start(server_pid);
        let started = Instant::now();
        stream::iter(sizes.iter().enumerate())
            .map(|(i, size)| async move {
                let ack = js
                    .publish(format!("bench.raw.{round}.{i}"), vec![7u8; *size].into())
                    .await?;
                ack.await.map(|_| ())
            })
            .buffer_unordered(IN_FLIGHT)
            .try_collect::<Vec<()>>()
            .await?;
        best_baseline = best_baseline.max(claims as f64 / started.elapsed().as_secs_f64());
        baseline_cpu = meter.per_message(claims);

        // Claim ids exist before timing, as the project side's decisions do.
        let dressed_ids: Vec<_> = (0..claims)
            .map(|i| workload::claim_id(&format!("dressed{round}"), i))
            .collect();
        let meter = Meter::start(server_pid);
        let started = Instant::now();
        stream::iter(sizes.iter().zip(&dressed_ids).enumerate())
            .map(|(i, (size, claim_id))| async move {
                let publish = PublishMessage::build()
                    .payload(vec![7u8; *size].into())
                    .message_id(format!("bench:inbox:{}:{claim_id}", i * 64))
                    .expected_last_subject_sequence(0)
                    .header(headers::EVENT_TYPES, "ClaimRegistered");
                let subject = format!("bench.claim.{}.{claim_id}", claim_id.shard());
                js.send_publish(subject, publish).await?.await.map(|_| ())
            })
            .buffer_unordered(IN_FLIGHT)
            .try_collect::<Vec<()>>()
            .await?;
        best_dressed = best_dressed.max(claims as f64 / started.elapsed().as_secs_f64());
        dressed_cpu = meter.per_message(claims);

        // The decisions exist before the store sees them: building domain objects is the
        // services' work, not the store's.
        let decisions: Vec<_> = (0..claims)
            .map(|i| {
                (
                    ClaimHead::new(workload::claim_id(&run, i)),
                    workload::decision(&run, i, 0),
                )
            })
            .collect();
        encode_us = encode_cost(&decisions[..decisions.len().min(2000)]);
        let meter = Meter::start(server_pid);
        let started = Instant::now();
        stream::iter(decisions)
            .map(|(head, decision)| async move {
                store
                    .append(head, decision, chrono::Utc::now())
                    .await
                    .map(|_| ())
            })
            .buffer_unordered(IN_FLIGHT)
            .try_collect::<Vec<()>>()
            .await?;
        best_project = best_project.max(claims as f64 / started.elapsed().as_secs_f64());
        project_cpu = meter.per_message(claims);
    }
    Ok(json!({
        "scenario": "append",
        "unit": "commits/s",
        "project": best_project.round(),
        "baseline": best_baseline.round(),
        "ratio": (best_project / best_baseline * 1000.0).round() / 1000.0,
        "dressed": best_dressed.round(),
        "dressed_ratio": (best_dressed / best_baseline * 1000.0).round() / 1000.0,
        "claims": claims,
        "in_flight": IN_FLIGHT,
        "encode_and_hash_us_per_commit": (encode_us * 10.0).round() / 10.0,
        "cpu_us_per_message": {
            "baseline": {"server": round1(baseline_cpu.0), "client": round1(baseline_cpu.1)},
            "dressed": {"server": round1(dressed_cpu.0), "client": round1(dressed_cpu.1)},
            "project": {"server": round1(project_cpu.0), "client": round1(project_cpu.1)},
        },
    }))
}

/// Microseconds per commit the store spends on the client before sending: encode and hash.
fn encode_cost(decisions: &[(ClaimHead, claims_store::Decision)]) -> f64 {
    let started = Instant::now();
    for (head, decision) in decisions {
        let commit = claims_events::Commit {
            claim_id: head.claim_id,
            commit_id: uuid::Uuid::now_v7(),
            service: decision.service.clone(),
            actor: decision.actor.clone(),
            causation: decision.causation.clone(),
            correlation_id: decision.correlation_id,
            recorded_at: chrono::Utc::now(),
            previous_hash: None,
            previous_sequences: vec![],
            events: decision.events.clone(),
        };
        std::hint::black_box(claims_events::CommitHash::of(&codec::encode(&commit)));
    }
    started.elapsed().as_secs_f64() * 1e6 / decisions.len().max(1) as f64
}

fn round1(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 10.0).round() / 10.0)
}
