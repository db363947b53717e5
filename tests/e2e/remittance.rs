//! Remittance end to end: an 835 on `inbox.<clearinghouse>.era` posts to claims in the log
//! to the cent, refuses to post when it does not balance, posts once however often it
//! arrives, reverses, keeps what matches no claim in suspense, and bills the patient.

use chrono::{NaiveDate, Utc};
use claims_events::event::Event;
use claims_events::{sample, Actor, Causation, Claim, ClaimId, Encounter};
use claims_remittance::sample::{interchange, submitted, ClaimPaid, Remit835};
use claims_store::{headers, ClaimHead, Decision, LoadedClaim, CLAIMS, DEADLETTER, OUTBOX};
use claims_test_support::{count_stream, publish_inbox, read_stream, settings_for, NatsServer};
use serde_json::Value;
use uuid::Uuid;

use crate::harness::Running;

const STATEMENTS: &str = "outbox.springfield-fp.statements";

pub(crate) fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// Appends a claim's history up to its acceptance by the payer, commit by commit, as the
/// earlier services would have.
pub(crate) async fn submitted_claim(system: &Running, encounter_id: &str) -> ClaimId {
    submitted_encounter(system, sample::encounter("springfield-fp", encounter_id)).await
}

/// Appends `encounter`'s history up to its acceptance by the payer.
pub(crate) async fn submitted_encounter(system: &Running, encounter: Encounter) -> ClaimId {
    let claim_id = ClaimId::for_encounter(&encounter.partner, &encounter.encounter_id);
    let mut head = ClaimHead::new(claim_id);
    for (n, events) in (1u64..).zip(submitted(encounter, "availity".parse().unwrap())) {
        let causation = Causation::Inbox {
            subject: "inbox.test.setup".into(),
            sequence: n,
            message_id: None,
        };
        let decision = Decision {
            service: "test".into(),
            actor: Actor::System,
            causation,
            correlation_id: Uuid::now_v7(),
            events,
        };
        let appended = system
            .store
            .append(head.clone(), decision, Utc::now())
            .await
            .expect("setup append");
        head.advance(&appended.stored);
    }
    claim_id
}

/// 99213 $125.00 and 82947 $18.00: paid $90.50, contractual $27.50, the patient owes $25.00.
/// `sign` -1 writes the same amounts negated, as payers write a reversal.
pub(crate) fn paid(claim_id: ClaimId, status: &'static str, sign: i64) -> ClaimPaid {
    ClaimPaid::sample(&claim_id.to_string(), status, sign).icn("ICN-1")
}

/// Publishes an 835 of `claims` under `trace` on `inbox.availity.era`; returns its sequence.
pub(crate) async fn send(
    system: &Running,
    message_id: &str,
    trace: &str,
    claims: Vec<ClaimPaid>,
) -> u64 {
    let remit = claims
        .into_iter()
        .fold(Remit835::new(trace, day(10)), Remit835::claim);
    let body = interchange(&[remit]).expect("the sample writes");
    publish_inbox(
        &system.client,
        "inbox.availity.era",
        message_id,
        body.as_bytes(),
    )
    .await
}

pub(crate) async fn json(
    client: &async_nats::Client,
    stream: &str,
    filter: &str,
    count: usize,
) -> Vec<Value> {
    let messages = read_stream(client, stream, filter, count, 30).await;
    messages
        .iter()
        .map(|m| serde_json::from_slice(&m.payload).expect("JSON"))
        .collect()
}

async fn receipts(system: &Running, count: usize) -> Vec<Value> {
    json(&system.client, OUTBOX, "outbox.availity.receipts", count).await
}

