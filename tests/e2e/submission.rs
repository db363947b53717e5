//! Submission end to end: coded claims become 837P batches that pyx12 accepts, with control
//! numbers from the log; scrub failures never leave; 999s and 277CAs move exactly the
//! claims they name, or change nothing; follow-up comes from a moved clock, never a sleep.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use claims_events::event::*;
use claims_events::{sample, Actor, Causation, ClaimId, ClaimStatus, Encounter, Event, PartnerId};
use claims_runtime::{CancellationToken, Clock, ManualClock, Settings, SystemClock};
use claims_store::{Decision, EventStore, LoadedClaim, DEADLETTER, OUTBOX, SUBMIT};
use claims_submission::batch_log::{control_number, BatchEntry, BatchLog, BatchRecord};
use claims_submission::SubmissionSettings;
use claims_test_support::{
    count_stream, publish_inbox, read_stream, settings_for, store, NatsServer,
};
use serde_json::Value;
use uuid::Uuid;

use crate::harness::{example, wait_for, wait_status, Running};

/// The submission service on its own shutdown token, so a test can restart it alone.
pub(crate) struct Submission(CancellationToken, tokio::task::JoinHandle<()>);

impl Submission {
    pub(crate) fn start(
        settings: &Settings,
        submission: SubmissionSettings,
        clock: Arc<dyn Clock>,
    ) -> Submission {
        let token = CancellationToken::new();
        let run = claims_submission::run_with(settings.clone(), submission, clock, token.clone());
        Submission(
            token,
            tokio::spawn(async move { run.await.expect("submission runs") }),
        )
    }

    pub(crate) async fn stop(self) {
        self.0.cancel();
        tokio::time::timeout(Duration::from_secs(20), self.1)
            .await
            .expect("stops")
            .expect("no panic");
    }
}

/// Quick batches; `max_claims` lets a test know exactly which claims share a batch.
pub(crate) fn quick(max_claims: usize) -> SubmissionSettings {
    SubmissionSettings {
        batch_max_claims: max_claims,
        batch_max_wait: Duration::from_secs(if max_claims > 1 { 10 } else { 1 }),
        follow_up_interval: Duration::from_millis(100),
        ..SubmissionSettings::default()
    }
}

/// Appends one commit as another service would have.
async fn append(store: &EventStore, id: ClaimId, events: Vec<Event>) {
    let claim = store.load(id).await.unwrap();
    let causation = Causation::Schedule {
        rule: format!("test-{}", Uuid::now_v7()),
        as_of: Utc::now().date_naive(),
    };
    let decision = Decision {
        service: "test".into(),
        actor: Actor::System,
        causation,
        correlation_id: Uuid::now_v7(),
        events,
    };
    store.append(&claim, decision, Utc::now()).await.unwrap();
}

/// A claim registered with confirmed coverage and coded, as registration and coding leave it.
async fn coded(store: &EventStore, encounter: Encounter) -> ClaimId {
    let id = ClaimId::for_encounter(&encounter.partner, &encounter.encounter_id);
    let confirmed = EligibilityConfirmed {
        payer_id: encounter.coverage.payer_id.clone(),
        plan: encounter.coverage.plan.clone(),
        coverage_start: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        coverage_end: None,
    };
    append(
        store,
        id,
        vec![
            Event::ClaimRegistered(ClaimRegistered { encounter }),
            Event::EligibilityConfirmed(confirmed),
        ],
    )
    .await;
    append(
        store,
        id,
        vec![Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })],
    )
    .await;
    id
}

fn submitted(claim: &LoadedClaim) -> &ClaimSubmitted {
    &claim.state.submissions.last().expect("submitted").event
}

/// The segments of an X12 text, each split into elements.
fn segments(text: &str) -> Vec<Vec<String>> {
    text.split('~')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.split('*').map(str::to_owned).collect())
        .collect()
}

