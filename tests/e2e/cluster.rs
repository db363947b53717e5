//! Three NATS nodes, streams with three replicas: killing the node that leads the claims log
//! mid-run loses no acknowledged commit, the services carry on with two nodes, and the node
//! rejoins and catches up when it comes back.
//!
//! Two kinds of traffic run at once: the services working encounters through registration,
//! coding and submission, and a writer appending commits straight to the store and keeping
//! every append the cluster acknowledged, to check afterwards that each is still there.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use claims_events::event::ClaimRegistered;
use claims_events::{sample, Actor, Causation, ClaimId, ClaimStatus, Event, PartnerId};
use claims_runtime::{CancellationToken, SystemClock};
use claims_store::{ClaimHead, Decision, EventStore, LoadedClaim, CLAIMS, OUTBOX};
use claims_submission::SubmissionSettings;
use claims_test_support::{provisioned_store, read_stream, settings_for_cluster, NatsCluster};
use serde_json::Value;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::harness::example;

const PARTNER: &str = "springfield-fp";
/// Generous: elections after a kill take seconds, and the CI machine is small and shared.
const WAIT: Duration = Duration::from_secs(120);

/// An append the cluster acknowledged: where it is, and (unless the server reported it a
/// duplicate of an earlier attempt) the hash of what was written.
#[derive(Debug, Clone)]
struct Acknowledged {
    claim_id: ClaimId,
    sequence: u64,
    hash: Option<claims_events::CommitHash>,
}

