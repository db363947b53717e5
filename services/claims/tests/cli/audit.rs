//! `claims audit` end to end: a real claim (registered by the registration service from the
//! documented encounter, then taken through coding, submission, payment and a statement by
//! commits appended as each service would), shown, shown as of a moment, exported, verified;
//! then forged with a raw NATS client and broken by a ledger violation, and verify names them.
//!
//! The commands are run as the operator runs them: the `claims` binary.

use std::time::Duration;

use chrono::{DateTime, Utc};
use claims_events::event::*;
use claims_events::{codec, subjects, Actor, Causation, Cents, ClaimId, Commit, CommitHash};
use claims_events::{sample, PartnerId};
use claims_store::{Decision as Append, EventStore};
use claims_test_support::{publish_inbox, NatsServer};
use serde_json::Value;
use uuid::Uuid;

use crate::support::{claims_binary, example, Registration};

const PARTNER: &str = "springfield-fp";

fn claim_id() -> ClaimId {
    ClaimId::for_encounter(&PARTNER.parse::<PartnerId>().unwrap(), "ENC-2026-000123")
}

/// Runs `claims <args>` against the server; returns the exit code and standard output.
async fn claims(server: &NatsServer, args: &[&str]) -> (i32, String) {
    let output = tokio::process::Command::new(claims_binary())
        .args(args)
        .env("CLAIMS_NATS_URL", server.url())
        .env_remove("CLAIMS_CONFIG")
        .output()
        .await
        .expect("claims runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "claims {args:?} exited {code}: {stderr}"
    );
    (code, stdout)
}

/// Appends one decision to the claim as a service would, recorded at `at`; its sequence.
async fn append(
    store: &EventStore,
    service: &str,
    causation: Causation,
    event: Event,
    at: DateTime<Utc>,
) -> u64 {
    let claim = store.load(claim_id()).await.expect("the claim loads");
    let decision = Append {
        service: service.into(),
        actor: Actor::System,
        causation,
        correlation_id: Uuid::now_v7(),
        events: vec![event],
    };
    store
        .append(&claim, decision, at)
        .await
        .expect("append")
        .sequence
}

fn payment() -> Event {
    let adjustment = |group, reason: &str, amount| Adjustment {
        group,
        reason: reason.into(),
        amount: Cents(amount),
        line: None,
    };
    Event::RemittancePosted(RemittancePosted {
        trace: "7170066655".into(),
        payer_id: "medicare-il".parse().unwrap(),
        paid_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
        status: ClaimPaymentStatus::Processed(1),
        billed: Cents(14_300),
        paid: Cents(9_800),
        allowed: Some(Cents(11_800)),
        patient_share: PatientShare {
            coinsurance: Cents(2_000),
            ..Default::default()
        },
        adjustments: vec![
            adjustment(AdjustmentGroup::Contractual, "45", 2_500),
            adjustment(AdjustmentGroup::PatientResponsibility, "2", 2_000),
        ],
        remarks: vec![],
        payer_claim_number: Some("PCN123".into()),
        lines: vec![],
    })
}

/// A partner message that caused a step: subject, `Nats-Msg-Id`, payload.
type Message = Option<(&'static str, &'static str, Vec<u8>)>;

/// The cycle after registration: the deciding service, the partner message behind the
/// decision (else it was caused by the claim's previous commit), and what it decided.
fn after_registration() -> Vec<(&'static str, Message, Event)> {
    let eligibility = example("eligibility-active.json");
    let era = b"ISA*00*          *00*~TRN*1*7170066655~".to_vec();
    vec![
        (
            "registration",
            Some(("inbox.springfield-fp.eligibility", "ELIG-1", eligibility)),
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: "medicare-il".parse().unwrap(),
                plan: "Medicare Part B".into(),
                coverage_start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                coverage_end: None,
            }),
        ),
        (
            "coding",
            None,
            Event::ClaimCoded(ClaimCoded {
                code_set: "ICD-10-CM FY2026".into(),
            }),
        ),
        (
            "submission",
            None,
            Event::ClaimSubmitted(sample::submitted(
                Uuid::from_u128(7),
                "medicare-il",
                Cents(14_300),
            )),
        ),
        (
            "submission",
            Some(("inbox.availity.277ca", "277-1", b"ISA*00*~".to_vec())),
            Event::ClaimAccepted(sample::accepted(Some("PCN123"))),
        ),
        (
            "remittance",
            Some(("inbox.availity.835", "835-1", era)),
            payment(),
        ),
        (
            "denials",
            None,
            Event::PatientBilled(PatientBilled {
                amount: Cents(2_000),
                statement_id: Uuid::from_u128(11),
            }),
        ),
    ]
}