/// Checks an 837's envelope and each claim's ST02 against the claims' `ClaimSubmitted`.
fn assert_control_numbers(text: &str, claims: &[&LoadedClaim]) {
    let segments = segments(text);
    let find = |id: &str| {
        segments
            .iter()
            .find(|s| s[0] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let control = submitted(claims[0]).interchange_control;
    assert_eq!(find("ISA")[13].parse::<u32>().unwrap(), control, "ISA13");
    assert_eq!(find("GS")[6].parse::<u32>().unwrap(), control, "GS06");
    let mut st02 = String::new();
    let mut seen = Vec::new();
    for segment in &segments {
        match segment[0].as_str() {
            "ST" => st02 = segment[2].clone(),
            "CLM" => seen.push((segment[1].clone(), st02.clone())),
            _ => {}
        }
    }
    let expected: Vec<(String, String)> = claims
        .iter()
        .map(|c| {
            (
                c.claim_id.to_string(),
                submitted(c).transaction_control.clone(),
            )
        })
        .collect();
    for pair in &expected {
        assert!(seen.contains(pair), "CLM01 and ST02 {pair:?} in {seen:?}");
    }
    assert_eq!(seen.len(), expected.len());
}

/// Runs pyx12's x12valid on the text; fails the test unless it says OK.
pub(crate) fn assert_pyx12_ok(name: &str, text: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let x12valid = std::env::var_os("PYX12_X12VALID")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            let venv = root.join(".venv-pyx12/bin/x12valid");
            if !venv.is_file() {
                let out = std::process::Command::new("bash")
                    .arg(root.join("scripts/pyx12.sh"))
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "scripts/pyx12.sh: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            venv
        });
    let dir = tempfile_dir();
    let file = dir.join(format!("{name}.837"));
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new(&x12valid)
        .arg(&file)
        .output()
        .expect("x12valid runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let ok = format!("{}: OK", file.display());
    assert!(
        said.lines().any(|l| l.trim() == ok) && !said.contains("Failure"),
        "pyx12:\n{said}\n{text}"
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("claims-submission-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) async fn outbox_837s(client: &async_nats::Client, count: usize) -> Vec<String> {
    let messages = read_stream(client, OUTBOX, "outbox.availity.837", count, 30).await;
    messages
        .iter()
        .map(|m| String::from_utf8(m.payload.to_vec()).unwrap())
        .collect()
}

#[tokio::test]
async fn coded_claims_become_one_837_that_pyx12_accepts_with_control_numbers_from_the_log() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::registration_and_coding(settings.clone()).await;
    publish_inbox(
        &system.client,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    read_stream(&system.client, OUTBOX, "outbox.medicare-il.receipts", 1, 20).await;
    let partner: PartnerId = "springfield-fp".parse().unwrap();
    let mut ids = Vec::new();
    for encounter_id in ["ENC-A", "ENC-B"] {
        let mut encounter: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
        encounter["encounter_id"] = encounter_id.into();
        publish_inbox(
            &system.client,
            "inbox.springfield-fp.encounter",
            encounter_id,
            &serde_json::to_vec(&encounter).unwrap(),
        )
        .await;
        ids.push(ClaimId::for_encounter(&partner, encounter_id));
    }
    for id in &ids {
        wait_status(&system.store, *id, ClaimStatus::Coded).await;
    }
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));

    let a = wait_status(&system.store, ids[0], ClaimStatus::Submitted).await;
    let b = wait_status(&system.store, ids[1], ClaimStatus::Submitted).await;
    assert_eq!(
        submitted(&a).batch_id,
        submitted(&b).batch_id,
        "one batch for one payer"
    );
    assert_eq!(submitted(&a).frequency, Frequency::Original);
    let text = &outbox_837s(&system.client, 1).await[0];
    assert_control_numbers(text, &[&a, &b]);
    assert!(
        text.contains("CLM*") && text.contains("*11:B:1*"),
        "frequency 1 in CLM05"
    );
    assert_pyx12_ok("two-claims", text);
    let log = BatchLog::open(system.store.clone()).await.unwrap();
    let marked = wait_for_marker(&log, submitted(&a).batch_id).await;
    assert_eq!(marked.transactions.len(), 2);
    submission.stop().await;
    system.stop().await;
}

async fn wait_for_marker(
    log: &BatchLog,
    batch_id: Uuid,
) -> claims_submission::batch_log::BatchPublished {
    for _ in 0..200 {
        if let Some((_, BatchEntry::Published(marker))) = log.last(&batch_id).await.unwrap() {
            return marker;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("batch {batch_id} never marked published")
}

#[tokio::test]
async fn every_batch_gets_new_control_numbers_also_after_a_restart() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let first = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let a = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let a = wait_status(&store, a, ClaimStatus::Submitted).await;
    let b = coded(&store, sample::encounter("springfield-fp", "ENC-B")).await;
    let b = wait_status(&store, b, ClaimStatus::Submitted).await;
    first.stop().await;
    let second = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let c = coded(&store, sample::encounter("springfield-fp", "ENC-C")).await;
    let c = wait_status(&store, c, ClaimStatus::Submitted).await;

    let controls: Vec<u32> = [&a, &b, &c]
        .iter()
        .map(|c| submitted(c).interchange_control)
        .collect();
    assert!(
        controls[0] != controls[1] && controls[1] != controls[2] && controls[0] != controls[2],
        "{controls:?}"
    );
    let texts = outbox_837s(&store.client(), 3).await;
    for (text, claim) in texts.iter().zip([&a, &b, &c]) {
        assert_control_numbers(text, &[claim]);
    }
    second.stop().await;
}

#[tokio::test]
async fn a_claim_that_fails_its_payers_rules_gets_every_finding_and_never_goes_out() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    // Blue Cross files within 180 days and requires the group number.
    let mut encounter = sample::encounter("springfield-fp", "ENC-LATE");
    encounter.coverage.payer_id = "bluecross-il".parse().unwrap();
    encounter.service_date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let id = coded(&store, encounter).await;

    let claim = wait_status(&store, id, ClaimStatus::ScrubFailed).await;
    let rules: Vec<&str> = claim
        .state
        .scrub_findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["timely_filing.expired", "group_number.required"]);
    assert_eq!(claim.commits.last().unwrap().commit.service, "submission");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        count_stream(&store.client(), OUTBOX, "outbox.>").await,
        0,
        "no 837"
    );
    assert_eq!(
        count_stream(&store.client(), SUBMIT, "submit.>").await,
        0,
        "never queued"
    );
    submission.stop().await;
}

