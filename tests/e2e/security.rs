//! The permissions of deploy/nats/accounts.conf against a real server: a partner publishes
//! only into its own inbox and reads only its own outbox, never the claims log or another
//! partner's traffic; services do their whole work under their own restricted users.

use std::time::Duration;

use claims_events::{ClaimId, ClaimStatus, Event, PartnerId};
use claims_runtime::CancellationToken;
use claims_store::{EventStore, CLAIMS, INBOX};
use claims_test_support::{count_stream, publish_inbox, settings_for};
use futures::StreamExt;

use crate::harness::{example, wait_status, ReadSide};
use crate::secured::{client_noting_errors, partner, user, wait_for_error, SecuredServer};

/// The all-in-one user (`claims up`), provisioning the streams as a service would.
async fn system_client(server: &SecuredServer) -> (async_nats::Client, EventStore) {
    let client = claims_runtime::connect(&server.url(), &user("claims"), "test-system")
        .await
        .expect("connect");
    let store = EventStore::open(client.clone(), &Default::default())
        .await
        .expect("the claims user provisions the streams");
    (client, store)
}

#[tokio::test]
async fn a_partner_publishes_only_into_its_own_inbox() {
    let server = SecuredServer::start();
    let (system, _store) = system_client(&server).await;
    let (practice, errors) = client_noting_errors(&server.url(), &partner("springfield-fp")).await;

    // Forbidden first, then allowed: the server handles one connection's messages in order,
    // so once the allowed one is stored the forbidden ones have been judged.
    practice
        .publish(
            "inbox.prairie-peds.encounter",
            "posing as another practice".into(),
        )
        .await
        .unwrap();
    practice
        .publish("claims.claim.ab.forged", "a forged commit".into())
        .await
        .unwrap();
    practice
        .publish("outbox.prairie-peds.receipts", "a forged receipt".into())
        .await
        .unwrap();
    let stored = publish_inbox(
        &practice,
        "inbox.springfield-fp.encounter",
        "ENC-OWN",
        b"{}",
    )
    .await;
    assert_eq!(stored, 1, "the practice's own inbox takes its message");

    wait_for_error(
        &errors,
        &["permissions violation", "publish", "inbox.prairie-peds"],
    )
    .await;
    wait_for_error(
        &errors,
        &["permissions violation", "publish", "claims.claim.ab.forged"],
    )
    .await;
    assert_eq!(count_stream(&system, INBOX, "inbox.>").await, 1);
    assert_eq!(count_stream(&system, CLAIMS, ">").await, 0);
    assert_eq!(count_stream(&system, "OUTBOX", ">").await, 0);
}

#[tokio::test]
async fn a_partner_reads_only_its_own_outbox_and_no_stream() {
    let server = SecuredServer::start();
    let (system, _store) = system_client(&server).await;
    let (practice, errors) = client_noting_errors(&server.url(), &partner("springfield-fp")).await;

    let mut own = practice.subscribe("outbox.springfield-fp.>").await.unwrap();
    let mut log = practice.subscribe("claims.>").await.unwrap();
    let mut other = practice.subscribe("outbox.prairie-peds.>").await.unwrap();
    let mut replies = practice.subscribe("_INBOX.>").await.unwrap();
    practice.flush().await.unwrap();
    for refused in ["claims.>", "outbox.prairie-peds.>", "_INBOX.>"] {
        wait_for_error(&errors, &["permissions violation", "subscription", refused]).await;
    }

    // Published by the system in this order: the allowed one last.
    let js = async_nats::jetstream::new(system.clone());
    for subject in [
        "claims.claim.ab.00000000-0000-0000-0000-000000000000",
        "outbox.prairie-peds.receipts",
        "outbox.springfield-fp.receipts",
    ] {
        js.publish(subject, "payload".into())
            .await
            .unwrap()
            .await
            .unwrap();
    }
    let received = tokio::time::timeout(Duration::from_secs(20), own.next())
        .await
        .expect("the practice's own receipt arrives")
        .expect("subscription open");
    assert_eq!(received.subject.as_str(), "outbox.springfield-fp.receipts");
    // The system's JetStream requests went out on _INBOX.<random> too, before that receipt.
    for (name, subscription) in [
        ("the claims log", &mut log),
        ("another partner's outbox", &mut other),
        ("other users' replies", &mut replies),
    ] {
        let leaked = futures::FutureExt::now_or_never(subscription.next()).flatten();
        assert!(leaked.is_none(), "the partner read {name}: {leaked:?}");
    }

    // No JetStream API: the partner cannot even look at a stream.
    let practice_js = async_nats::jetstream::new(practice.clone());
    assert!(practice_js.get_stream(CLAIMS).await.is_err());
    wait_for_error(
        &errors,
        &[
            "permissions violation",
            "publish",
            "$JS.API.STREAM.INFO.CLAIMS",
        ],
    )
    .await;
}