/// The claim through its whole cycle: registered by the registration service, then the
/// rest appended one day apart. Returns the server, the store, the INBOX sequence of the
/// encounter and the times of the commits after registration.
async fn full_cycle() -> (NatsServer, EventStore, u64, Vec<DateTime<Utc>>) {
    let server = NatsServer::start();
    let system = Registration::start(&server).await;
    let encounter = example("encounter-self.json");
    let subject = "inbox.springfield-fp.encounter";
    let inbox = publish_inbox(&system.client, subject, "ENC-1", &encounter).await;
    let (store, client) = (system.store.clone(), system.client.clone());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while store.load(claim_id()).await.unwrap().commits.is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "never registered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    system.stop().await;

    let mut days = Vec::new();
    let mut previous = store.load(claim_id()).await.unwrap().last_sequence();
    for (day, (service, message, event)) in after_registration().into_iter().enumerate() {
        let causation = match message {
            Some((subject, id, payload)) => Causation::Inbox {
                subject: subject.into(),
                sequence: publish_inbox(&client, subject, id, &payload).await,
                message_id: Some(id.into()),
            },
            None => Causation::Commit {
                claim_id: claim_id(),
                sequence: previous,
            },
        };
        days.push(Utc::now() + chrono::Duration::days(day as i64 + 1));
        previous = append(&store, service, causation, event, days[day]).await;
    }
    (server, store, inbox, days)
}

/// Asserts that a line of the output, trimmed, starts with `start`; returns that line.
fn line<'a>(output: &'a str, start: &str) -> &'a str {
    let found = output.lines().map(str::trim).find(|l| l.starts_with(start));
    found.unwrap_or_else(|| panic!("no line starting with {start:?} in\n{output}"))
}

/// Publishes bytes on a subject as any NATS client allowed to could; their sequence.
async fn raw_publish(store: &EventStore, subject: String, bytes: Vec<u8>) -> u64 {
    let ack = store
        .jetstream()
        .publish(subject, bytes.into())
        .await
        .unwrap();
    ack.await.unwrap().sequence
}

#[tokio::test]
async fn a_claim_through_the_whole_cycle_is_shown_and_verifies() {
    let (server, _store, inbox, _) = full_cycle().await;
    let id = claim_id().to_string();

    let (code, text) = claims(&server, &["audit", "show", &id]).await;
    assert_eq!(code, 0, "{text}");
    line(
        &text,
        &format!("Claim {id} — 7 commit(s), hash chain intact"),
    );
    let original = format!("original: INBOX #{inbox} (inbox.springfield-fp.encounter, ");
    assert_eq!(
        line(&text, &original),
        format!("{original}message id ENC-1)")
    );
    let payment = line(
        &text,
        "- Payment of $98.00 posted from 835 trace 7170066655; ",
    );
    assert!(payment.ends_with("; $25.00 contractual adjustment CO-45; $20.00 patient responsibility PR-2; patient owes $20.00"));
    let after_payment = text.lines().skip_while(|l| l.trim() != payment).nth(1);
    assert_eq!(
        after_payment.map(str::trim),
        Some("status paid · charged $143.00 · paid $98.00 · patient $20.00 · adjusted $25.00 · open $0.00")
    );
    line(&text, "status patient_billed · ");

    let (code, report) = claims(&server, &["audit", "verify", &id]).await;
    assert_eq!(code, 0, "{report}");
    line(&report, &format!("OK: claim {id} verified: 7 message(s)"));
    let (code, report) = claims(&server, &["audit", "verify", "--all"]).await;
    assert_eq!((code, report.lines().count()), (0, 1), "{report}");
    assert!(line(&report, "OK: the log verified").contains("7 commit(s) of 1 claim(s)"));
}

#[tokio::test]
async fn as_of_shows_the_claim_as_it_stood_before_and_after_the_payment() {
    let (server, _store, _, days) = full_cycle().await;
    let id = claim_id().to_string();

    // The acceptance is on days[3], the payment a day later.
    let before = days[3].date_naive().to_string();
    let (_, text) = claims(&server, &["audit", "show", &id, "--as-of", &before]).await;
    assert!(line(&text, "Claim ").ends_with("— 5 of 7 commit(s), hash chain intact"));
    assert!(!text.contains("Payment of"), "{text}");
    let last = text.lines().rev().find(|l| l.contains("status ")).unwrap();
    assert!(last
        .trim()
        .starts_with("status accepted · charged $143.00 · paid $0.00"));

    let at_payment = days[4].to_rfc3339();
    let args = ["audit", "show", &id, "--as-of", &at_payment, "--json"];
    let history: Value = serde_json::from_str(&claims(&server, &args).await.1).unwrap();
    assert_eq!(history["status"], "paid");
    assert_eq!(history["commits"].as_array().unwrap().len(), 6);
    assert_eq!(history["commits"][5]["after"]["paid"], "98.00");
}