/// Wraps transaction set bodies in an interchange from the clearinghouse.
fn from_clearinghouse(functional_id: &str, version: &str, set_id: &str, body: &[String]) -> String {
    let mut text = "ISA*00*          *00*          *ZZ*AVAILITY       *ZZ*SUBM12345      *261127*0830*^*00501*000000901*0*T*:~".to_owned();
    text += &format!("GS*{functional_id}*AVAILITY*SUBM12345*20261127*0830*901*X*{version}~ST*{set_id}*0001*{version}~");
    for segment in body {
        text += &format!("{segment}~");
    }
    text + &format!("SE*{}*0001~GE*1*901~IEA*1*000000901~", body.len() + 2)
}

fn ack_999(control: u32, rejected_st02: &str) -> String {
    let body = [
        format!("AK1*HC*{control}*005010X222A1"),
        "AK2*837*0001*005010X222A1".into(),
        "IK5*A".into(),
        format!("AK2*837*{rejected_st02}*005010X222A1"),
        "IK3*NM1*12**8".into(),
        "IK4*9*67*7".into(),
        "IK5*R*5".into(),
        "AK9*P*2*2*1".into(),
    ];
    from_clearinghouse("FA", "005010X231A1", "999", &body)
}

/// A 277CA: each claim accepted with a payer claim number, or rejected with a message.
fn ack_277(claims: &[(String, Result<&str, &str>)]) -> String {
    let mut body: Vec<String> = [
        "BHT*0085*08*T901*20261127*0830*TH",
        "HL*1**20*1",
        "NM1*PR*2*AVAILITY*****PI*12345",
        "TRN*1*T901",
        "DTP*050*D8*20261127",
        "DTP*009*D8*20261127",
        "HL*2*1*21*1",
        "NM1*41*2*SPRINGFIELD BILLING*****46*SUBM12345",
        "TRN*2*T901",
        "STC*A1:19*20261127*WQ*286.00",
        "HL*3*2*19*1",
        "NM1*85*2*SPRINGFIELD FAMILY PRACTICE*****XX*1234567893",
        "TRN*1*0",
        "STC*A1:19**WQ*286.00",
    ]
    .map(String::from)
    .to_vec();
    for (n, (claim_id, verdict)) in claims.iter().enumerate() {
        body.push(format!("HL*{}*3*PT", n + 4));
        body.push("NM1*QC*1*EXAMPLE*ADA****MI*1EG4TE5MK73".into());
        body.push(format!("TRN*2*{claim_id}"));
        match verdict {
            Ok(number) => body.extend([
                "STC*A2:20*20261127*WQ*143.00".to_owned(),
                format!("REF*1K*{number}"),
            ]),
            Err(message) => body.push(format!("STC*A7:562:85*20261127*U*143.00********{message}")),
        }
        body.push("DTP*472*D8*20261120".into());
    }
    from_clearinghouse("HN", "005010X214", "277", &body)
}