/// Registers claim after claim directly in the store until stopped, retrying an append the
/// cluster did not acknowledge (a node is down, a leader is being elected) with the same
/// message id, and keeping every one it did acknowledge.
fn start_writer(
    store: EventStore,
    stop: CancellationToken,
) -> (Arc<Mutex<Vec<Acknowledged>>>, JoinHandle<()>) {
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let kept = acknowledged.clone();
    let task = tokio::spawn(async move {
        let mut n = 0u64;
        while !stop.is_cancelled() {
            let encounter_id = format!("W-{n}");
            let claim_id =
                ClaimId::for_encounter(&"cluster-writer".parse().unwrap(), &encounter_id);
            let decision = Decision {
                service: "cluster-writer".into(),
                actor: Actor::System,
                causation: Causation::Schedule {
                    rule: encounter_id.clone(),
                    as_of: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                },
                correlation_id: Uuid::now_v7(),
                events: vec![Event::ClaimRegistered(ClaimRegistered {
                    encounter: sample::encounter("cluster-writer", &encounter_id),
                })],
            };
            match store
                .append(ClaimHead::new(claim_id), decision, Utc::now())
                .await
            {
                Ok(appended) => {
                    kept.lock().unwrap().push(Acknowledged {
                        claim_id,
                        sequence: appended.sequence,
                        hash: (!appended.duplicate).then_some(appended.stored.hash),
                    });
                    n += 1;
                }
                // Stored by an earlier attempt whose acknowledgment was lost: not counted as
                // acknowledged, and the next claim is due.
                Err(claims_store::StoreError::Conflict { .. }) => n += 1,
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    });
    (acknowledged, task)
}

/// Publishes to the inbox, retrying with the same `Nats-Msg-Id` until the cluster stores it.
async fn publish_until_stored(
    client: &async_nats::Client,
    subject: &str,
    id: &str,
    payload: &[u8],
) {
    let js = async_nats::jetstream::new(client.clone());
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(async_nats::header::NATS_MESSAGE_ID, id);
        let sent = js
            .publish_with_headers(subject.to_owned(), headers, payload.to_vec().into())
            .await;
        if let Ok(ack) = sent {
            if ack.await.is_ok() {
                return;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{subject} {id} never stored"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn claim_id(encounter_id: &str) -> ClaimId {
    ClaimId::for_encounter(&PARTNER.parse::<PartnerId>().unwrap(), encounter_id)
}

async fn send_encounters(client: &async_nats::Client, ids: std::ops::Range<usize>) -> Vec<ClaimId> {
    let template: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    let mut claims = Vec::new();
    for i in ids {
        let encounter_id = format!("CL-{i}");
        let mut encounter = template.clone();
        encounter["encounter_id"] = encounter_id.clone().into();
        let payload = serde_json::to_vec(&encounter).unwrap();
        publish_until_stored(
            client,
            "inbox.springfield-fp.encounter",
            &encounter_id,
            &payload,
        )
        .await;
        claims.push(claim_id(&encounter_id));
    }
    claims
}

/// Loads the claim, riding out a failover: an unavailable store is tried again until `WAIT`.
async fn load(store: &EventStore, id: ClaimId) -> LoadedClaim {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match store.load(id).await {
            Ok(claim) => return claim,
            Err(error) if error.is_transient() && tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            Err(error) => panic!("claim {id} does not load: {error}"),
        }
    }
}

/// Waits until every claim is submitted.
async fn wait_submitted(store: &EventStore, ids: &[ClaimId]) {
    let deadline = tokio::time::Instant::now() + WAIT;
    for id in ids {
        loop {
            let claim = load(store, *id).await;
            if claim.state.status() == ClaimStatus::Submitted {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "claim {id} is {} not submitted",
                claim.state.status()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The claims stream's cluster view: its leader, and its followers as (name, current).
async fn claims_replicas(store: &EventStore) -> Option<(String, Vec<(String, bool)>)> {
    let mut stream = store.jetstream().get_stream(CLAIMS).await.ok()?;
    let cluster = stream.info().await.ok()?.cluster.clone()?;
    let followers = cluster
        .replicas
        .iter()
        .map(|peer| (peer.name.clone(), peer.current && !peer.offline))
        .collect();
    Some((cluster.leader?, followers))
}

/// Waits until some condition on the claims stream's cluster view holds.
async fn wait_replicas(
    store: &EventStore,
    what: &str,
    done: impl Fn(&str, &[(String, bool)]) -> bool,
) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let view = claims_replicas(store).await;
        if let Some((leader, followers)) = &view {
            if done(leader, followers) {
                return leader.clone();
            }
        }
        assert!(tokio::time::Instant::now() < deadline, "{what}: {view:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn start_services(
    settings: &claims_runtime::Settings,
    shutdown: &CancellationToken,
) -> Vec<JoinHandle<()>> {
    let submission = SubmissionSettings {
        batch_max_claims: 10,
        batch_max_wait: Duration::from_secs(1),
        ..SubmissionSettings::default()
    };
    let mut tasks = Vec::new();
    for service in ["registration", "coding", "submission"] {
        let (settings, token, submission) =
            (settings.clone(), shutdown.clone(), submission.clone());
        tasks.push(tokio::spawn(async move {
            let result = match service {
                "registration" => claims_registration::run(settings, token).await,
                "coding" => claims_coding::run(settings, token).await,
                _ => {
                    claims_submission::run_with(settings, submission, Arc::new(SystemClock), token)
                        .await
                }
            };
            result.unwrap_or_else(|e| panic!("{service} failed: {e}"));
        }));
    }
    tasks
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn losing_the_node_that_leads_the_log_loses_no_acknowledged_commit_and_stops_nothing() {
    let mut cluster = NatsCluster::start();
    let settings = settings_for_cluster(&cluster);
    assert!(
        settings.nats_url.as_deref().unwrap().matches(',').count() == 2,
        "the services are given all three nodes"
    );
    let store = provisioned_store(&cluster.url(), &settings.streams).await;
    let leader = wait_replicas(&store, "three replicas of the log", |_, followers| {
        followers.len() == 2 && followers.iter().all(|(_, current)| *current)
    })
    .await;
    let shutdown = CancellationToken::new();
    let services = start_services(&settings, &shutdown);
    let (acknowledged, writer) = start_writer(store.clone(), shutdown.clone());

    publish_until_stored(
        &store.client(),
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    // As in the single-node tests: coverage on file before the encounters come.
    read_stream(
        &store.client(),
        OUTBOX,
        "outbox.medicare-il.receipts",
        1,
        120,
    )
    .await;
    let before = send_encounters(&store.client(), 0..20).await;
    wait_submitted(&store, &before[..5]).await;

    // Kill the node that leads the claims log while claims are moving.
    let victim: usize = leader.trim_start_matches("node-").parse::<usize>().unwrap() - 1;
    cluster.kill(victim);
    let acknowledged_before_kill = acknowledged.lock().unwrap().len();
    let new_leader = wait_replicas(&store, "a new leader for the log", |leader, _| {
        leader != leader_name(victim)
    })
    .await;
    assert_ne!(new_leader, leader_name(victim));

    // With one node down, the services still take, decide and submit new claims.
    let during = send_encounters(&store.client(), 20..35).await;
    wait_submitted(&store, &before).await;
    wait_submitted(&store, &during).await;
    wait_until(|| acknowledged.lock().unwrap().len() > acknowledged_before_kill + 20).await;
    let acknowledged_while_down = acknowledged.lock().unwrap().len();

    // The node comes back, rejoins and catches up.
    cluster.restart(victim);
    wait_replicas(
        &store,
        "the restarted node is current again",
        |_, followers| followers.len() == 2 && followers.iter().all(|(_, current)| *current),
    )
    .await;
    let after = send_encounters(&store.client(), 35..45).await;
    wait_submitted(&store, &after).await;
    wait_until(|| acknowledged.lock().unwrap().len() > acknowledged_while_down + 20).await;

    shutdown.cancel();
    writer.await.unwrap();
    for task in services {
        tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .expect("services stop within 30 s")
            .expect("services stop cleanly");
    }

    // Every acknowledged append is there, with the bytes that were acknowledged, read over a
    // connection to the node that was killed.
    let revived = claims_runtime::connect(
        &cluster.node_url(victim),
        &Default::default(),
        "test-revived",
    )
    .await
    .unwrap();
    let revived = EventStore::open_existing(revived).await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > acknowledged_while_down + 20);
    for ack in &acknowledged {
        let claim = load(&revived, ack.claim_id).await;
        let commit = claim
            .commits
            .iter()
            .find(|c| c.sequence == ack.sequence)
            .unwrap_or_else(|| {
                panic!(
                    "acknowledged commit #{} of {} lost",
                    ack.sequence, ack.claim_id
                )
            });
        if let Some(hash) = ack.hash {
            assert_eq!(commit.hash, hash, "commit #{} changed", ack.sequence);
        }
    }
    // And every claim the services worked has its whole history, once.
    for id in before.iter().chain(&during).chain(&after) {
        let claim = load(&revived, *id).await;
        assert_eq!(claim.state.status(), ClaimStatus::Submitted, "{id}");
        let registered = claim
            .commits
            .iter()
            .flat_map(|c| &c.commit.events)
            .filter(|e| matches!(e, Event::ClaimRegistered(_)))
            .count();
        assert_eq!(registered, 1, "{id} registered once");
        assert_eq!(claim.state.submissions.len(), 1, "{id} submitted once");
    }
}

fn leader_name(index: usize) -> String {
    format!("node-{}", index + 1)
}

/// Polls `done` every 100 ms for up to `WAIT`.
async fn wait_until(done: impl Fn() -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met within {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_server_list_connects_through_whichever_server_is_up() {
    let server = claims_test_support::NatsServer::start();
    // Port 1 on loopback refuses connections: the client must go on to the next address.
    let list = format!("nats://127.0.0.1:1, {} ,", server.url());
    let client = tokio::time::timeout(
        WAIT,
        claims_runtime::connect(&list, &Default::default(), "test"),
    )
    .await
    .expect("connects within the wait")
    .expect("a comma-separated list is accepted");
    client.flush().await.unwrap();
    assert_eq!(
        client.server_info().port,
        server
            .url()
            .rsplit(':')
            .next()
            .unwrap()
            .parse::<u16>()
            .unwrap()
    );
}
