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

mod acks;
mod batches;
mod corrections;
mod follow_up;

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
