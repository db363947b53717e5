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
            Event::ClaimSubmitted(ClaimSubmitted {
                batch_id: uuid::Uuid::now_v7(),
                clearinghouse: "availity".parse().unwrap(),
                payer_id: "medicare-il".parse().unwrap(),
                payer_order: PayerOrder::Primary,
                frequency: Frequency::Original,
                charge: Cents(14300),
                interchange_control: 1,
                group_control: 1,
                transaction_control: "0001".into(),
            }),
            Event::ClaimAccepted(ClaimAccepted {
                acknowledgment: Acknowledgment::ClaimAck277,
                payer_claim_number: Some(payer_claim_number.into()),
                status_code: "A2:20".into(),
            }),
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

#[tokio::test]
async fn a_carc_16_denial_is_corrected_and_rechecked_for_a_replacement_claim() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-16", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T16",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "16", 14300, None)],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(
        (case.open[0].category, case.open[0].action),
        (
            DenialCategory::MissingInformation,
            RecommendedAction::CorrectAndResubmit
        )
    );

    let receipt = command(&system, "denial-correct", json!({
        "schema": "denial-correct/v1", "claim_id": claim, "operator": "biller-3",
        "diagnoses": ["E11.65", "I10"],
        "lines": [
            {"procedure": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "diagnosis_pointers": [1, 2]},
            {"procedure": "82947", "units": 1, "charge": "18.00", "diagnosis_pointers": [1]}
        ],
        "note": "diagnosis specificity the payer asked for"
    })).await;
    assert_eq!(
        (receipt["status"].as_str(), receipt["outcome"].as_str()),
        (Some("accepted"), Some("CorrectedClaimPrepared")),
        "{receipt}"
    );

    let case = wait_for(&system.store, claim, "re-checked by coding", |c| {
        c.claim.status() == ClaimStatus::Coded
    })
    .await;
    assert_eq!(
        case.claim.pending_frequency,
        Some(Frequency::Replacement),
        "goes out as frequency 7"
    );
    assert_eq!(
        case.claim.payer_claim_number.as_deref(),
        Some("PCN-1"),
        "REF*F8 has the payer's number"
    );
    assert_eq!(
        case.claim.coding.as_ref().unwrap().diagnoses[0].as_str(),
        "E11.65"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_carc_50_denial_is_appealed_with_a_letter_and_later_paid() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-50", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T50",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "50", 14300, Some(1))],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    let appeal_deadline = today() - Days::new(10) + Days::new(120);
    assert_eq!(
        (case.open[0].action, case.open[0].deadline),
        (RecommendedAction::Appeal, Some(appeal_deadline))
    );

    let receipt = command(
        &system,
        "appeal-file",
        json!({
            "schema": "appeal-file/v1", "claim_id": claim, "operator": "biller-3", "level": 1,
            "reason": "the chart documents medical necessity; records enclosed"
        }),
    )
    .await;
    assert_eq!(receipt["outcome"], "AppealFiled", "{receipt}");
    let letters = read_stream(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.appeals",
        1,
        20,
    )
    .await;
    let letter: Value = serde_json::from_slice(&letters[0].payload).unwrap();
    assert_eq!(
        (letter["schema"].as_str(), letter["level"].as_u64()),
        (Some("appeal-letter/v1"), Some(1))
    );
    let text = letter["text"].as_str().unwrap();
    assert!(
        text.contains("CO-50 line 1")
            && text.contains("PCN-1")
            && text.contains("records enclosed"),
        "{text}"
    );
    assert!(letter["html"]
        .as_str()
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let case = wait_for(&system.store, claim, "appealed", |c| {
        c.claim.status() == ClaimStatus::Appealed
    })
    .await;
    assert_eq!(case.claim.appeals[0].deadline, appeal_deadline);
    assert_eq!(
        case.claim.appeals[0].letter_id.to_string(),
        letter["letter_id"].as_str().unwrap()
    );

    // The payer's decision arrives as another 835: paid in full.
    append(
        &system.store,
        claim,
        vec![remittance(
            "T50-2",
            ClaimPaymentStatus::Processed(1),
            14300,
            vec![],
        )],
    )
    .await;
    let case = wait_for(&system.store, claim, "paid", |c| {
        c.claim.status() == ClaimStatus::Paid
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        claims_denials::scan::load_case(&system.store, claim)
            .await
            .unwrap()
            .claim
            .version,
        case.claim.version,
        "nothing to triage"
    );
    assert!(case.open.is_empty());
    system.stop().await;
}

#[tokio::test]
async fn fee_schedule_reductions_are_written_off_by_rule_and_the_ledger_balances() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-45", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T45",
            ClaimPaymentStatus::Processed(1),
            8000,
            vec![
                adj("CO", "45", 3000, Some(1)),
                adj("PI", "45", 1500, Some(1)),
                adj("CO", "97", 1800, Some(2)),
            ],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    let written: Vec<BalanceWrittenOff> = history(&system.store, claim)
        .await
        .into_iter()
        .filter_map(|e| match e {
            Event::BalanceWrittenOff(w) => Some(w),
            _ => None,
        })
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(
        (written[0].amount, &written[0].decided_by),
        (
            Cents(1500),
            &Decision::Rule("carc-45-fee-schedule-write-off".into())
        )
    );
    let ledger = case.claim.ledger;
    assert_eq!(
        (
            ledger.paid,
            ledger.contractual,
            ledger.written_off,
            ledger.denied,
            ledger.open()
        ),
        (
            Cents(8000),
            Cents(3000),
            Cents(1500),
            Cents(1800),
            Cents(1800)
        )
    );
    assert!(ledger.check().is_ok());
    assert_eq!(
        case.claim.status(),
        ClaimStatus::PartiallyPaid,
        "the bundled line is still to work"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_duplicate_is_linked_to_the_original_and_never_resubmitted() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-18", "PCN-ORIGINAL").await;
    let mut duplicate = remittance(
        "T18",
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("OA", "18", 14300, None)],
    );
    if let Event::RemittancePosted(r) = &mut duplicate {
        r.payer_claim_number = Some("PCN-DUPLICATE".into());
    }
    append(&system.store, claim, vec![duplicate]).await;
    triaged(&system.store, claim).await;
    let linked = DuplicateLinked {
        payer_claim_number: Some("PCN-ORIGINAL".into()),
        decided_by: Decision::Rule("carc-18-duplicate-link".into()),
    };
    assert!(history(&system.store, claim)
        .await
        .contains(&Event::DuplicateLinked(linked)));
    // Nothing is at risk from a duplicate: the claim waits on the original, under its number.
    let state = system.store.load(claim).await.unwrap().state;
    assert_eq!(state.status(), ClaimStatus::Accepted);
    assert_eq!(state.ledger.denied, Cents::ZERO);
    assert_eq!(state.payer_claim_number.as_deref(), Some("PCN-ORIGINAL"));

    let receipt = command(&system, "denial-correct", json!({
        "schema": "denial-correct/v1", "claim_id": claim, "operator": "biller-3", "diagnoses": ["E11.9"],
        "lines": [{"procedure": "99213", "units": 1, "charge": "143.00", "diagnosis_pointers": [1]}]
    })).await;
    assert_eq!(
        (
            receipt["status"].as_str(),
            receipt["errors"][0]["code"].as_str()
        ),
        (Some("rejected"), Some("denial.duplicate")),
        "{receipt}"
    );
    assert!(!history(&system.store, claim)
        .await
        .iter()
        .any(|e| matches!(e, Event::CorrectedClaimPrepared(_))));
    system.stop().await;
}

