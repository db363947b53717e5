//! Operators resolving the suspense list end to end: a payment held because its CLP01 was
//! mistyped is applied to the right claim through `inbox.ops.suspense-resolve` (posted to
//! the cent, off the worklist, once however often the command comes), a claim it does not
//! fit refuses it, a stranger's payment is dismissed, and an item that is not held cannot be
//! resolved.

use std::sync::atomic::{AtomicU64, Ordering};

use claims_events::{sample, Actor, Causation, ClaimId};
use claims_remittance::sample::ClaimPaid;
use claims_store::{CLAIMS, DEADLETTER, OUTBOX};
use claims_test_support::{count_stream, publish_inbox, read_stream, settings_for, NatsServer};
use serde_json::{json, Value};

use crate::harness::{ReadSide, Running};
use crate::remittance::{books, json as stream_json, send, submitted_claim, submitted_encounter};

static COMMANDS: AtomicU64 = AtomicU64::new(1);

/// The payment `remittance::paid` makes for a claim, under whatever CLP01 the payer typed:
/// $90.50 paid of $143.00, the patient owes $25.00.
fn payment(clp01: &str) -> ClaimPaid {
    ClaimPaid::sample(clp01, "1", 1).icn("ICN-1")
}

/// The claim's id with its last digit changed, as a hand-typed CLP01 would have it: shaped
/// like our ids, naming no claim.
fn mistyped(claim_id: ClaimId) -> String {
    let mut text = claim_id.to_string();
    let last = text.pop().unwrap();
    text.push(if last == '0' { '1' } else { '0' });
    text
}

/// Publishes `body` as a `suspense-resolve/v1` under `message_id` and returns its receipt.
async fn resolve_as(system: &Running, message_id: &str, body: &Value) -> Value {
    let before = count_stream(&system.client, OUTBOX, "outbox.ops.receipts").await as usize;
    publish_inbox(
        &system.client,
        "inbox.ops.suspense-resolve",
        message_id,
        &serde_json::to_vec(body).unwrap(),
    )
    .await;
    receipt_of(system, message_id, before + 1).await
}

async fn resolve(system: &Running, body: &Value) -> Value {
    let id = format!("RESOLVE-{}", COMMANDS.fetch_add(1, Ordering::Relaxed));
    resolve_as(system, &id, body).await
}

/// The last receipt answering `message_id` once `count` receipts are out.
async fn receipt_of(system: &Running, message_id: &str, count: usize) -> Value {
    let receipts = read_stream(&system.client, OUTBOX, "outbox.ops.receipts", count, 30).await;
    receipts
        .iter()
        .map(|m| serde_json::from_slice::<Value>(&m.payload).unwrap())
        .filter(|r| r["message_id"] == message_id)
        .last()
        .expect("the receipt answers the command")
}

fn apply(trace: &str, clp01: &str, claim_id: ClaimId) -> Value {
    json!({"schema": "suspense-resolve/v1", "trace": trace, "clp01": clp01, "operator": "biller-3",
           "action": "apply", "claim_id": claim_id})
}

