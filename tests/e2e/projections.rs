//! Projections: read models that equal a fresh rebuild byte for byte, however often the
//! projector is killed on the way.

use std::time::Duration;

use chrono::Utc;
use claims_events::event::{
    ClaimCoded, ClaimRegistered, CodingIssue, CodingIssuesFound, EligibilityConfirmed,
};
use claims_events::{sample, Actor, Causation, ClaimId, ClaimStatus, Event, PartnerId};
use claims_projections::Projection;
use claims_runtime::CancellationToken;
use claims_store::{ClaimHead, Decision, EventStore};
use claims_test_support::NatsServer;

fn decision(n: u64, events: Vec<Event>) -> Decision {
    Decision {
        service: "test".into(),
        actor: Actor::System,
        causation: Causation::Inbox {
            subject: "inbox.test.x".into(),
            sequence: n,
            message_id: None,
        },
        correlation_id: uuid::Uuid::now_v7(),
        events,
    }
}

/// Claim `i`: registered and eligible; then coded, or sent to the coding worklist.
async fn write_claim(store: &EventStore, i: u64) {
    let partner: PartnerId = "springfield-fp".parse().unwrap();
    let encounter = sample::encounter("springfield-fp", &format!("E-{i}"));
    let mut head = ClaimHead::new(ClaimId::for_encounter(&partner, &format!("E-{i}")));
    let registered = vec![
        Event::ClaimRegistered(ClaimRegistered { encounter }),
        Event::EligibilityConfirmed(EligibilityConfirmed {
            payer_id: "medicare-il".parse().unwrap(),
            plan: "Medicare Part B".into(),
            coverage_start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            coverage_end: None,
        }),
    ];
    let coded = if i % 3 == 0 {
        Event::CodingIssuesFound(CodingIssuesFound {
            code_set: "ICD-10-CM FY2026".into(),
            issues: vec![CodingIssue {
                rule: "icd10.not_billable".into(),
                path: "$.diagnoses[0]".into(),
                message: "E11 is a category".into(),
            }],
        })
    } else {
        Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })
    };
    for (n, events) in [registered, vec![coded]].into_iter().enumerate() {
        let appended = store
            .append(
                head.clone(),
                decision(i * 10 + n as u64, events),
                Utc::now(),
            )
            .await
            .unwrap();
        head.advance(&appended.stored);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_models_survive_repeated_kills_and_equal_a_fresh_rebuild() {
    let server = NatsServer::start();
    let store = claims_test_support::store(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let total = 300u64;

    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 0..total {
                write_claim(&store, i).await;
            }
        })
    };
    // Kill the projector over and over while the log grows, reopening the same directory.
    let mut kills = 0;
    while !writer.is_finished() || kills < 3 {
        let projection = Projection::open(dir.path()).unwrap();
        let task = tokio::spawn(claims_projections::projector::run(
            store.clone(),
            projection,
            CancellationToken::new(),
        ));
        tokio::time::sleep(Duration::from_millis(40 + (kills * 37) % 90)).await;
        task.abort();
        let _ = task.await;
        kills += 1;
    }
    writer.await.unwrap();
    let last = store.last_sequence().await.unwrap();

    // Finish, then rebuild from scratch elsewhere.
    let finish = |path: std::path::PathBuf| {
        let store = store.clone();
        async move {
            let projection = Projection::open(&path).unwrap();
            let shutdown = CancellationToken::new();
            let task = tokio::spawn(claims_projections::projector::run(
                store,
                projection.clone(),
                shutdown.clone(),
            ));
            while projection.checkpoint().unwrap() < last {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            shutdown.cancel();
            task.await.unwrap().unwrap();
            projection
        }
    };
    let survivor = finish(dir.path().to_path_buf()).await;
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh = finish(fresh_dir.path().to_path_buf()).await;

    assert!(kills >= 3, "the projector was killed {kills} times");
    assert_eq!(
        survivor.dump().unwrap(),
        fresh.dump().unwrap(),
        "byte for byte equal after {kills} kills"
    );
    let counts = fresh.counts().unwrap();
    assert_eq!(
        counts["status/coded"] + counts["status/coding_issues"],
        total as i64
    );
    assert_eq!(
        counts["status/coding_issues"],
        (0..total).filter(|i| i % 3 == 0).count() as i64
    );
    let worklist = fresh.worklist("coding", 1000).unwrap();
    assert_eq!(worklist.len() as i64, counts["status/coding_issues"]);
    assert!(worklist.iter().all(
        |s| s.status == ClaimStatus::CodingIssues && s.coding_issues == ["icd10.not_billable"]
    ));
}
