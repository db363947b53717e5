//! Two instances of every service sharing their durable consumers, against simulated
//! partners: each claim ends where the simulator's ledger says (as a single instance leaves
//! it, see demo.rs), its log is one unbroken chain in order, and nothing was done twice: one
//! registration, one commit per input, one 837 per submission, every payment posted once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use claims_events::{ClaimId, Event};
use claims_runtime::{CancellationToken, Settings, SystemClock};
use claims_simulator::{Config, Simulator};
use claims_store::{EventStore, LoadedClaim, StoredCommit, CLAIMS, INBOX, OUTBOX, SUBMIT};
use claims_submission::SubmissionSettings;
use claims_test_support::{count_stream, read_stream, settings_for, NatsServer};
use futures::StreamExt;
use tokio::task::JoinHandle;

const SERVICES: [&str; 5] = [
    "registration",
    "coding",
    "submission",
    "remittance",
    "denials",
];
const INSTANCES: usize = 2;

/// `INSTANCES` of every service, each instance on its own connection (as separate processes
/// would be), all stopped by `shutdown`.
fn start_instances(settings: &Settings, shutdown: &CancellationToken) -> Vec<JoinHandle<()>> {
    let submission = SubmissionSettings {
        batch_max_claims: 25,
        batch_max_wait: Duration::from_secs(1),
        ..SubmissionSettings::default()
    };
    let mut tasks = Vec::new();
    for _ in 0..INSTANCES {
        for service in SERVICES {
            let (settings, token, submission) =
                (settings.clone(), shutdown.clone(), submission.clone());
            tasks.push(tokio::spawn(async move {
                let result = match service {
                    "registration" => claims_registration::run(settings, token).await,
                    "coding" => claims_coding::run(settings, token).await,
                    "submission" => {
                        let clock = Arc::new(SystemClock);
                        claims_submission::run_with(settings, submission, clock, token).await
                    }
                    "remittance" => claims_remittance::run(settings, token).await,
                    _ => claims_denials::run(settings, token).await,
                };
                result.unwrap_or_else(|e| panic!("{service} failed: {e}"));
            }));
        }
    }
    tasks
}

