//! Registration and coding together: coverage checked, codes checked against the real
//! ICD-10-CM FY2026 code set, the coding worklist, and a coder's correction.

use claims_events::claim::Eligibility;
use claims_events::{ClaimId, ClaimStatus, Event, PartnerId};
use claims_store::{LoadedClaim, OUTBOX};
use claims_test_support::{publish_inbox, read_stream, settings_for, NatsServer};
use serde_json::{json, Value};

use crate::harness::{example, wait_status, Running};

fn claim_id(encounter_id: &str) -> ClaimId {
    ClaimId::for_encounter(
        &"springfield-fp".parse::<PartnerId>().unwrap(),
        encounter_id,
    )
}

fn encounter_with(encounter_id: &str, diagnoses: Value) -> Vec<u8> {
    let mut encounter: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    encounter["encounter_id"] = encounter_id.into();
    encounter["diagnoses"] = diagnoses;
    serde_json::to_vec(&encounter).unwrap()
}

fn event_names(claim: &LoadedClaim) -> Vec<Vec<&'static str>> {
    claim
        .commits
        .iter()
        .map(|c| c.commit.events.iter().map(Event::name).collect())
        .collect()
}

#[tokio::test]
async fn a_covered_encounter_with_billable_codes_is_registered_then_coded() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    system.coverage_on_file().await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;

    let claim = wait_status(
        &system.store,
        claim_id("ENC-2026-000123"),
        ClaimStatus::Coded,
    )
    .await;
    assert_eq!(
        event_names(&claim),
        vec![
            vec!["ClaimRegistered", "EligibilityConfirmed"],
            vec!["ClaimCoded"]
        ]
    );
    assert_eq!(claim.state.eligibility, Eligibility::Confirmed);
    assert_eq!(claim.commits[1].commit.service, "coding");
    system.stop().await;
}

#[tokio::test]
async fn a_held_claim_is_coded_once_its_eligibility_arrives() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;
    wait_status(
        &system.store,
        claim_id("ENC-2026-000123"),
        ClaimStatus::EligibilityHold,
    )
    .await;

    publish_inbox(
        &system.client,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    let claim = wait_status(
        &system.store,
        claim_id("ENC-2026-000123"),
        ClaimStatus::Coded,
    )
    .await;
    assert_eq!(
        event_names(&claim),
        vec![
            vec!["ClaimRegistered", "EligibilityPending"],
            vec!["EligibilityConfirmed"],
            vec!["ClaimCoded"]
        ]
    );
    system.stop().await;
}

#[tokio::test]
async fn coverage_that_ended_before_the_visit_stops_the_claim_with_the_reason() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    let mut lapsed: Value = serde_json::from_slice(&example("eligibility-active.json")).unwrap();
    lapsed["coverage_end"] = "2026-06-30".into();
    publish_inbox(
        &system.client,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &serde_json::to_vec(&lapsed).unwrap(),
    )
    .await;
    read_stream(&system.client, OUTBOX, "outbox.medicare-il.receipts", 1, 20).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-1",
        &example("encounter-self.json"),
    )
    .await;

    let claim = wait_status(
        &system.store,
        claim_id("ENC-2026-000123"),
        ClaimStatus::CoverageLapsed,
    )
    .await;
    let Event::CoverageLapsed(lapse) = &claim.commits[0].commit.events[1] else {
        panic!("{:?}", claim.commits[0])
    };
    assert!(
        lapse.reason.contains("2026-06-30"),
        "the reason names the end date: {}",
        lapse.reason
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        system
            .store
            .load(claim.claim_id)
            .await
            .unwrap()
            .commits
            .len(),
        1,
        "never coded, never billed"
    );
    system.stop().await;
}

