//! Projections: read models that equal a fresh rebuild byte for byte, however often the
//! projector is killed on the way, suspense records and their clearing included.

use std::time::Duration;

use chrono::Utc;
use claims_events::event::{
    ClaimCoded, ClaimPaymentStatus, ClaimRegistered, CodingIssue, CodingIssuesFound,
    EligibilityConfirmed, PatientShare, RemittancePosted,
};
use claims_events::{
    sample, subjects, Actor, Causation, Cents, ClaimId, ClaimStatus, Event, PartnerId,
};
use claims_payers::PayerRegistry;
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

/// A suspense record as the remittance service writes it: $12.34 under trace `T-<i>` for
/// `clp01`, held from INBOX message `inbox_sequence`.
pub(crate) async fn hold_payment(
    store: &EventStore,
    i: u64,
    clp01: &str,
    inbox_sequence: u64,
    copy: u32,
) {
    let record = serde_json::json!({
        "schema": "unmatched-remittance/v1", "trace": format!("T-{i}"), "transaction": "0001",
        "payer": {"name": "MEDICARE PART B ILLINOIS", "id": "06102", "trace_payer_id": null},
        "partner": "availity", "clp01": clp01, "occurrence": 1, "claim_id": null,
        "reason": "claim.unknown", "message": "held", "status": "1", "billed": "20.00",
        "paid": "12.34", "patient_responsibility": null, "payer_claim_number": null,
        "paid_on": "2026-12-10",
        "inbox": {"subject": "inbox.availity.era", "sequence": inbox_sequence, "message_id": null}
    });
    store
        .publish(
            subjects::remittance(&format!("T-{i}")),
            &format!("held:{i}:{copy}"),
            Default::default(),
            serde_json::to_vec(&record).unwrap().into(),
        )
        .await
        .unwrap();
}

/// Claim `i`: registered and eligible; then coded, or sent to the coding worklist. Every
/// fourth claim has a payment held in suspense before it is paid by the same trace: from
/// another 835, which clears the item, except for every eighth claim (`i % 8 == 4`), whose
/// posting names the very INBOX message that held the payment and so clears nothing. Every
/// fifth 835 also held a payment for `ACCT-<i>`, which nothing clears, recorded twice (as a
/// second partner's copy would be).
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
    let coded = if i.is_multiple_of(3) {
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
    let mut commits = vec![registered, vec![coded]];
    if i.is_multiple_of(4) {
        // The posting below is the claim's third commit, caused by INBOX message i * 10 + 2.
        let held_by = if i % 8 == 4 { i * 10 + 2 } else { 900_000 + i };
        hold_payment(store, i, &head.claim_id.to_string(), held_by, 0).await;
        commits.push(vec![Event::RemittancePosted(RemittancePosted {
            trace: format!("T-{i}"),
            payer_id: "medicare-il".parse().unwrap(),
            paid_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            status: ClaimPaymentStatus::Processed(1),
            billed: Cents(2000),
            paid: Cents(1234),
            allowed: None,
            patient_share: PatientShare::default(),
            adjustments: vec![],
            remarks: vec![],
            payer_claim_number: None,
            lines: vec![],
        })]);
    }
    if i.is_multiple_of(5) {
        for copy in 0..2 {
            hold_payment(store, i, &format!("ACCT-{i}"), 900_000 + i, copy).await;
        }
        // An 837 batch record: the models pass over it.
        store
            .publish(
                subjects::batch(&uuid::Uuid::now_v7()),
                &format!("batch:{i}"),
                Default::default(),
                b"{}".to_vec().into(),
            )
            .await
            .unwrap();
    }
    for (n, events) in commits.into_iter().enumerate() {
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

/// Opens the read models in `dir` once the killed projector has let go of them. A killed
/// process lets go at once; a projector task aborted here may still be finishing a batch on
/// its blocking thread (which holds sled's lock until the batch is written whole).
async fn open_once_released(dir: &std::path::Path) -> Projection {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        match Projection::open(dir, &PayerRegistry::sample()) {
            Ok(projection) => return projection,
            Err(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(error) => panic!("the read models never reopened: {error}"),
        }
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
        let projection = open_once_released(dir.path()).await;
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
            let projection = open_once_released(&path).await;
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
    // The KPI counters the killed projector kept add up to what every summary says.
    let today = Utc::now().date_naive();
    let summaries: Vec<_> = fresh.summaries().map(|s| s.unwrap()).collect();
    let reference = claims_projections::kpis::overview(&summaries, today);
    assert_eq!(survivor.overview(today).unwrap(), reference);
    assert_eq!(reference.claims, total);
    assert_eq!(
        reference.payments,
        1234 * (0..total).filter(|i| i % 4 == 0).count() as i64
    );

    let counts = fresh.counts().unwrap();
    let claims = |f: fn(u64) -> bool| (0..total).filter(|&i| f(i)).count() as i64;
    assert_eq!(counts["status/paid"], claims(|i| i % 4 == 0));
    assert_eq!(counts["status/coded"], claims(|i| i % 4 != 0 && i % 3 != 0));
    assert_eq!(
        counts["status/coding_issues"],
        claims(|i| i % 4 != 0 && i % 3 == 0)
    );
    // Held payments of claims paid later by the same trace from another 835 are cleared; the
    // ones held by the posting's own 835 and the ones for `ACCT-<i>` stay, once each though
    // recorded twice.
    let held: Vec<String> = fresh
        .unmatched()
        .unwrap()
        .into_iter()
        .map(|item| {
            format!(
                "{} {} {}",
                item.trace, item.patient_control_number, item.amount
            )
        })
        .collect();
    let partner: PartnerId = "springfield-fp".parse().unwrap();
    let expected: Vec<String> = (0..total)
        .flat_map(|i| {
            let claim = ClaimId::for_encounter(&partner, &format!("E-{i}"));
            let own = (i % 8 == 4).then(|| format!("T-{i} {claim} 1234"));
            let stranger = (i % 5 == 0).then(|| format!("T-{i} ACCT-{i} 1234"));
            own.into_iter().chain(stranger)
        })
        .collect();
    assert_eq!(held, expected);
    assert_eq!(
        fresh.counter("worklist/unmatched-remittances").unwrap(),
        expected.len() as i64
    );
    assert_eq!(
        fresh.counter("total/unmatched_amount").unwrap(),
        1234 * expected.len() as i64
    );
    let worklist = fresh.worklist("coding", 1000).unwrap();
    assert_eq!(worklist.len() as i64, counts["status/coding_issues"]);
    assert!(worklist.iter().all(
        |s| s.status == ClaimStatus::CodingIssues && s.coding_issues == ["icd10.not_billable"]
    ));
}