/// Claims whose status in the log is not one the ledger allows, with what was expected.
async fn mismatches(simulator: &Simulator, store: &EventStore) -> Vec<String> {
    let expected: Vec<(ClaimId, Vec<&'static str>)> = simulator
        .ledger()
        .claims
        .values()
        .map(|r| (r.claim_id, r.final_statuses.clone()))
        .collect();
    let mut wrong = Vec::new();
    for (id, allowed) in expected {
        let claim = store.load(id).await.expect("claims load");
        let actual = match claim.commits.is_empty() {
            true => "no claim",
            false => claim.state.status().as_str(),
        };
        let fine = match allowed.is_empty() {
            true => actual == "no claim",
            false => allowed.contains(&actual),
        };
        if !fine {
            wrong.push(format!("{id} is {actual}, expected {allowed:?}"));
        }
    }
    wrong
}

/// Every claim's commits as the log holds them, in log order.
async fn log_by_claim(store: &EventStore) -> BTreeMap<ClaimId, Vec<StoredCommit>> {
    let end = store.last_sequence().await.unwrap();
    let mut log = store.read_log(1).await.unwrap();
    let mut claims: BTreeMap<ClaimId, Vec<StoredCommit>> = BTreeMap::new();
    while let Some(entry) = log.next().await {
        let entry = entry.unwrap();
        let stored = entry.commit.expect("every commit decodes");
        claims
            .entry(stored.commit.claim_id)
            .or_default()
            .push(stored);
        if entry.sequence >= end || entry.pending == 0 {
            break;
        }
    }
    claims
}

/// How many 837 transaction sets name each claim (CLM01), across every batch sent, and the
/// batches' interchange control numbers.
async fn claims_in_837s(client: &async_nats::Client) -> (BTreeMap<String, usize>, Vec<String>) {
    let count = count_stream(client, OUTBOX, "outbox.*.837").await as usize;
    let mut in_batches: BTreeMap<String, usize> = BTreeMap::new();
    let mut controls = Vec::new();
    for message in read_stream(client, OUTBOX, "outbox.*.837", count, 60).await {
        let text = String::from_utf8(message.payload.to_vec()).unwrap();
        for segment in text.split('~').map(str::trim) {
            let elements: Vec<&str> = segment.split('*').collect();
            match elements[0] {
                "CLM" => *in_batches.entry(elements[1].to_owned()).or_default() += 1,
                "ISA" => controls.push(elements[13].to_owned()),
                _ => {}
            }
        }
    }
    (in_batches, controls)
}

/// Waits until every durable consumer has a pull request waiting from each instance: the
/// instances share the consumers rather than each having its own.
async fn assert_consumers_shared(client: &async_nats::Client) {
    let js = async_nats::jetstream::new(client.clone());
    let mut durables = Vec::new();
    for stream in [INBOX, CLAIMS, SUBMIT] {
        let stream = js.get_stream(stream).await.unwrap();
        let mut consumers = stream.consumers();
        while let Some(info) = consumers.next().await {
            let info = info.unwrap();
            if info.config.durable_name.is_some() {
                durables.push((stream.clone(), info.name));
            }
        }
    }
    assert!(
        durables.len() >= SERVICES.len(),
        "durable consumers: {durables:?}"
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    for (stream, name) in durables {
        loop {
            let waiting = stream.consumer_info(&name).await.unwrap().num_waiting;
            if waiting >= INSTANCES {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{name}: {waiting} instance(s) pulling, not {INSTANCES}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// What must hold of one claim's log whoever worked it.
fn assert_worked_once(claim: &LoadedClaim, in_837s: usize) {
    let id = claim.claim_id;
    let registered = claim
        .commits
        .iter()
        .flat_map(|c| &c.commit.events)
        .filter(|e| matches!(e, Event::ClaimRegistered(_)))
        .count();
    assert_eq!(registered, 1, "{id} registered once");
    let mut inputs = BTreeSet::new();
    for stored in &claim.commits {
        assert!(
            inputs.insert(stored.commit.input_key()),
            "{id}: input {} decided twice (commit #{})",
            stored.commit.input_key(),
            stored.sequence
        );
    }
    let batches: BTreeSet<_> = claim
        .state
        .submissions
        .iter()
        .map(|s| s.event.batch_id)
        .collect();
    assert_eq!(
        batches.len(),
        claim.state.submissions.len(),
        "{id}: each submission in its own batch"
    );
    assert_eq!(
        in_837s,
        claim.state.submissions.len(),
        "{id}: in as many 837s as it was submitted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_of_every_service_work_each_claim_once_and_in_order() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let client = claims_runtime::connect(&server.url(), &Default::default(), "scaling-test")
        .await
        .unwrap();
    let store = EventStore::open(client.clone(), &settings.streams)
        .await
        .unwrap();
    let shutdown = CancellationToken::new();
    let services = start_instances(&settings, &shutdown);

    let claims = 120;
    let config = Config {
        seed: 20_261_127,
        claims,
        rate: 100.0,
        operators: true,
        payer_delay: Duration::from_millis(300),
        operator_delay: Duration::from_millis(500),
        receipt_wait: Duration::from_secs(20),
        ..Config::default()
    };
    let simulator = Arc::new(Simulator::new(config, client.clone()).unwrap());
    let (sim, stop_sim) = (simulator.clone(), CancellationToken::new());
    let sim_token = stop_sim.clone();
    let sim_task = tokio::spawn(async move { sim.run(sim_token).await });

    // Settled: everything sent, nothing pending, every claim where the ledger says; twice in
    // a row, as a claim can pass through an allowed status on its way on.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(480);
    let mut settled_once = false;
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let stats = simulator.stats();
        let wrong = mismatches(&simulator, &store).await;
        let settled = stats.encounters_sent == claims && stats.pending == 0 && wrong.is_empty();
        if settled && settled_once {
            break;
        }
        settled_once = settled;
        assert!(
            tokio::time::Instant::now() < deadline,
            "not settled after 8 minutes: {}\n{} claims not where the ledger says: {:#?}",
            stats.line(),
            wrong.len(),
            wrong.iter().take(10).collect::<Vec<_>>()
        );
    }
    stop_sim.cancel();
    sim_task.await.unwrap().unwrap();
    assert_consumers_shared(&client).await;
    shutdown.cancel();
    for task in services {
        tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .expect("instances stop within 30 s")
            .expect("instances stop cleanly");
    }

    let stats = simulator.stats();
    assert_eq!(stats.remittances_refused, 0, "{}", stats.line());
    assert!(
        stats.operator_done > 0 && stats.operator_refused == 0,
        "{}",
        stats.line()
    );

    // Every claim's log, read from the log itself: one chain, in order, worked once.
    let log = log_by_claim(&store).await;
    let (in_837s, controls) = claims_in_837s(&client).await;
    let distinct: BTreeSet<_> = controls.iter().collect();
    assert_eq!(distinct.len(), controls.len(), "no interchange sent twice");
    let mut paid = 0;
    for (id, commits) in log {
        let from_log = LoadedClaim::from_commits(id, commits)
            .unwrap_or_else(|e| panic!("{id}: the log is not one chain in order: {e}"));
        let loaded = store.load(id).await.unwrap();
        assert_eq!(from_log.sequences(), loaded.sequences(), "{id}");
        assert_worked_once(
            &from_log,
            in_837s.get(&id.to_string()).copied().unwrap_or(0),
        );
        paid += from_log.state.ledger.paid.0;
    }
    let ledger = simulator.ledger();
    eprintln!(
        "{}\n837s: {}, outcomes {:?}",
        stats.line(),
        controls.len(),
        ledger.outcomes()
    );
    assert_eq!(ledger.claims.len() as u64, claims);
    assert!(ledger.total_paid() > 0);
    assert_eq!(
        paid,
        ledger.total_paid(),
        "every 835 payment posted exactly once, to the cent"
    );
}
