//! The event store against a real server: optimistic concurrency, idempotent appends,
//! loads that match the fold, and provisioning races.

use std::sync::Arc;

use chrono::Utc;
use claims_events::event::{ClaimRegistered, DenialTriaged, Event};
use claims_events::{sample, Actor, Causation, Claim, ClaimId, PartnerId};
use claims_runtime::{decide_and_append, CommandError, Outcome, SystemClock};
use claims_store::{Decision, EventStore, StoreError};
use claims_test_support::{store, NatsServer};
use uuid::Uuid;

fn partner() -> PartnerId {
    "springfield-fp".parse().unwrap()
}

fn registration(sequence: u64) -> Decision {
    Decision {
        service: "test".into(),
        actor: Actor::Partner(partner()),
        causation: Causation::Inbox {
            subject: "inbox.springfield-fp.encounter".into(),
            sequence,
            message_id: None,
        },
        correlation_id: Uuid::now_v7(),
        events: vec![Event::ClaimRegistered(ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "ENC-1"),
        })],
    }
}

/// A decision that adds one numbered fact, so the order of facts in the log is visible.
fn numbered(service: &str, n: u64) -> Decision {
    Decision {
        service: service.into(),
        actor: Actor::System,
        causation: Causation::Inbox {
            subject: "inbox.test.note".into(),
            sequence: n,
            message_id: None,
        },
        correlation_id: Uuid::now_v7(),
        events: vec![Event::DenialTriaged(DenialTriaged {
            line: None,
            group: None,
            reason: format!("{service}-{n}"),
            remarks: vec![],
            category: claims_events::event::DenialCategory::Unclassified,
            action: claims_events::event::RecommendedAction::HumanReview,
            amount_at_risk: claims_events::Cents(0),
            deadline: None,
            rule: "test".into(),
        })],
    }
}

fn claim_id() -> ClaimId {
    ClaimId::for_encounter(&partner(), "ENC-1")
}

#[tokio::test]
async fn of_two_appends_on_the_same_expected_sequence_exactly_one_wins() {
    let server = NatsServer::start();
    let store = store(&server).await;
    let empty = store.load(claim_id()).await.unwrap();
    store
        .append(&empty, registration(1), Utc::now())
        .await
        .unwrap();

    let loaded = store.load(claim_id()).await.unwrap();
    let first = store.append(&loaded, numbered("a", 1), Utc::now()).await;
    let second = store.append(&loaded, numbered("b", 1), Utc::now()).await;

    assert!(first.is_ok());
    assert!(
        matches!(second, Err(StoreError::Conflict { expected, .. }) if expected == loaded.last_sequence())
    );
    assert_eq!(store.load(claim_id()).await.unwrap().commits.len(), 2);
}

#[tokio::test]
async fn concurrent_deciders_reload_and_retry_and_no_decision_is_lost() {
    let server = NatsServer::start();
    let store = store(&server).await;
    let empty = store.load(claim_id()).await.unwrap();
    store
        .append(&empty, registration(1), Utc::now())
        .await
        .unwrap();

    let per_decider = 25u64;
    let run = |name: &'static str, store: EventStore| async move {
        for n in 0..per_decider {
            let outcome = decide_and_append(&store, claim_id(), &SystemClock, 1_000, |claim| {
                Ok::<_, ()>(
                    (!claim.state.has_handled(&format!("{name}:inbox:{n}")))
                        .then(|| numbered(name, n)),
                )
            })
            .await;
            assert!(
                matches!(outcome, Ok(Outcome::Appended { .. })),
                "{name} {n}: {outcome:?}"
            );
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(run("a", store.clone())),
        tokio::spawn(run("b", store.clone()))
    );
    a.unwrap();
    b.unwrap();

    let loaded = store.load(claim_id()).await.unwrap();
    assert_eq!(loaded.commits.len() as u64, 1 + 2 * per_decider);
    for name in ["a", "b"] {
        let reasons: Vec<String> = loaded
            .commits
            .iter()
            .flat_map(|c| &c.commit.events)
            .filter_map(|e| match e {
                Event::DenialTriaged(d) if d.reason.starts_with(name) => Some(d.reason.clone()),
                _ => None,
            })
            .collect();
        let expected: Vec<String> = (0..per_decider).map(|n| format!("{name}-{n}")).collect();
        assert_eq!(
            reasons, expected,
            "each decider's facts are all there, in its order"
        );
    }
}

#[tokio::test]
async fn the_same_decision_appended_twice_is_stored_once() {
    let server = NatsServer::start();
    let store = store(&server).await;
    let empty = store.load(claim_id()).await.unwrap();
    let first = store
        .append(&empty, registration(7), Utc::now())
        .await
        .unwrap();
    // The same input decided again on the same (stale) state, as after a crash before ack.
    let again = store
        .append(&empty, registration(7), Utc::now())
        .await
        .unwrap();
    assert!(!first.duplicate);
    assert!(again.duplicate);
    assert_eq!(again.sequence, first.sequence);
    assert_eq!(store.load(claim_id()).await.unwrap().commits.len(), 1);
}

#[tokio::test]
async fn a_decider_refusal_appends_nothing() {
    let server = NatsServer::start();
    let store = store(&server).await;
    let outcome = decide_and_append(&store, claim_id(), &SystemClock, 3, |_| {
        Err::<Option<Decision>, _>("no")
    })
    .await;
    assert!(matches!(outcome, Err(CommandError::Refused("no"))));
    assert!(store.load(claim_id()).await.unwrap().commits.is_empty());
}

#[tokio::test]
async fn a_loaded_claim_equals_the_fold_of_its_log() {
    let server = NatsServer::start();
    let store = store(&server).await;
    let mut written = Vec::new();
    let mut claim = store.load(claim_id()).await.unwrap();
    for n in 0..10 {
        let decision = if n == 0 {
            registration(1)
        } else {
            numbered("x", n)
        };
        written.push(
            store
                .append(&claim, decision, Utc::now())
                .await
                .unwrap()
                .stored,
        );
        claim = store.load(claim_id()).await.unwrap();
    }
    assert_eq!(
        claim.commits, written,
        "load returns exactly what was appended"
    );
    assert_eq!(
        claim.state,
        Claim::replay(written.iter().map(|s| &s.commit))
    );
    assert_eq!(claim.state.version, 10);
}

#[tokio::test]
async fn many_processes_provisioning_at_once_all_succeed() {
    let server = NatsServer::start();
    let url = Arc::new(server.url());
    let opens = (0..6).map(|_| {
        let url = url.clone();
        tokio::spawn(async move {
            let client = claims_runtime::connect(&url, &Default::default(), "race")
                .await
                .unwrap();
            EventStore::open(client, &Default::default())
                .await
                .map(|_| ())
        })
    });
    for open in futures::future::join_all(opens).await {
        open.unwrap()
            .expect("every concurrent provisioning succeeds");
    }
}