async fn receipt(client: &async_nats::Client, n: usize) -> Value {
    let receipts = read_stream(client, OUTBOX, "outbox.availity.receipts", n, 20).await;
    serde_json::from_slice(&receipts[n - 1].payload).unwrap()
}

/// Two coded claims sent together in one batch; returns them in ST02 order.
async fn two_submitted(store: &EventStore) -> (LoadedClaim, LoadedClaim) {
    let a = coded(store, sample::encounter("springfield-fp", "ENC-A")).await;
    let b = coded(store, sample::encounter("springfield-fp", "ENC-B")).await;
    let a = wait_status(store, a, ClaimStatus::Submitted).await;
    let b = wait_status(store, b, ClaimStatus::Submitted).await;
    assert_eq!(submitted(&a).batch_id, submitted(&b).batch_id);
    if submitted(&a).transaction_control < submitted(&b).transaction_control {
        (a, b)
    } else {
        (b, a)
    }
}

#[tokio::test]
async fn a_999_rejecting_one_transaction_set_rejects_exactly_that_claim() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));
    let (first, second) = two_submitted(&store).await;
    let control = submitted(&second).interchange_control;
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "999-1",
        ack_999(control, "0002").as_bytes(),
    )
    .await;

    let rejected = wait_status(&store, second.claim_id, ClaimStatus::Rejected).await;
    let Some(Event::ClaimRejected(rejection)) =
        rejected.commits.last().unwrap().commit.events.first()
    else {
        panic!()
    };
    assert_eq!(rejection.acknowledgment, Acknowledgment::Implementation999);
    assert!(
        rejection.reasons.iter().any(|r| r.code == "IK4:9:7"),
        "{:?}",
        rejection.reasons
    );
    assert_eq!(receipt(&store.client(), 1).await["status"], "accepted");
    assert_eq!(
        store.load(first.claim_id).await.unwrap().state.status(),
        ClaimStatus::Submitted,
        "its neighbour stays"
    );
    submission.stop().await;
}

#[tokio::test]
async fn a_277ca_accepts_one_claim_keeping_the_payers_number_and_rejects_the_other() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));
    let (first, second) = two_submitted(&store).await;
    let file = ack_277(&[
        (first.claim_id.to_string(), Ok("26331000123")),
        (second.claim_id.to_string(), Err("BILLING NPI NOT ON FILE")),
    ]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-1",
        file.as_bytes(),
    )
    .await;

    let accepted = wait_status(&store, first.claim_id, ClaimStatus::Accepted).await;
    assert_eq!(
        accepted.state.payer_claim_number.as_deref(),
        Some("26331000123")
    );
    let rejected = wait_status(&store, second.claim_id, ClaimStatus::Rejected).await;
    assert_eq!(rejected.state.rejections[0].code, "A7:562:85");
    assert_eq!(
        rejected.state.rejections[0].message,
        "BILLING NPI NOT ON FILE"
    );
    assert_eq!(receipt(&store.client(), 1).await["status"], "accepted");
    submission.stop().await;
}