fn outcomes(receipt: &Value) -> Vec<&str> {
    receipt["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["outcome"].as_str().unwrap())
        .collect()
}

/// The claim's ledger checked after every one of its commits, and its parts at the end as
/// (paid, contractual, patient, denied, open) in cents.
pub(crate) fn books(claim: &LoadedClaim) -> (i64, i64, i64, i64, i64) {
    let mut state = Claim::default();
    for stored in &claim.commits {
        state = state.apply(&stored.commit);
        let l = state.ledger;
        assert_eq!(
            l.check(),
            Ok(()),
            "after commit #{}: {l:?}",
            stored.sequence
        );
        assert_eq!(
            l.charge,
            l.paid + l.contractual + l.patient_responsibility + l.written_off + l.open()
        );
    }
    let l = claim.state.ledger;
    (
        l.paid.0,
        l.contractual.0,
        l.patient_responsibility.0,
        l.denied.0,
        l.open().0,
    )
}

/// The event names of each commit the remittance service appended.
fn posted(claim: &LoadedClaim) -> Vec<Vec<&'static str>> {
    let ours = claim
        .commits
        .iter()
        .filter(|c| c.commit.service == "remittance");
    ours.map(|c| c.commit.events.iter().map(Event::name).collect())
        .collect()
}

#[tokio::test]
async fn a_payment_is_posted_to_the_cent_and_the_patient_gets_a_statement() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let claim_id = submitted_claim(&system, "ENC-PAID").await;

    let sequence = send(&system, "ERA-1", "EFT-1", vec![paid(claim_id, "1", 1)]).await;

    let receipt = &receipts(&system, 1).await[0];
    assert_eq!(
        (&receipt["status"], &receipt["outcome"]),
        (&"accepted".into(), &"posted".into()),
        "{receipt}"
    );
    assert_eq!(receipt["payments"][0]["claim_id"], claim_id.to_string());
    let claim = system.store.load(claim_id).await.unwrap();
    assert_eq!(books(&claim), (9050, 2750, 2500, 0, 0));
    assert_eq!(posted(&claim), [["RemittancePosted", "PatientBilled"]]);
    let commit = &claim.commits.last().unwrap().commit;
    assert!(matches!(&commit.causation, Causation::Inbox { sequence: s, .. } if *s == sequence));
    let Some(Event::PatientBilled(billed)) = commit.events.last() else {
        panic!("no PatientBilled")
    };

    let statement = &json(&system.client, OUTBOX, STATEMENTS, 1).await[0];
    assert_eq!(statement["schema"], "statement/v1");
    assert_eq!(statement["statement_id"], billed.statement_id.to_string());
    assert_eq!(statement["claim_id"], claim_id.to_string());
    assert_eq!(
        (
            &statement["totals"]["insurance_paid"],
            &statement["totals"]["you_owe"]
        ),
        (&"90.50".into(), &"25.00".into())
    );
    assert!(statement["html"]
        .as_str()
        .unwrap()
        .contains("You owe $25.00"));
    system.stop().await;
}

#[tokio::test]
async fn an_unbalanced_835_is_refused_with_the_claim_and_difference_and_kept_in_deadletter() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let claim_id = submitted_claim(&system, "ENC-UNBALANCED").await;
    // The claim's adjustments leave $90.50, but the payer says it paid $91.50.
    let mut wrong = paid(claim_id, "1", 1);
    wrong.paid = 9150;

    send(&system, "ERA-BAD", "EFT-BAD", vec![wrong]).await;

    let receipt = &receipts(&system, 1).await[0];
    assert_eq!(receipt["status"], "rejected", "{receipt}");
    let error = &receipt["errors"][0];
    assert_eq!(
        (&error["code"], &error["claim"]),
        (
            &"remittance.unbalanced".into(),
            &claim_id.to_string().into()
        )
    );
    assert_eq!(
        (&error["path"], &error["difference"]),
        (&format!("ST*0001/CLP*{claim_id}").into(), &"-1.00".into())
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("a difference of $1.00"),
        "{error}"
    );
    let dead = read_stream(&system.client, DEADLETTER, "deadletter.remittance", 1, 10).await;
    let reason = dead[0]
        .headers
        .as_ref()
        .and_then(|h| h.get(headers::DEADLETTER_REASON))
        .unwrap()
        .to_string();
    assert!(
        reason.contains(&claim_id.to_string()) && reason.contains("$1.00"),
        "{reason}"
    );
    let claim = system.store.load(claim_id).await.unwrap();
    assert_eq!(
        (claim.commits.len(), books(&claim)),
        (4, (0, 0, 0, 0, 14300)),
        "no claim changed"
    );
    system.stop().await;
}