#[tokio::test]
async fn a_carc_27_denial_is_rebilled_to_the_other_coverage() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-27", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T27",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "27", 14300, None)],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(case.open[0].action, RecommendedAction::BillAnotherPayer);

    let receipt = command(&system, "rebill", json!({
        "schema": "rebill/v1", "claim_id": claim, "operator": "biller-3", "payer_id": "aetna", "reason": "Medicare coverage ended; Aetna is in force"
    })).await;
    assert_eq!(receipt["outcome"], "RebilledToPayer", "{receipt}");
    let case = wait_for(&system.store, claim, "rebilled", |c| {
        c.claim.status() == ClaimStatus::Coded
    })
    .await;
    assert_eq!(
        case.claim.coverage.as_ref().map(|c| c.payer_id.as_str()),
        Some("aetna"),
        "submission sends it to Aetna next"
    );
    assert_eq!(
        (
            case.claim.ledger.denied,
            case.claim.payer_claim_number.clone()
        ),
        (Cents::ZERO, None)
    );
    system.stop().await;
}

#[tokio::test]
async fn a_claim_paid_in_full_refuses_denial_actions() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-PAID", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "TP",
            ClaimPaymentStatus::Processed(1),
            14300,
            vec![],
        )],
    )
    .await;
    let before = history(&system.store, claim).await;
    let receipt = command(&system, "write-off", json!({
        "schema": "write-off/v1", "claim_id": claim, "operator": "biller-3", "amount": "10.00", "reason": "small_balance"
    })).await;
    assert_eq!(receipt["status"], "rejected");
    assert_eq!(
        receipt["errors"][0]["code"], "claim.paid_in_full",
        "{receipt}"
    );
    assert_eq!(
        history(&system.store, claim).await,
        before,
        "nothing recorded"
    );
    assert_eq!(
        count_stream(&system.client, "DEADLETTER", "deadletter.denials").await,
        1,
        "kept with the other refusals"
    );
    system.stop().await;
}