fn claim_of_example() -> ClaimId {
    ClaimId::for_encounter(
        &"springfield-fp".parse::<PartnerId>().unwrap(),
        "ENC-2026-000123",
    )
}

#[tokio::test]
async fn registration_and_coding_do_their_whole_work_under_their_own_users() {
    let server = SecuredServer::start();
    let shutdown = CancellationToken::new();
    let mut settings = settings_for(&server.server);
    settings.nats = user("registration");
    let registration = tokio::spawn(claims_registration::run(settings.clone(), shutdown.clone()));
    settings.nats = user("coding");
    let coding = tokio::spawn(claims_coding::run(settings, shutdown.clone()));

    // The payer and the practice, each as itself; registration provisions the streams.
    let payer = claims_runtime::connect(&server.url(), &partner("medicare-il"), "payer")
        .await
        .unwrap();
    let practice = claims_runtime::connect(&server.url(), &partner("springfield-fp"), "practice")
        .await
        .unwrap();
    let mut receipts = practice
        .subscribe("outbox.springfield-fp.receipts")
        .await
        .unwrap();
    let mut payer_receipts = payer
        .subscribe("outbox.medicare-il.receipts")
        .await
        .unwrap();
    wait_for_streams(&server).await;
    publish_inbox(
        &payer,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    tokio::time::timeout(Duration::from_secs(30), payer_receipts.next())
        .await
        .expect("the payer's receipt");
    publish_inbox(
        &practice,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;
    let receipt = tokio::time::timeout(Duration::from_secs(30), receipts.next())
        .await
        .expect("the practice's receipt")
        .unwrap();
    let receipt: serde_json::Value = serde_json::from_slice(&receipt.payload).unwrap();
    assert_eq!(receipt["status"], "accepted", "{receipt}");

    // An operator reads the log (without the right to provision or append).
    let operator = claims_runtime::connect(&server.url(), &user("operator"), "auditor")
        .await
        .unwrap();
    let store = EventStore::open_existing(operator).await.unwrap();
    let claim = wait_status(&store, claim_of_example(), ClaimStatus::Coded).await;
    assert!(matches!(
        claim.commits[0].commit.events[0],
        Event::ClaimRegistered(_)
    ));
    assert_eq!(claim.commits[0].commit.service, "registration");
    assert!(claim.commits.iter().any(|c| c.commit.service == "coding"));

    shutdown.cancel();
    for service in [registration, coding] {
        tokio::time::timeout(Duration::from_secs(20), service)
            .await
            .expect("stops")
            .unwrap()
            .expect("ran without error");
    }
}

/// Waits for a service to have provisioned the streams (partners cannot look).
async fn wait_for_streams(server: &SecuredServer) {
    let operator = claims_runtime::connect(&server.url(), &user("operator"), "waiting")
        .await
        .unwrap();
    let js = async_nats::jetstream::new(operator);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while js.get_stream(INBOX).await.is_err() {
        assert!(tokio::time::Instant::now() < deadline, "no INBOX stream");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every service, the projector and the dashboard's store under their own users, the
/// partner simulator (a trusted test user, not a partner: it creates its own consumers)
/// sending encounters, 837 answers, 835s and operator commands.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_service_does_its_work_under_its_own_user() {
    let server = SecuredServer::start();
    let shutdown = CancellationToken::new();
    let base = settings_for(&server.server);
    let mut tasks = Vec::new();
    for service in [
        "registration",
        "coding",
        "submission",
        "remittance",
        "denials",
    ] {
        let mut settings = base.clone();
        settings.nats = user(service);
        let token = shutdown.clone();
        tasks.push(tokio::spawn(async move {
            let result = match service {
                "registration" => claims_registration::run(settings, token).await,
                "coding" => claims_coding::run(settings, token).await,
                "submission" => {
                    let submission = claims_submission::SubmissionSettings {
                        batch_max_wait: Duration::from_secs(1),
                        ..Default::default()
                    };
                    let clock = std::sync::Arc::new(claims_runtime::SystemClock);
                    claims_submission::run_with(settings, submission, clock, token).await
                }
                "remittance" => claims_remittance::run(settings, token).await,
                _ => claims_denials::run(settings, token).await,
            };
            result.unwrap_or_else(|e| panic!("{service} under its own user: {e}"));
        }));
    }
    let mut read_side = base.clone();
    read_side.nats = user("projections");
    let store = claims_runtime::open_store(&read_side, "projections")
        .await
        .expect("the projections user opens the store");
    let dashboard = ReadSide::start(&read_side, &store).await;

    let harness = claims_runtime::connect(&server.url(), &user("harness"), "simulator")
        .await
        .unwrap();
    let config = claims_simulator::Config {
        seed: 5,
        claims: 60,
        rate: 60.0,
        operators: true,
        payer_delay: Duration::from_millis(300),
        operator_delay: Duration::from_millis(300),
        receipt_wait: Duration::from_secs(20),
        ..Default::default()
    };
    let simulator = claims_simulator::Simulator::new(config, harness).unwrap();
    let stop_simulator = CancellationToken::new();
    let simulation = {
        let token = stop_simulator.clone();
        tokio::spawn(async move { simulator.run(token).await })
    };

    // Each service has appended to the log, read back under the operator's user.
    let operator = claims_runtime::connect(&server.url(), &user("operator"), "auditor")
        .await
        .unwrap();
    let audit = EventStore::open_existing(operator).await.unwrap();
    let mut log = Box::pin(audit.read_log(1).await.unwrap());
    let mut seen = std::collections::BTreeSet::new();
    let all = [
        "coding",
        "denials",
        "registration",
        "remittance",
        "submission",
    ];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(400);
    while seen.len() < all.len() {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let entry = tokio::time::timeout(left, log.next())
            .await
            .unwrap_or_else(|_| panic!("only {seen:?} appended within 400 s"))
            .expect("the log goes on");
        let entry = entry.expect("the log reads");
        seen.insert(entry.commit.expect("a commit").commit.service);
    }
    assert_eq!(seen.iter().map(String::as_str).collect::<Vec<_>>(), all);

    // The projector and the dashboard, on their read-only user, follow the log and see
    // every consumer's lag.
    let end = audit.last_sequence().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while dashboard.projection.get().checkpoint().unwrap() < end {
        assert!(tokio::time::Instant::now() < deadline, "the projector lags");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (status, metrics) = crate::dashboard::get(dashboard.addr, "/metrics").await;
    assert_eq!(status, 200);
    for consumer in [
        "registration-encounters",
        "submission-batcher",
        "denials-claims",
    ] {
        assert!(
            metrics.contains(&format!(
                "claims_consumer_pending{{consumer=\"{consumer}\"}}"
            )),
            "{consumer} missing from /metrics:\n{metrics}"
        );
    }

    stop_simulator.cancel();
    simulation.await.unwrap().expect("the simulator ran");
    shutdown.cancel();
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(20), task)
            .await
            .expect("stops")
            .expect("ran without error");
    }
}
