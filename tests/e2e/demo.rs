//! The whole system against simulated partners: a seeded run of a few hundred encounters,
//! with simulated coders and billers working the queues, ends with every claim where the
//! simulator's ledger says it should rest, and the dashboard's payment total equal to the
//! sum of the 835 payments the payers sent, to the cent.
//!
//! Every service runs in-process as `claims up` runs it (submission with a short batch wait,
//! so batches go out within a second). The simulator talks to them only through NATS.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use claims_projections::{kpis, Projection};
use claims_runtime::{CancellationToken, Settings, SystemClock};
use claims_simulator::{Config, Simulator};
use claims_submission::SubmissionSettings;
use claims_test_support::{settings_for, NatsServer};
use tokio::task::JoinHandle;

/// Every service, the projector, stopped by `shutdown`; each must stop cleanly.
fn start_system(
    settings: &Settings,
    projection: &Projection,
    store: claims_store::EventStore,
    shutdown: &CancellationToken,
) -> Vec<JoinHandle<()>> {
    let submission = SubmissionSettings {
        batch_max_claims: 100,
        batch_max_wait: Duration::from_secs(1),
        ..SubmissionSettings::default()
    };
    let mut tasks = Vec::new();
    for service in [
        "registration",
        "coding",
        "submission",
        "remittance",
        "denials",
    ] {
        let (settings, token, submission) =
            (settings.clone(), shutdown.clone(), submission.clone());
        tasks.push(tokio::spawn(async move {
            let result = match service {
                "registration" => claims_registration::run(settings, token).await,
                "coding" => claims_coding::run(settings, token).await,
                "submission" => {
                    claims_submission::run_with(settings, submission, Arc::new(SystemClock), token)
                        .await
                }
                "remittance" => claims_remittance::run(settings, token).await,
                _ => claims_denials::run(settings, token).await,
            };
            result.unwrap_or_else(|e| panic!("{service} failed: {e}"));
        }));
    }
    let (projection, token) = (projection.clone(), shutdown.clone());
    tasks.push(tokio::spawn(async move {
        claims_projections::projector::run(store, projection, token)
            .await
            .expect("the projector runs");
    }));
    tasks
}

/// Claims whose status is not one the ledger allows, as `status -> [(claim, expected, path)]`.
fn mismatches(simulator: &Simulator, projection: &Projection) -> BTreeMap<String, Vec<String>> {
    let statuses: BTreeMap<String, String> = projection
        .summaries()
        .map(|s| s.expect("summaries read"))
        .map(|s| (s.claim_id.clone(), s.status.as_str().to_owned()))
        .collect();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in simulator.ledger().claims.values() {
        let actual = statuses
            .get(&record.claim_id.to_string())
            .cloned()
            .unwrap_or_else(|| "no claim".into());
        let fine = match record.final_statuses.is_empty() {
            true => actual == "no claim",
            false => record.final_statuses.contains(&actual.as_str()),
        };
        if !fine {
            wrong.entry(actual).or_default().push(format!(
                "{} expected {:?} after {:?}, worked {:?}",
                record.claim_id, record.final_statuses, record.path, record.worked
            ));
        }
    }
    wrong
}

/// What a seeded run ended with.
struct Ended {
    stats: claims_simulator::progress::Snapshot,
    outcomes: BTreeMap<&'static str, usize>,
    overview: kpis::Overview,
}