#[tokio::test]
async fn approaching_and_passed_deadlines_are_announced_once_each_as_a_manual_clock_moves() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-DL", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "TDL",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "50", 14300, None)],
        )],
    )
    .await;
    let deadline = triaged(&system.store, claim).await.open[0]
        .deadline
        .unwrap();

    let noon = |date: NaiveDate| Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).unwrap());
    let clock = ManualClock::at(noon(deadline - Days::new(20)));
    let sweeper =
        |clock: &ManualClock| Sweeper::new(system.store.clone(), Arc::new(clock.clone()), 14, 16);
    let (first, second) = (sweeper(&clock), sweeper(&clock));
    let notices = |events: Vec<Event>| {
        events
            .into_iter()
            .filter(|e| matches!(e, Event::DeadlineApproaching(_) | Event::DeadlinePassed(_)))
            .collect::<Vec<_>>()
    };

    assert_eq!(first.sweep_once().await.unwrap().commits, 0, "20 days left");
    clock.advance(chrono::Duration::days(10));
    assert_eq!(first.sweep_once().await.unwrap().commits, 1);
    assert_eq!(
        second.sweep_once().await.unwrap().commits,
        0,
        "another instance, the same day"
    );
    clock.advance(chrono::Duration::days(1));
    assert_eq!(
        first.sweep_once().await.unwrap().commits,
        0,
        "announced already"
    );
    clock.advance(chrono::Duration::days(10));
    assert_eq!(
        second.sweep_once().await.unwrap().commits,
        1,
        "one day past"
    );
    assert_eq!(
        notices(history(&system.store, claim).await),
        [
            Event::DeadlineApproaching(DeadlineApproaching {
                kind: DeadlineKind::Appeal,
                deadline,
                days_left: 10
            }),
            Event::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::Appeal,
                deadline
            }),
        ]
    );
    let last = system
        .store
        .load(claim)
        .await
        .unwrap()
        .commits
        .pop()
        .unwrap()
        .commit;
    assert_eq!(
        last.causation,
        Causation::Schedule {
            rule: "denial-deadlines".into(),
            as_of: deadline + Days::new(1)
        }
    );
    system.stop().await;
}

#[tokio::test]
async fn a_front_end_rejection_is_triaged_for_correction() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-REJ", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![Event::ClaimRejected(ClaimRejected {
            acknowledgment: Acknowledgment::ClaimAck277,
            reasons: vec![RejectionReason {
                code: "A7:164".into(),
                message: "subscriber id invalid".into(),
            }],
        })],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(
        (case.open[0].category, case.open[0].reason.as_str()),
        (DenialCategory::FrontEndRejection, "A7:164")
    );
    // `claims worklist denials` reads the queue from the log this way.
    let cases = claims_denials::scan::open_cases(&system.store)
        .await
        .unwrap();
    let queue = claims_denials::worklist::build(&cases, today());
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].claim_id, queue[0].amount_at_risk, queue[0].status),
        (claim, Cents(14300), ClaimStatus::Rejected)
    );
    system.stop().await;
}

#[tokio::test]
async fn a_pr_denial_is_billed_to_the_patient_with_a_statement() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-204", "PCN-1").await;
    let mut posting = remittance(
        "T204",
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("PR", "204", 14300, None)],
    );
    if let Event::RemittancePosted(r) = &mut posting {
        r.patient_share.other = Cents(14300);
    }
    append(&system.store, claim, vec![posting]).await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(case.open[0].action, RecommendedAction::BillPatient);

    let receipt = command(
        &system,
        "bill-patient",
        json!({"schema": "bill-patient/v1", "claim_id": claim, "operator": "biller-3"}),
    )
    .await;
    assert_eq!(receipt["outcome"], "PatientBilled", "{receipt}");
    let statements = read_stream(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.statements",
        1,
        20,
    )
    .await;
    let statement: Value = serde_json::from_slice(&statements[0].payload).unwrap();
    assert_eq!(
        (
            statement["schema"].as_str(),
            statement["totals"]["you_owe"].as_str()
        ),
        (Some("statement/v1"), Some("143.00")),
        "{statement}"
    );
    let case = wait_for(&system.store, claim, "billed", |c| {
        c.claim.status() == ClaimStatus::PatientBilled
    })
    .await;
    assert!(history(&system.store, claim).await.iter().any(|e| matches!(e, Event::PatientBilled(b) if b.amount == Cents(14300) && b.statement_id.to_string() == statement["statement_id"].as_str().unwrap_or_default())));
    assert_eq!(case.claim.ledger.open(), Cents::ZERO);
    system.stop().await;
}