#[tokio::test]
async fn an_unmatched_or_malformed_acknowledgment_is_refused_kept_and_changes_nothing() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let before = wait_status(&store, id, ClaimStatus::Submitted).await;
    let stranger = ClaimId::for_encounter(&"elsewhere".parse().unwrap(), "X-1");
    let file = ack_277(&[
        (id.to_string(), Ok("26331000123")),
        (stranger.to_string(), Ok("26331000124")),
    ]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-X",
        file.as_bytes(),
    )
    .await;
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-Y",
        &file.as_bytes()[..200],
    )
    .await;

    let refused = receipt(&store.client(), 1).await;
    assert_eq!(refused["status"], "rejected", "{refused}");
    assert_eq!(refused["message_id"], "277-X");
    assert_eq!(
        refused["errors"][0]["code"], "ack.unmatched_claim",
        "{refused}"
    );
    assert_eq!(
        receipt(&store.client(), 2).await["errors"][0]["code"],
        "x12.syntax"
    );
    let kept = read_stream(&store.client(), DEADLETTER, "deadletter.submission", 2, 20).await;
    assert_eq!(
        kept[0].payload.as_ref(),
        file.as_bytes(),
        "the original, byte for byte"
    );
    let after = store.load(id).await.unwrap();
    assert_eq!(
        after.commits.len(),
        before.commits.len(),
        "the matched claim did not change either"
    );
    submission.stop().await;
}

#[tokio::test]
async fn follow_up_is_due_once_the_clock_passes_the_payers_follow_up_days() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let clock = ManualClock::at(Utc::now());
    let submission = Submission::start(&settings, quick(1), Arc::new(clock.clone()));
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    wait_status(&store, id, ClaimStatus::Submitted).await;
    clock.advance(chrono::Duration::days(29));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !store.load(id).await.unwrap().state.follow_up_due,
        "Medicare waits 30 days"
    );

    clock.advance(chrono::Duration::days(2));
    let claim = wait_for(&store, id, "due for follow-up", |c| c.state.follow_up_due).await;
    let Some(Event::FollowUpDue(due)) = claim.commits.last().unwrap().commit.events.first() else {
        panic!()
    };
    assert_eq!(due.days_waiting, 31);
    assert!(
        matches!(&claim.commits.last().unwrap().commit.causation, Causation::Schedule { rule, .. } if rule == "follow_up")
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        store.load(id).await.unwrap().commits.len(),
        claim.commits.len(),
        "flagged once"
    );
    submission.stop().await;
}

#[tokio::test]
async fn a_claim_not_yet_filed_is_flagged_as_its_timely_filing_limit_nears() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let clock = ManualClock::at(Utc::now());
    // Aetna files within 90 days; 70 days after the visit, 20 are left.
    let mut encounter = sample::encounter("springfield-fp", "ENC-SLOW");
    encounter.coverage.payer_id = "aetna".parse().unwrap();
    encounter.service_date = clock.now().date_naive() - chrono::Days::new(70);
    let id = ClaimId::for_encounter(&encounter.partner, "ENC-SLOW");
    let issue = CodingIssue {
        rule: "icd10.not_billable".into(),
        path: "$.diagnoses[0]".into(),
        message: "a category".into(),
    };
    append(
        &store,
        id,
        vec![Event::ClaimRegistered(ClaimRegistered { encounter })],
    )
    .await;
    append(
        &store,
        id,
        vec![Event::CodingIssuesFound(CodingIssuesFound {
            code_set: "FY2026".into(),
            issues: vec![issue],
        })],
    )
    .await;
    let submission = Submission::start(&settings, quick(1), Arc::new(clock.clone()));

    let claim = wait_for(&store, id, "warned", |c| c.commits.len() == 3).await;
    let Some(Event::DeadlineApproaching(soon)) = claim.commits[2].commit.events.first() else {
        panic!("{claim:?}")
    };
    assert_eq!(
        (soon.kind, soon.days_left),
        (DeadlineKind::TimelyFiling, 20)
    );
    clock.advance(chrono::Duration::days(21));
    let claim = wait_for(&store, id, "told the limit passed", |c| {
        c.commits.len() == 4
    })
    .await;
    assert!(matches!(
        claim.commits[3].commit.events[0],
        Event::DeadlinePassed(_)
    ));
    submission.stop().await;
}

