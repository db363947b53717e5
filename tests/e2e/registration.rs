//! Registration end to end: a partner's encounter becomes a claim in the log and a receipt
//! in the partner's outbox; duplicates, malformed input and crashes change nothing twice.

use claims_events::codec;
use claims_events::{subjects, Claim, ClaimId, Event, PartnerId};
use claims_store::{headers, CLAIMS, DEADLETTER, OUTBOX};
use claims_test_support::{count_stream, publish_inbox, read_stream, settings_for, NatsServer};
use serde_json::Value;

use crate::harness::{example, Running};

const PARTNER: &str = "springfield-fp";

fn claim_of_example() -> ClaimId {
    ClaimId::for_encounter(&PARTNER.parse::<PartnerId>().unwrap(), "ENC-2026-000123")
}

async fn receipts(client: &async_nats::Client, count: usize) -> Vec<Value> {
    read_stream(
        client,
        OUTBOX,
        &format!("outbox.{PARTNER}.receipts"),
        count,
        20,
    )
    .await
    .iter()
    .map(|m| serde_json::from_slice(&m.payload).expect("receipts are JSON"))
    .collect()
}

#[tokio::test]
async fn an_encounter_becomes_a_registered_claim_and_an_accepted_receipt() {
    let server = NatsServer::start();
    let system = Running::registration(settings_for(&server)).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;

    let receipt = &receipts(&system.client, 1).await[0];
    assert_eq!(receipt["status"], "accepted", "{receipt}");
    assert_eq!(receipt["message_id"], "ENC-1");
    assert_eq!(receipt["claim_id"], claim_of_example().to_string());

    let claim = system.store.load(claim_of_example()).await.unwrap();
    assert_eq!(claim.commits.len(), 1);
    let commit = &claim.commits[0].commit;
    assert!(matches!(commit.events[0], Event::ClaimRegistered(_)));
    assert_eq!(commit.service, "registration");
    // No eligibility on file for this member: held, not billed blindly.
    assert!(
        matches!(commit.events[1], Event::EligibilityPending(_)),
        "{:?}",
        commit.events
    );

    // The claim is on its own subject, and the fold of the raw log equals the service's load.
    let raw = read_stream(
        &system.client,
        CLAIMS,
        &subjects::claim(&claim_of_example()),
        1,
        5,
    )
    .await;
    let from_log = Claim::replay(
        raw.iter()
            .map(|m| codec::decode(&m.payload).unwrap())
            .collect::<Vec<_>>()
            .iter(),
    );
    assert_eq!(from_log, claim.state);
    system.stop().await;
}

#[tokio::test]
async fn the_same_encounter_sent_twice_changes_nothing_and_gets_the_same_receipt() {
    let server = NatsServer::start();
    let system = Running::registration(settings_for(&server)).await;
    let body = example("encounter-self.json");
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &body,
    )
    .await;
    // The same message id again is dropped by the server's duplicate window...
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &body,
    )
    .await;
    // ...and the same content under a new id is recognised by the claim itself.
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1-resent",
        &body,
    )
    .await;

    let receipts = receipts(&system.client, 2).await;
    assert_eq!(receipts[0]["outcome"], "registered");
    assert_eq!(receipts[1]["outcome"], "unchanged");
    assert_eq!(receipts[0]["claim_id"], receipts[1]["claim_id"]);
    assert_eq!(
        system
            .store
            .load(claim_of_example())
            .await
            .unwrap()
            .commits
            .len(),
        1
    );
    assert_eq!(
        count_stream(&system.client, OUTBOX, "outbox.springfield-fp.receipts").await,
        2
    );
    system.stop().await;
}

#[tokio::test]
async fn a_malformed_message_is_dead_lettered_and_rejected_and_the_next_one_still_processed() {
    let server = NatsServer::start();
    let system = Running::registration(settings_for(&server)).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "BAD-1",
        b"{\"schema\": \"encounter/v1\", oops",
    )
    .await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;

    let receipts = receipts(&system.client, 2).await;
    assert_eq!(receipts[0]["status"], "rejected");
    assert_eq!(receipts[0]["message_id"], "BAD-1");
    assert_eq!(
        receipts[0]["errors"][0]["code"], "json.syntax",
        "{}",
        receipts[0]
    );
    assert_eq!(receipts[1]["status"], "accepted");

    let dead = read_stream(&system.client, DEADLETTER, "deadletter.registration", 1, 5).await;
    let reason = dead[0]
        .headers
        .as_ref()
        .and_then(|h| h.get(headers::DEADLETTER_REASON))
        .unwrap();
    assert!(reason.as_str().contains("json.syntax"), "{reason:?}");
    assert_eq!(
        &dead[0].payload[..],
        b"{\"schema\": \"encounter/v1\", oops",
        "the original is kept byte for byte"
    );
    system.stop().await;
}

#[tokio::test]
async fn an_input_decided_before_a_crash_is_not_decided_again_after_it() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let client = claims_runtime::connect(&server.url(), &Default::default(), "test")
        .await
        .unwrap();
    let store = claims_test_support::store(&server).await;
    // The service appended its decision for inbox message #1 and died before acking it: the
    // message is still unacknowledged when the service comes back.
    let sequence = publish_inbox(
        &client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;
    let encounter = claims_registration::intake::parse_encounter(
        &PARTNER.parse().unwrap(),
        &example("encounter-self.json"),
        chrono::Utc::now().date_naive(),
        &claims_payers::PayerRegistry::sample(),
    )
    .unwrap();
    let decision = claims_store::Decision {
        service: "registration".into(),
        actor: claims_events::Actor::Partner(PARTNER.parse().unwrap()),
        causation: claims_events::Causation::Inbox {
            subject: "inbox.springfield-fp.encounter".into(),
            sequence,
            message_id: Some("ENC-1".into()),
        },
        correlation_id: uuid::Uuid::now_v7(),
        events: vec![Event::ClaimRegistered(
            claims_events::event::ClaimRegistered { encounter },
        )],
    };
    store
        .append(
            &store.load(claim_of_example()).await.unwrap(),
            decision,
            chrono::Utc::now(),
        )
        .await
        .unwrap();

    let system = Running::registration(settings).await;
    let receipts = receipts(&system.client, 1).await;
    assert_eq!(receipts[0]["status"], "accepted");
    assert_eq!(receipts[0]["outcome"], "unchanged");
    assert_eq!(
        store.load(claim_of_example()).await.unwrap().commits.len(),
        1,
        "exactly one commit"
    );
    system.stop().await;
}

#[tokio::test]
async fn registration_keeps_working_across_a_nats_restart() {
    let mut server = NatsServer::start();
    let system = Running::registration(settings_for(&server)).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;
    receipts(&system.client, 1).await;

    server.restart();
    let mut second: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    second["encounter_id"] = "ENC-2026-000124".into();
    // The client reconnects by itself; publish once it has.
    let body = serde_json::to_vec(&second).unwrap();
    let client = claims_runtime::connect(&server.url(), &Default::default(), "test-after-restart")
        .await
        .unwrap();
    publish_inbox(&client, "inbox.springfield-fp.encounter", "ENC-2", &body).await;
    let all = receipts(&client, 2).await;
    assert_eq!(all[1]["status"], "accepted", "{}", all[1]);
    system.stop().await;
}