/// Runs the system and the simulator until every claim rests where the ledger says (or
/// fails the test after 7 minutes), checks the money, and stops everything cleanly.
async fn seeded_run(seed: u64, claims: u64, operators: bool) -> Ended {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let client = claims_runtime::connect(&server.url(), &Default::default(), "demo-test")
        .await
        .unwrap();
    let store = claims_store::EventStore::open(client.clone(), &settings.streams)
        .await
        .unwrap();
    let projection = Projection::open(
        &settings.data_dir.join("projections"),
        &claims_payers::PayerRegistry::sample(),
    )
    .unwrap();
    let shutdown = CancellationToken::new();
    let tasks = start_system(&settings, &projection, store, &shutdown);

    let config = Config {
        seed,
        claims,
        rate: 100.0,
        operators,
        payer_delay: Duration::from_millis(300),
        operator_delay: Duration::from_millis(500),
        receipt_wait: Duration::from_secs(20),
        ..Config::default()
    };
    let simulator = Arc::new(Simulator::new(config, client).unwrap());
    let (sim, stop_sim) = (simulator.clone(), CancellationToken::new());
    let sim_token = stop_sim.clone();
    let sim_task = tokio::spawn(async move { sim.run(sim_token).await });

    let deadline = tokio::time::Instant::now() + Duration::from_secs(420);
    let mut settled_once = false;
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let stats = simulator.stats();
        let wrong = mismatches(&simulator, &projection);
        let settled = stats.encounters_sent == claims && stats.pending == 0 && wrong.is_empty();
        // Twice in a row: a claim can pass through a status the ledger allows on its way on.
        if settled && settled_once {
            break;
        }
        settled_once = settled;
        if tokio::time::Instant::now() > deadline {
            let counts: Vec<String> = wrong
                .iter()
                .map(|(status, claims)| format!("{status}: {}", claims.len()))
                .collect();
            let examples: Vec<&String> = wrong.values().flat_map(|c| c.iter().take(3)).collect();
            panic!(
                "not settled after 7 minutes: {}\nwrong statuses: {counts:?}\n{examples:#?}",
                stats.line()
            );
        }
    }

    let stats = simulator.stats();
    assert_eq!(
        stats.remittances_refused,
        0,
        "the system refused an 835 the simulator checked: {}",
        stats.line()
    );
    assert!(
        stats.remittances_resent > 0,
        "the payers retransmit every tenth 835: {}",
        stats.line()
    );
    assert!(simulator.ledger().unknown_payments.is_empty());
    let ledger_total = simulator.ledger().total_paid();
    let summaries: Vec<_> = projection.summaries().map(|s| s.unwrap()).collect();
    let today = chrono::Utc::now().date_naive();
    let overview = kpis::overview(&summaries, today);
    assert_eq!(
        projection.overview(today).unwrap(),
        overview,
        "the dashboard's counters add up to what every summary says"
    );
    assert_eq!(
        overview.payments, ledger_total,
        "dashboard payments against the 835s the payers sent, in cents"
    );
    assert!(ledger_total > 0);
    let outcomes = simulator.ledger().outcomes();
    eprintln!(
        "seed {seed}: {}\noutcomes {outcomes:?}\nby status {:?}",
        stats.line(),
        overview.by_status
    );

    stop_sim.cancel();
    sim_task.await.unwrap().unwrap();
    shutdown.cancel();
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(20), task)
            .await
            .expect("stops within 20 s")
            .expect("stops cleanly");
    }
    Ended {
        stats,
        outcomes,
        overview,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_operators_every_claim_reaches_where_the_ledger_says_and_the_payments_add_up() {
    let ended = seeded_run(20_261_126, 200, true).await;
    for outcome in ["paid", "denied", "partial", "invalid", "lapsed"] {
        assert!(
            ended.outcomes.get(outcome).copied().unwrap_or(0) > 0,
            "a seeded run of 200 has {outcome} claims: {:?}",
            ended.outcomes
        );
    }
    assert!(
        ended.stats.operator_done > 0 && ended.stats.operator_refused == 0,
        "{}",
        ended.stats.line()
    );
    for waiting in ["coding_issues", "rejected", "denied", "partially_paid"] {
        assert_eq!(
            ended.overview.by_status.get(waiting),
            None,
            "worked queues are empty: {:?}",
            ended.overview.by_status
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_operators_claims_wait_in_the_queues_the_ledger_names() {
    let ended = seeded_run(42, 150, false).await;
    assert_eq!(ended.stats.operator_done, 0);
    let waiting: usize = ["coding_issues", "rejected", "denied", "partially_paid"]
        .iter()
        .map(|s| ended.overview.by_status.get(*s).copied().unwrap_or(0) as usize)
        .sum();
    assert!(
        waiting > 5,
        "claims wait for a person: {:?}",
        ended.overview.by_status
    );
}