#[tokio::test]
async fn the_same_835_twice_posts_once() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let claim_id = submitted_claim(&system, "ENC-TWICE").await;

    send(&system, "ERA-2", "EFT-2", vec![paid(claim_id, "1", 1)]).await;
    // The same message id is dropped by the inbox's duplicate window; the same file under a
    // new id is recognised by the claim: same trace, same claim, already posted.
    send(&system, "ERA-2", "EFT-2", vec![paid(claim_id, "1", 1)]).await;
    send(
        &system,
        "ERA-2-resent",
        "EFT-2",
        vec![paid(claim_id, "1", 1)],
    )
    .await;

    let receipts = receipts(&system, 2).await;
    assert_eq!(
        (outcomes(&receipts[0]), outcomes(&receipts[1])),
        (vec!["posted"], vec!["already_posted"])
    );
    assert_eq!(receipts[1]["outcome"], "unchanged");
    let claim = system.store.load(claim_id).await.unwrap();
    assert_eq!(
        (posted(&claim).len(), books(&claim)),
        (1, (9050, 2750, 2500, 0, 0))
    );
    assert_eq!(count_stream(&system.client, OUTBOX, STATEMENTS).await, 1);
    system.stop().await;
}

#[tokio::test]
async fn an_835_delivered_again_beyond_the_duplicate_window_changes_nothing_and_answers_the_same() {
    let server = NatsServer::start();
    let mut settings = settings_for(&server);
    settings.streams.duplicate_window_secs = 1;
    let system = Running::remittance(settings.clone()).await;
    let claim_id = submitted_claim(&system, "ENC-AGAIN").await;
    let stranger = ClaimPaid::new("ACCT-0042", "1", 5000, 4000).cas("CO", "45", 1000);
    send(
        &system,
        "ERA-3",
        "EFT-3",
        vec![paid(claim_id, "1", 1), stranger],
    )
    .await;
    let first = receipts(&system, 1).await.remove(0);
    let js = async_nats::jetstream::new(system.client.clone());
    system.stop().await;

    // Forget the consumer's progress, wait out the duplicate window, and start again: the
    // server delivers the same INBOX message a second time.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    js.get_stream("INBOX")
        .await
        .unwrap()
        .delete_consumer("remittance-era")
        .await
        .unwrap();
    let system = Running::remittance(settings).await;

    assert_eq!(receipts(&system, 2).await[1], first, "the same answer");
    let claim = system.store.load(claim_id).await.unwrap();
    assert_eq!(
        (posted(&claim).len(), books(&claim)),
        (1, (9050, 2750, 2500, 0, 0)),
        "posted once"
    );
    assert_eq!(
        count_stream(&system.client, CLAIMS, "claims.remit.EFT-3").await,
        1,
        "one suspense record"
    );
    let statements = json(&system.client, OUTBOX, STATEMENTS, 2).await;
    assert_eq!(
        statements[0]["statement_id"], statements[1]["statement_id"],
        "re-sent, same id"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_reversal_takes_back_the_payment_before_the_corrected_one_posts() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let claim_id = submitted_claim(&system, "ENC-REVERSED").await;
    send(&system, "ERA-4", "EFT-4", vec![paid(claim_id, "1", 1)]).await;
    receipts(&system, 1).await;
    // Re-adjudicated: coinsurance $10.00 instead of $20.00, so the payer pays $10.00 more.
    let mut corrected = paid(claim_id, "1", 1).icn("ICN-2");
    corrected.paid = 10050;
    corrected.lines[0].paid = 9050;
    corrected.lines[0].adjustments[1].2 = 1000;

    send(
        &system,
        "ERA-5",
        "EFT-5",
        vec![paid(claim_id, "22", -1), corrected],
    )
    .await;

    assert_eq!(
        outcomes(&receipts(&system, 2).await[1]),
        ["reversed", "posted"]
    );
    let claim = system.store.load(claim_id).await.unwrap();
    let reversal_commit = vec!["PaymentReversed", "RemittancePosted", "PatientBilled"];
    assert_eq!(
        posted(&claim),
        [vec!["RemittancePosted", "PatientBilled"], reversal_commit]
    );
    assert_eq!(books(&claim), (10050, 2750, 1500, 0, 0));
    let Some(Event::PaymentReversed(reversed)) =
        claim.commits.last().unwrap().commit.events.first().cloned()
    else {
        panic!("the reversal comes first")
    };
    assert_eq!(
        (
            reversed.trace.as_str(),
            reversed.reversed_trace.as_str(),
            reversed.paid.0
        ),
        ("EFT-5", "EFT-4", 9050)
    );
    system.stop().await;
}

#[tokio::test]
async fn payments_for_unknown_claims_go_to_suspense_and_the_rest_of_the_file_posts() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let claim_id = submitted_claim(&system, "ENC-KNOWN").await;
    let never_registered = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-NEVER");
    let unknown =
        ClaimPaid::new(&never_registered.to_string(), "1", 10000, 8000).cas("CO", "45", 2000);
    let not_ours = ClaimPaid::new("ACCT-77", "1", 5000, 5000);

    let sequence = send(
        &system,
        "ERA-6",
        "EFT-6",
        vec![paid(claim_id, "1", 1), unknown, not_ours],
    )
    .await;

    let receipt = receipts(&system, 1).await.remove(0);
    assert_eq!(outcomes(&receipt), ["posted", "suspense", "suspense"]);
    assert_eq!(
        (
            &receipt["payments"][1]["reason"],
            &receipt["payments"][2]["reason"]
        ),
        (&"claim.unknown".into(), &"claim.not_ours".into())
    );
    assert_eq!(
        books(&system.store.load(claim_id).await.unwrap()),
        (9050, 2750, 2500, 0, 0)
    );
    assert!(
        !system
            .store
            .load(never_registered)
            .await
            .unwrap()
            .state
            .exists(),
        "no claim made up"
    );
    let records = json(&system.client, CLAIMS, "claims.remit.EFT-6", 2).await;
    assert_eq!(
        (&records[0]["schema"], &records[0]["trace"]),
        (&"unmatched-remittance/v1".into(), &"EFT-6".into())
    );
    assert_eq!(
        (&records[0]["clp01"], &records[0]["paid"]),
        (&never_registered.to_string().into(), &"80.00".into())
    );
    assert_eq!(
        (&records[0]["payer"]["id"], &records[0]["inbox"]["sequence"]),
        (&"06102".into(), &sequence.into())
    );
    assert_eq!(
        (&records[1]["clp01"], &records[1]["reason"]),
        (&"ACCT-77".into(), &"claim.not_ours".into())
    );
    system.stop().await;
}