#[tokio::test]
async fn a_batch_whose_claims_were_marked_but_never_sent_is_sent_by_recovery() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    // What a batcher killed after marking the claim and before publishing leaves behind.
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let log = BatchLog::open(store.clone()).await.unwrap();
    let record = BatchRecord {
        batch_id: Uuid::now_v7(),
        clearinghouse: "availity".parse().unwrap(),
        payer_id: "medicare-il".parse().unwrap(),
        claims: vec![id],
        created_at: Utc::now(),
    };
    let sequence = log.record(&record).await.unwrap();
    let mark = ClaimSubmitted {
        batch_id: record.batch_id,
        clearinghouse: record.clearinghouse.clone(),
        payer_id: record.payer_id.clone(),
        payer_order: claims_events::PayerOrder::Primary,
        frequency: Frequency::Original,
        charge: claims_events::Cents(14300),
        interchange_control: control_number(sequence),
        group_control: control_number(sequence),
        transaction_control: "0001".into(),
    };
    append(&store, id, vec![Event::ClaimSubmitted(mark)]).await;
    let recovery = SubmissionSettings {
        recovery_after: Duration::from_secs(1),
        ..quick(1)
    };
    let submission = Submission::start(&settings, recovery, Arc::new(SystemClock));

    let text = &outbox_837s(&store.client(), 1).await[0];
    assert_control_numbers(text, &[&store.load(id).await.unwrap()]);
    assert_pyx12_ok("recovered", text);
    let marker = wait_for_marker(&log, record.batch_id).await;
    assert_eq!(marker.by, "recovery");
    submission.stop().await;
}

#[tokio::test]
async fn a_corrected_claim_goes_out_as_frequency_7_with_the_payers_claim_number() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let encounter = sample::encounter("springfield-fp", "ENC-A");
    let mut coding = encounter.coding.clone();
    let id = coded(&store, encounter).await;
    wait_status(&store, id, ClaimStatus::Submitted).await;
    let file = ack_277(&[(id.to_string(), Ok("26331000123"))]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-1",
        file.as_bytes(),
    )
    .await;
    wait_status(&store, id, ClaimStatus::Accepted).await;

    coding.lines[1].charge = claims_events::Cents(2000);
    let correction = CorrectedClaimPrepared {
        operator: "biller-3".into(),
        coding,
        frequency: Frequency::Replacement,
        payer_claim_number: None,
        note: Some("glucose test charge corrected".into()),
    };
    append(&store, id, vec![Event::CorrectedClaimPrepared(correction)]).await;
    append(
        &store,
        id,
        vec![Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })],
    )
    .await;

    let claim = wait_for(&store, id, "sent again", |c| c.state.submissions.len() == 2).await;
    assert_eq!(submitted(&claim).frequency, Frequency::Replacement);
    let text = &outbox_837s(&store.client(), 2).await[1];
    assert!(
        text.contains("*11:B:7*") && text.contains("REF*F8*26331000123~"),
        "{text}"
    );
    assert_control_numbers(text, &[&claim]);
    assert_pyx12_ok("corrected", text);
    submission.stop().await;
}