fn codes(receipt: &Value) -> Vec<(&str, &str)> {
    receipt["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("a rejection: {receipt}"))
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect()
}

/// Waits up to 30 s for the worklist's CLP01s (sorted) and its count to be `want`.
async fn worklist_becomes(read: &ReadSide, want: &[&str]) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let projection = read.projection.get();
        let mut held: Vec<String> = projection
            .unmatched()
            .unwrap()
            .into_iter()
            .map(|item| item.patient_control_number)
            .collect();
        held.sort();
        let count = projection
            .counter("worklist/unmatched-remittances")
            .unwrap();
        if held == want && count == want.len() as i64 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the worklist holds {held:?} (count {count}), not {want:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_mistyped_payment_is_applied_to_the_right_claim_once_and_leaves_the_list() {
    let server = NatsServer::start();
    let mut settings = settings_for(&server);
    settings.streams.duplicate_window_secs = 1;
    let system = Running::remittance(settings.clone()).await;
    let read = ReadSide::start(&settings, &system.store).await;
    let right = submitted_claim(&system, "ENC-RIGHT").await;
    let mut encounter = sample::encounter("springfield-fp", "ENC-OTHER-LINES");
    encounter.coding.lines[1].procedure = "85025".parse().unwrap();
    let other_lines = submitted_encounter(&system, encounter).await;
    let typo = mistyped(right);

    send(&system, "ERA-TYPO", "EFT-TYPO", vec![payment(&typo)]).await;
    worklist_becomes(&read, &[typo.as_str()]).await;
    let held = read.projection.get().unmatched().unwrap().remove(0);
    assert_eq!((held.reason.as_str(), held.amount), ("claim.unknown", 9050));

    // A claim whose lines the payment does not fit refuses it, and nothing is recorded.
    let deadletters = count_stream(&system.client, DEADLETTER, "deadletter.remittance").await;
    let refused = resolve(&system, &apply("EFT-TYPO", &typo, other_lines)).await;
    assert_eq!(refused["status"], "rejected", "{refused}");
    assert_eq!(codes(&refused), [("$.claim_id", "line.unmatched")]);
    let other = system.store.load(other_lines).await.unwrap();
    assert!(
        other
            .commits
            .iter()
            .all(|c| c.commit.service != "remittance"),
        "nothing posted to the claim that does not fit"
    );
    assert_eq!(
        count_stream(&system.client, CLAIMS, "claims.remit.EFT-TYPO").await,
        1,
        "no resolution recorded"
    );
    assert_eq!(
        count_stream(&system.client, DEADLETTER, "deadletter.remittance").await,
        deadletters + 1,
        "the refused command is kept"
    );

    // The right claim takes it: posted to the cent, by the operator, caused by the command.
    let applied = resolve_as(&system, "RESOLVE-RIGHT", &apply("EFT-TYPO", &typo, right)).await;
    assert_eq!(
        (
            &applied["status"],
            &applied["outcome"],
            &applied["claim_id"]
        ),
        (
            &"accepted".into(),
            &"RemittancePosted,PatientBilled".into(),
            &right.to_string().into()
        ),
        "{applied}"
    );
    let claim = system.store.load(right).await.unwrap();
    assert_eq!(books(&claim), (9050, 2750, 2500, 0, 0));
    let posting = claim.commits.last().unwrap();
    assert_eq!(posting.commit.actor, Actor::Operator("biller-3".into()));
    assert!(matches!(
        &posting.commit.causation,
        Causation::Inbox { subject, .. } if subject == "inbox.ops.suspense-resolve"
    ));
    let statement = stream_json(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.statements",
        1,
    )
    .await
    .remove(0);
    assert_eq!(
        (&statement["claim_id"], &statement["totals"]["you_owe"]),
        (&right.to_string().into(), &"25.00".into())
    );
    let records = stream_json(&system.client, CLAIMS, "claims.remit.EFT-TYPO", 2).await;
    let resolution = &records[1];
    assert_eq!(
        (
            &resolution["schema"],
            &resolution["action"],
            &resolution["claim_id"]
        ),
        (
            &"suspense-resolution/v1".into(),
            &"applied".into(),
            &right.to_string().into()
        )
    );
    assert_eq!(
        (
            &resolution["clp01"],
            &resolution["occurrence"],
            &resolution["operator"],
            &resolution["command"]["message_id"]
        ),
        (
            &typo.as_str().into(),
            &1.into(),
            &"biller-3".into(),
            &"RESOLVE-RIGHT".into()
        )
    );
    worklist_becomes(&read, &[]).await;
    assert_eq!(
        read.projection
            .get()
            .counter("total/unmatched_amount")
            .unwrap(),
        0
    );

    // The same resolution again (another operator, another message) changes nothing.
    let again = resolve(&system, &apply("EFT-TYPO", &typo, right)).await;
    assert_eq!(
        (&again["status"], &again["outcome"]),
        (&"accepted".into(), &"unchanged".into()),
        "{again}"
    );

    // The first command delivered again beyond the duplicate window: the same receipt.
    let client = system.client.clone();
    let js = async_nats::jetstream::new(client.clone());
    system.stop().await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    js.get_stream("INBOX")
        .await
        .unwrap()
        .delete_consumer("remittance-suspense-resolve")
        .await
        .unwrap();
    let receipts = count_stream(&client, OUTBOX, "outbox.ops.receipts").await as usize;
    let system = Running::remittance(settings).await;
    // All three commands are delivered again, in order: three more receipts.
    assert_eq!(
        receipt_of(&system, "RESOLVE-RIGHT", receipts + 3).await,
        applied,
        "the same answer"
    );
    // Sent again by the operator's client with the same Nats-Msg-Id, after the duplicate
    // window: a new INBOX message, the same answer.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        resolve_as(&system, "RESOLVE-RIGHT", &apply("EFT-TYPO", &typo, right)).await,
        applied,
        "the same answer to the same message id"
    );
    let claim = system.store.load(right).await.unwrap();
    assert_eq!(
        claim
            .commits
            .iter()
            .filter(|c| c.commit.service == "remittance")
            .count(),
        1,
        "posted once"
    );
    assert_eq!(books(&claim), (9050, 2750, 2500, 0, 0));
    assert_eq!(
        count_stream(&system.client, CLAIMS, "claims.remit.EFT-TYPO").await,
        2,
        "one resolution"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_strangers_payment_is_dismissed_and_what_is_not_held_cannot_be_resolved() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::remittance(settings.clone()).await;
    let read = ReadSide::start(&settings, &system.store).await;
    let stranger = ClaimPaid::new("ACCT-77", "1", 5000, 4000).cas("CO", "45", 1000);
    let typo = "ACCT-78";
    send(
        &system,
        "ERA-STRANGER",
        "EFT-STRANGER",
        vec![stranger, payment(typo)],
    )
    .await;
    worklist_becomes(&read, &["ACCT-77", typo]).await;

    let dismiss = json!({"schema": "suspense-resolve/v1", "trace": "EFT-STRANGER", "clp01": "ACCT-77",
                         "operator": "biller-7", "action": "dismiss", "reason": "not_our_patient",
                         "note": "Shelbyville Clinic's patient"});
    let dismissed = resolve(&system, &dismiss).await;
    assert_eq!(
        (&dismissed["status"], &dismissed["outcome"]),
        (&"accepted".into(), &"dismissed".into()),
        "{dismissed}"
    );
    let records = stream_json(&system.client, CLAIMS, "claims.remit.EFT-STRANGER", 3).await;
    assert_eq!(
        (
            &records[2]["schema"],
            &records[2]["action"],
            &records[2]["reason"],
            &records[2]["note"],
            &records[2]["operator"],
            &records[2]["claim_id"]
        ),
        (
            &"suspense-resolution/v1".into(),
            &"dismissed".into(),
            &"not_our_patient".into(),
            &"Shelbyville Clinic's patient".into(),
            &"biller-7".into(),
            &Value::Null
        )
    );
    worklist_becomes(&read, &[typo]).await;
    assert_eq!(
        read.projection
            .get()
            .counter("total/unmatched_amount")
            .unwrap(),
        9050,
        "the other payment is still held"
    );

    for (body, what) in [
        (
            json!({"schema": "suspense-resolve/v1", "trace": "EFT-STRANGER", "clp01": "ACCT-77", "occurrence": 2,
                   "operator": "biller-7", "action": "dismiss", "reason": "duplicate_payment"}),
            "a second ACCT-77 under the trace",
        ),
        (
            json!({"schema": "suspense-resolve/v1", "trace": "EFT-NEVER", "clp01": "ACCT-77",
                   "operator": "biller-7", "action": "dismiss", "reason": "refund_requested"}),
            "a trace never held",
        ),
    ] {
        let refused = resolve(&system, &body).await;
        assert_eq!(
            codes(&refused),
            [("$", "suspense.not_found")],
            "{what}: {refused}"
        );
    }
    assert_eq!(
        count_stream(&system.client, CLAIMS, "claims.remit.>").await,
        3,
        "nothing recorded for them"
    );
    worklist_becomes(&read, &[typo]).await;
    system.stop().await;
}