#[tokio::test]
async fn the_public_managed_care_sample_matches_no_claim_and_is_kept_in_suspense_whole() {
    let server = NatsServer::start();
    let system = Running::remittance(settings_for(&server)).await;
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../services/x12/tests/fixtures/managed-care.835"
    );
    let body = std::fs::read(fixture).expect("the fixture");

    publish_inbox(&system.client, "inbox.availity.era", "MANAGED-CARE", &body).await;

    let receipt = receipts(&system, 1).await.remove(0);
    assert_eq!(
        (&receipt["status"], &receipt["outcome"]),
        (&"accepted".into(), &"suspense".into()),
        "{receipt}"
    );
    let clp01s: Vec<&str> = receipt["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["clp01"].as_str().unwrap())
        .collect();
    assert_eq!(clp01s, ["5554555444", "8765432112"]);
    assert!(
        receipt["warnings"][0].as_str().unwrap().contains("BPR16"),
        "{receipt}"
    );
    let records = json(&system.client, CLAIMS, "claims.remit.7170066655", 2).await;
    assert_eq!(
        (&records[0]["paid"], &records[1]["paid"]),
        (&"450.00".into(), &"495.00".into())
    );
    assert_eq!(
        count_stream(&system.client, DEADLETTER, "deadletter.>").await,
        0,
        "accepted, not refused"
    );
    system.stop().await;
}