#[tokio::test]
async fn the_export_leads_to_the_original_encounter_and_re_verifies() {
    let (server, _store, inbox, _) = full_cycle().await;
    let file = server.dir().join("export.json");
    let id = claim_id().to_string();
    let args = ["audit", "export", &id, "--output", file.to_str().unwrap()];
    assert_eq!(claims(&server, &args).await.0, 0);
    let export: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let commits = export["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 7);

    let original = &commits[0]["original"];
    assert_eq!(original["stream"], "INBOX");
    assert_eq!(original["sequence"], inbox);
    assert_eq!(original["subject"], "inbox.springfield-fp.encounter");
    assert_eq!(original["message_id"], "ENC-1");
    let encounter = String::from_utf8(example("encounter-self.json")).unwrap();
    assert_eq!(original["payload"], encounter.as_str());
    assert_eq!(commits[4]["original"]["message_id"], "277-1");
    assert_eq!(commits[2]["original"], Value::Null, "caused by a commit");

    // What an auditor does with the file alone: hash each commit's bytes, follow the links.
    let mut previous = Value::Null;
    for commit in commits {
        let bytes = base64_decode(commit["stored_base64"].as_str().unwrap());
        assert_eq!(CommitHash::of(&bytes).to_string(), commit["hash"]);
        assert_eq!(commit["previous_hash"], previous);
        previous = commit["hash"].clone();
    }
}

#[tokio::test]
async fn forged_messages_are_named_by_verify() {
    let (server, store, _, _) = full_cycle().await;
    let id = claim_id();
    let claim = store.load(id).await.unwrap();
    // A well-formed commit paying $98.00 again, whose previous hash is made up.
    let forged = Commit {
        commit_id: Uuid::now_v7(),
        previous_hash: Some(CommitHash([0xab; 32])),
        previous_sequences: claim.sequences(),
        events: vec![payment()],
        ..claim.commits[0].commit.clone()
    };
    let forged_at = raw_publish(&store, subjects::claim(&id), codec::encode(&forged)).await;
    let other = ClaimId::for_encounter(&PARTNER.parse().unwrap(), "ENC-OTHER");
    let garbage = b"{\"paid\": 100000}".to_vec();
    let garbage_at = raw_publish(&store, subjects::claim(&other), garbage).await;

    let (code, report) = claims(&server, &["audit", "verify", &id.to_string()]).await;
    assert_eq!(code, 1, "{report}");
    line(
        &report,
        &format!("#{forged_at} claim {id}: tampered or forged: previous hash abab"),
    );
    assert_eq!(report.lines().count(), 2, "{report}");
    line(&report, &format!("FAILED: 1 problem(s) in claim {id}"));

    let (code, report) = claims(&server, &["audit", "verify", "--all"]).await;
    assert_eq!(code, 1, "{report}");
    line(
        &report,
        &format!("#{forged_at} claim {id}: tampered or forged: "),
    );
    line(
        &report,
        &format!("#{garbage_at} claim {other}: not a commit: "),
    );
    line(&report, "FAILED: 2 problem(s) in the log");
    // The services refuse to decide on the forged history too.
    assert!(store.load(id).await.is_err());
}

#[tokio::test]
async fn ledger_violations_are_named_by_verify() {
    let (server, store, _, days) = full_cycle().await;
    let later = days[5] + chrono::Duration::days(1);
    let rule = |rule: &str| Causation::Schedule {
        rule: rule.into(),
        as_of: later.date_naive(),
    };
    // Nothing is open after the statement: $10.00 written off makes a credit balance.
    let write_off = Event::BalanceWrittenOff(BalanceWrittenOff {
        amount: Cents(1_000),
        reason: WriteOffReason::SmallBalance,
        decided_by: Decision::Rule("small-balance".into()),
        note: None,
    });
    let written_off_at = append(&store, "denials", rule("small"), write_off, later).await;
    // $98.00 was paid: reversing $198.00 leaves paid negative.
    let reversal = Event::PaymentReversed(PaymentReversed {
        trace: "7170066699".into(),
        reversed_trace: "7170066655".into(),
        paid: Cents(19_800),
        patient_share: PatientShare::default(),
        adjustments: vec![],
    });
    let reversed_at = append(&store, "remittance", rule("reversal"), reversal, later).await;

    let (code, report) = claims(&server, &["audit", "verify", &claim_id().to_string()]).await;
    assert_eq!((code, report.lines().count()), (1, 3), "{report}");
    let written_off = line(&report, &format!("#{written_off_at} claim"));
    assert!(written_off
        .ends_with(": $10.00 written off, more than was open: leaves a credit balance of $10.00"));
    let reversed = line(&report, &format!("#{reversed_at} claim"));
    assert!(reversed.ends_with(": ledger broken after this commit: paid is negative (-$100.00)"));
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextets: Vec<u32> = text
        .bytes()
        .filter(|&b| b != b'=')
        .map(|b| ALPHABET.iter().position(|&a| a == b).unwrap() as u32)
        .collect();
    sextets
        .chunks(4)
        .flat_map(|chunk| {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &s)| n | s << (18 - 6 * i));
            (0..chunk.len() - 1).map(move |i| (n >> (16 - 8 * i)) as u8)
        })
        .collect()
}
