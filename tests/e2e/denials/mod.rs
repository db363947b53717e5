//! Denial handling end to end, against a real server: claims are built by appending their
//! history to the log (as submission and remittance would), then the denials service (with
//! coding) triages them and operators work them through `inbox.ops.<kind>` commands.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use claims_denials::case::DenialCase;
use claims_denials::sweep::Sweeper;
use claims_events::event::*;
use claims_events::{
    sample, Actor, Causation, Cents, ClaimId, ClaimStatus, Coverage, Event, PartnerId, PayerOrder,
    Subscriber,
};
use claims_runtime::ManualClock;
use claims_store::{Decision as Append, EventStore, StoreError, OUTBOX};
use claims_test_support::{count_stream, publish_inbox, read_stream, settings_for, NatsServer};
use serde_json::{json, Value};

use crate::harness::Running;

mod appeals;
mod automatic;
mod corrected;
mod deadlines;
mod rebill_and_patient;

static INPUTS: AtomicU64 = AtomicU64::new(1);

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn claim_id(encounter: &str) -> ClaimId {
    ClaimId::for_encounter(&"springfield-fp".parse::<PartnerId>().unwrap(), encounter)
}

/// Appends `events` to the claim as one commit of a stand-in service, retrying conflicts
/// with the services under test.
pub(crate) async fn append(store: &EventStore, claim: ClaimId, events: Vec<Event>) {
    for _ in 0..10 {
        let loaded = store.load(claim).await.unwrap();
        let decision = Append {
            service: "test".into(),
            actor: Actor::System,
            causation: Causation::Inbox {
                subject: "inbox.test.x".into(),
                sequence: INPUTS.fetch_add(1, Ordering::Relaxed),
                message_id: None,
            },
            correlation_id: uuid::Uuid::now_v7(),
            events: events.clone(),
        };
        match store.append(&loaded, decision, Utc::now()).await {
            Ok(_) => return,
            Err(StoreError::Conflict { .. }) => tokio::time::sleep(Duration::from_millis(20)).await,
            Err(error) => panic!("{error}"),
        }
    }
    panic!("kept conflicting");
}

/// A claim for a visit 30 days ago, with Aetna as secondary coverage, submitted to Medicare
/// and accepted as `payer_claim_number`, all in one commit (so coding has nothing to do).
async fn submitted_claim(
    store: &EventStore,
    encounter_id: &str,
    payer_claim_number: &str,
) -> ClaimId {
    let mut encounter = sample::encounter("springfield-fp", encounter_id);
    encounter.service_date = today() - Days::new(30);
    encounter.secondary_coverage = Some(Coverage {
        payer_id: "aetna".parse().unwrap(),
        plan: "Aetna Choice POS II".into(),
        order: PayerOrder::Secondary,
    });
    encounter.secondary_subscriber = Some(Subscriber {
        relationship: claims_events::Relationship::Insured,
        member_id: "W123456789".into(),
        group_number: Some("G-1".into()),
        person: None,
    });
    let id = claim_id(encounter_id);
    append(
        store,
        id,
        vec![
            Event::ClaimRegistered(ClaimRegistered { encounter }),
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: "medicare-il".parse().unwrap(),
                plan: "Medicare Part B".into(),
                coverage_start: today() - Days::new(365),
                coverage_end: None,
            }),
            Event::ClaimCoded(ClaimCoded {
                code_set: "ICD-10-CM FY2026".into(),
            }),
            Event::ClaimSubmitted(sample::submitted(
                uuid::Uuid::now_v7(),
                "medicare-il",
                Cents(14300),
            )),
            Event::ClaimAccepted(sample::accepted(Some(payer_claim_number))),
        ],
    )
    .await;
    id
}

fn adj(group: &str, carc: &str, cents: i64, line: Option<u16>) -> Adjustment {
    Adjustment {
        group: AdjustmentGroup::from_code(group).unwrap(),
        reason: carc.into(),
        amount: Cents(cents),
        line,
    }
}

/// An 835 posting of the $143.00 claim dated 10 days ago, under claim number `PCN-1`.
fn remittance(
    trace: &str,
    status: ClaimPaymentStatus,
    paid: i64,
    adjustments: Vec<Adjustment>,
) -> Event {
    Event::RemittancePosted(RemittancePosted {
        trace: trace.into(),
        payer_id: "medicare-il".parse().unwrap(),
        paid_on: today() - Days::new(10),
        status,
        billed: Cents(14300),
        paid: Cents(paid),
        allowed: None,
        patient_share: PatientShare::default(),
        adjustments,
        remarks: vec![],
        payer_claim_number: Some("PCN-1".into()),
        lines: vec![],
    })
}

/// Waits up to 20 s for the claim's denial case to satisfy `done`.
async fn wait_for(
    store: &EventStore,
    claim: ClaimId,
    what: &str,
    done: impl Fn(&DenialCase) -> bool,
) -> DenialCase {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let case = claims_denials::scan::load_case(store, claim).await.unwrap();
        if done(&case) {
            return case;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: claim is {} with open {:?}",
            case.claim.status(),
            case.open
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn triaged(store: &EventStore, claim: ClaimId) -> DenialCase {
    wait_for(store, claim, "triaged", |case| !case.open.is_empty()).await
}

/// Publishes an operator command and returns its receipt.
pub(crate) async fn command(system: &Running, kind: &str, body: Value) -> Value {
    let before = count_stream(&system.client, OUTBOX, "outbox.ops.receipts").await as usize;
    let id = format!("CMD-{}", INPUTS.fetch_add(1, Ordering::Relaxed));
    publish_inbox(
        &system.client,
        &format!("inbox.ops.{kind}"),
        &id,
        &serde_json::to_vec(&body).unwrap(),
    )
    .await;
    let receipts = read_stream(
        &system.client,
        OUTBOX,
        "outbox.ops.receipts",
        before + 1,
        20,
    )
    .await;
    receipts
        .iter()
        .map(|m| serde_json::from_slice::<Value>(&m.payload).unwrap())
        .find(|r| r["message_id"] == id.as_str())
        .expect("the receipt answers the command")
}

async fn history(store: &EventStore, claim: ClaimId) -> Vec<Event> {
    store
        .load(claim)
        .await
        .unwrap()
        .commits
        .into_iter()
        .flat_map(|c| c.commit.events)
        .collect()
}