#[tokio::test]
async fn an_encounter_with_several_problems_gets_one_receipt_naming_them_all() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "BAD-1",
        &example("encounter-invalid.json"),
    )
    .await;
    let receipt = read_stream(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.receipts",
        1,
        20,
    )
    .await;
    let receipt: Value = serde_json::from_slice(&receipt[0].payload).unwrap();
    let expected: Value = serde_json::from_slice(&example("receipt-rejected.json")).unwrap();
    assert_eq!(receipt["status"], "rejected");
    assert_eq!(
        receipt["errors"], expected["errors"],
        "the documented receipt is what partners get"
    );
    assert!(receipt["errors"].as_array().unwrap().len() >= 3);
    system.stop().await;
}

#[tokio::test]
async fn a_claim_with_coding_issues_waits_for_a_coder_whose_correction_moves_it_on() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    system.coverage_on_file().await;
    // E11 is a category, not a billable code; S72.001 lacks its 7th character.
    publish_inbox(
        &system.client,
        "inbox.springfield-fp.encounter",
        "ENC-9",
        &encounter_with("ENC-9", json!(["E11", "S72.001"])),
    )
    .await;

    let claim = wait_status(&system.store, claim_id("ENC-9"), ClaimStatus::CodingIssues).await;
    let rules: Vec<&str> = claim
        .state
        .coding_issues
        .iter()
        .map(|i| i.rule.as_str())
        .collect();
    assert!(
        rules.contains(&"icd10.not_billable") && rules.contains(&"icd10.seventh_character"),
        "{rules:?}"
    );

    let correction = json!({
        "schema": "code-correct/v1",
        "claim_id": claim_id("ENC-9"),
        "operator": "coder-7",
        "diagnoses": ["E11.9", "S72.001A"],
        "lines": [
            {"procedure": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "diagnosis_pointers": [1, 2]},
            {"procedure": "82947", "units": 1, "charge": "18.00", "diagnosis_pointers": [1]}
        ],
        "note": "more specific codes from the chart"
    });
    publish_inbox(
        &system.client,
        "inbox.ops.code-correct",
        "FIX-1",
        &serde_json::to_vec(&correction).unwrap(),
    )
    .await;

    let claim = wait_status(&system.store, claim_id("ENC-9"), ClaimStatus::Coded).await;
    let last = &claim.commits.last().unwrap().commit;
    assert_eq!(
        last.events.iter().map(Event::name).collect::<Vec<_>>(),
        vec!["CodingCorrected", "ClaimCoded"]
    );
    assert_eq!(
        last.actor,
        claims_events::Actor::Operator("coder-7".into()),
        "the correction carries the operator"
    );
    let receipt = read_stream(&system.client, OUTBOX, "outbox.ops.receipts", 1, 20).await;
    let receipt: Value = serde_json::from_slice(&receipt[0].payload).unwrap();
    assert_eq!(receipt["status"], "accepted", "{receipt}");
    system.stop().await;
}

#[tokio::test]
async fn a_correction_for_a_claim_that_cannot_take_one_is_refused_and_changes_nothing() {
    let server = NatsServer::start();
    let system = Running::registration_and_coding(settings_for(&server)).await;
    let correction = json!({
        "schema": "code-correct/v1", "claim_id": claim_id("NO-SUCH"), "operator": "coder-7",
        "diagnoses": ["E11.9"],
        "lines": [{"procedure": "99213", "units": 1, "charge": "125.00", "diagnosis_pointers": [1]}]
    });
    publish_inbox(
        &system.client,
        "inbox.ops.code-correct",
        "FIX-1",
        &serde_json::to_vec(&correction).unwrap(),
    )
    .await;
    let receipt = read_stream(&system.client, OUTBOX, "outbox.ops.receipts", 1, 20).await;
    let receipt: Value = serde_json::from_slice(&receipt[0].payload).unwrap();
    assert_eq!(receipt["status"], "rejected");
    assert!(system
        .store
        .load(claim_id("NO-SUCH"))
        .await
        .unwrap()
        .commits
        .is_empty());
    system.stop().await;
}
