//! The golden corpus: commits encoded by earlier builds must decode, unchanged, for ever.
//!
//! Each `tests/golden/*.bin` was written by the build that introduced it, with a `.json`
//! beside it showing what it means. This test decodes every file, checks that it re-encodes
//! to the same bytes and still means the same thing, and that every event variant appears.
//! To add files for new variants: `GOLDEN_WRITE=1 cargo test -p claims-events --test golden`
//! (it only writes files that do not exist yet; it never rewrites history).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use claims_events::codec;
use claims_events::event::*;
use claims_events::sample;
use claims_events::*;
use uuid::Uuid;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + seconds, 0).expect("valid time")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("valid date")
}

fn payer() -> PayerId {
    "medicare-il".parse().unwrap()
}

fn adjustments() -> Vec<event::Adjustment> {
    vec![
        event::Adjustment {
            group: AdjustmentGroup::Contractual,
            reason: "45".into(),
            amount: Cents(2500),
            line: Some(1),
        },
        event::Adjustment {
            group: AdjustmentGroup::PatientResponsibility,
            reason: "2".into(),
            amount: Cents(2000),
            line: Some(1),
        },
    ]
}

/// One commit per group of events, covering every variant of `Event`.
fn corpus() -> Vec<(&'static str, Vec<Event>)> {
    let encounter = sample::encounter("springfield-fp", "ENC-GOLDEN-1");
    let coding = encounter.coding.clone();
    let coverage = encounter.coverage.clone();
    vec![
        (
            "registered",
            vec![
                Event::ClaimRegistered(ClaimRegistered {
                    encounter: encounter.clone(),
                }),
                Event::EligibilityConfirmed(EligibilityConfirmed {
                    payer_id: payer(),
                    plan: "Medicare Part B".into(),
                    coverage_start: day(1),
                    coverage_end: None,
                }),
            ],
        ),
        (
            "amended",
            vec![
                Event::EncounterAmended(EncounterAmended {
                    encounter,
                    changed: vec!["$.place_of_service".into()],
                }),
                Event::EligibilityPending(EligibilityPending {
                    payer_id: payer(),
                    reason: "no eligibility answer for this member".into(),
                }),
                Event::CoverageLapsed(CoverageLapsed {
                    payer_id: payer(),
                    coverage_start: Some(day(1)),
                    coverage_end: Some(day(2)),
                    reason: "coverage ended".into(),
                }),
            ],
        ),
        (
            "coding",
            vec![
                Event::CodingIssuesFound(CodingIssuesFound {
                    code_set: "ICD-10-CM FY2026".into(),
                    issues: vec![CodingIssue {
                        rule: "icd10.not_billable".into(),
                        path: "$.diagnoses[0]".into(),
                        message: "E11 is a category".into(),
                    }],
                }),
                Event::CodingCorrected(CodingCorrected {
                    operator: "coder-7".into(),
                    coding: coding.clone(),
                    note: Some("more specific".into()),
                }),
                Event::ClaimCoded(ClaimCoded {
                    code_set: "ICD-10-CM FY2026".into(),
                }),
            ],
        ),
        (
            "submission",
            vec![
                Event::ScrubFailed(ScrubFailed {
                    payer_id: payer(),
                    findings: vec![ScrubFinding {
                        rule: "timely_filing".into(),
                        message: "past 365 days".into(),
                    }],
                }),
                Event::ClaimSubmitted(ClaimSubmitted {
                    batch_id: Uuid::from_u128(7),
                    clearinghouse: "availity".parse().unwrap(),
                    payer_id: payer(),
                    payer_order: PayerOrder::Primary,
                    frequency: Frequency::Original,
                    charge: Cents(14300),
                    interchange_control: 101,
                    group_control: 101,
                    transaction_control: "0001".into(),
                }),
                Event::ClaimAccepted(ClaimAccepted {
                    acknowledgment: Acknowledgment::ClaimAck277,
                    payer_claim_number: Some("PCN123".into()),
                    status_code: "A2:20".into(),
                }),
                Event::ClaimRejected(ClaimRejected {
                    acknowledgment: Acknowledgment::Implementation999,
                    reasons: vec![RejectionReason {
                        code: "A3:21".into(),
                        message: "missing subscriber id".into(),
                    }],
                }),
                Event::FollowUpDue(FollowUpDue {
                    submitted_on: day(3),
                    days_waiting: 30,
                }),
            ],
        ),
        (
            "remittance",
            vec![
                Event::RemittancePosted(RemittancePosted {
                    trace: "7170066655".into(),
                    payer_id: payer(),
                    paid_on: day(20),
                    status: ClaimPaymentStatus::Processed(1),
                    billed: Cents(14300),
                    paid: Cents(9800),
                    allowed: Some(Cents(11800)),
                    patient_share: PatientShare {
                        deductible: Cents(0),
                        coinsurance: Cents(2000),
                        copay: Cents(0),
                        other: Cents(0),
                    },
                    adjustments: adjustments(),
                    remarks: vec!["N130".into()],
                    payer_claim_number: Some("PCN123".into()),
                    lines: vec![LinePayment {
                        line: 1,
                        procedure: "99213".into(),
                        billed: Cents(12500),
                        paid: Cents(8000),
                        allowed: Some(Cents(10000)),
                        units: 1,
                    }],
                }),
                Event::PaymentReversed(PaymentReversed {
                    trace: "7170066699".into(),
                    reversed_trace: "7170066655".into(),
                    paid: Cents(9800),
                    patient_share: PatientShare::default(),
                    adjustments: adjustments(),
                }),
            ],
        ),
        (
            "denial",
            vec![
                Event::DenialTriaged(DenialTriaged {
                    line: None,
                    group: Some(AdjustmentGroup::Contractual),
                    reason: "50".into(),
                    remarks: vec!["N115".into()],
                    category: DenialCategory::MedicalNecessity,
                    action: RecommendedAction::Appeal,
                    amount_at_risk: Cents(14300),
                    deadline: Some(day(30)),
                    rule: "carc-50".into(),
                }),
                Event::DuplicateLinked(DuplicateLinked {
                    payer_claim_number: Some("PCN123".into()),
                    decided_by: Decision::Rule("carc-18".into()),
                }),
                Event::PatientResponsibilityTransferred(PatientResponsibilityTransferred {
                    amount: Cents(500),
                    reason: "96".into(),
                    decided_by: Decision::Rule("pr-transfer".into()),
                }),
                Event::CorrectedClaimPrepared(CorrectedClaimPrepared {
                    operator: "biller-2".into(),
                    coding,
                    frequency: Frequency::Replacement,
                    payer_claim_number: Some("PCN123".into()),
                    note: None,
                }),
                Event::AppealFiled(AppealFiled {
                    operator: "biller-2".into(),
                    level: 1,
                    reason: "medically necessary, records attached".into(),
                    deadline: day(30),
                    letter_id: Uuid::from_u128(9),
                }),
                Event::RebilledToPayer(RebilledToPayer {
                    operator: "biller-2".into(),
                    coverage,
                    reason: "CARC 22: other payer primary".into(),
                }),
            ],
        ),
        (
            "closing",
            vec![
                Event::BalanceWrittenOff(BalanceWrittenOff {
                    amount: Cents(2500),
                    reason: WriteOffReason::Contractual,
                    decided_by: Decision::Operator("biller-2".into()),
                    note: None,
                }),
                Event::PatientBilled(PatientBilled {
                    amount: Cents(2000),
                    statement_id: Uuid::from_u128(11),
                }),
                Event::DeadlineApproaching(DeadlineApproaching {
                    kind: DeadlineKind::Appeal,
                    deadline: day(30),
                    days_left: 7,
                }),
                Event::DeadlinePassed(DeadlinePassed {
                    kind: DeadlineKind::TimelyFiling,
                    deadline: day(31),
                }),
                Event::ClaimClosed(ClaimClosed {
                    reason: "settled".into(),
                }),
            ],
        ),
        (
            "secondary",
            vec![Event::SecondaryBillingQueued(SecondaryBillingQueued {
                coverage: Coverage {
                    payer_id: "bcbs-il".parse().unwrap(),
                    plan: "PPO".into(),
                    order: PayerOrder::Secondary,
                },
                primary_trace: "EFT-PRIMARY-1".into(),
                balance: Cents(2000),
            })],
        ),
        (
            "rebill-v2",
            vec![Event::RebilledToPayerV2(RebilledToPayerV2 {
                operator: "biller-2".into(),
                coverage: Coverage {
                    payer_id: "united-healthcare".parse().unwrap(),
                    plan: "Choice Plus".into(),
                    order: PayerOrder::Primary,
                },
                subscriber: Subscriber {
                    relationship: Relationship::Insured,
                    member_id: "UHC123456789".into(),
                    group_number: Some("GRP-77".into()),
                    person: None,
                },
                reason: "CARC 22: UnitedHealthcare is primary".into(),
            })],
        ),
    ]
}

fn commit(index: usize, events: Vec<Event>) -> Commit {
    let claim_id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-GOLDEN-1");
    Commit {
        claim_id,
        commit_id: Uuid::from_u128(1000 + index as u128),
        service: "golden".into(),
        actor: if index.is_multiple_of(2) {
            Actor::Partner("springfield-fp".parse().unwrap())
        } else {
            Actor::Operator("biller-2".into())
        },
        causation: match index % 3 {
            0 => Causation::Inbox {
                subject: "inbox.springfield-fp.encounter".into(),
                sequence: index as u64 + 1,
                message_id: Some(format!("msg-{index}")),
            },
            1 => Causation::Commit {
                claim_id,
                sequence: index as u64,
            },
            _ => Causation::Schedule {
                rule: "follow_up".into(),
                as_of: day(1),
            },
        },
        correlation_id: Uuid::from_u128(42),
        recorded_at: at(index as i64),
        previous_hash: (index > 0).then_some(CommitHash([index as u8; 32])),
        previous_sequences: (1..=index as u64).collect(),
        events,
    }
}

fn write_missing_files() {
    for (index, (name, events)) in corpus().into_iter().enumerate() {
        let base = golden_dir().join(format!("v1-{index:02}-{name}"));
        if base.with_extension("bin").exists() {
            continue;
        }
        let commit = commit(index, events);
        std::fs::write(base.with_extension("bin"), codec::encode(&commit)).unwrap();
        let json = serde_json::to_string_pretty(&commit).unwrap();
        std::fs::write(base.with_extension("json"), json + "\n").unwrap();
    }
}

#[test]
fn every_golden_commit_decodes_to_what_it_meant_when_written() {
    if std::env::var_os("GOLDEN_WRITE").is_some() {
        write_missing_files();
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("the golden corpus is committed")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
        .collect();
    files.sort();
    assert!(
        files.len() >= corpus().len(),
        "the corpus has {} files",
        files.len()
    );

    let mut seen = BTreeSet::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let commit = codec::decode(&bytes)
            .unwrap_or_else(|e| panic!("{} no longer decodes: {e}", file.display()));
        assert_eq!(
            codec::encode(&commit),
            bytes,
            "{} re-encodes differently",
            file.display()
        );
        let meant = std::fs::read_to_string(file.with_extension("json")).unwrap();
        let means = serde_json::to_string_pretty(&commit).unwrap() + "\n";
        assert_eq!(
            means,
            meant,
            "{} decodes to something else than when written",
            file.display()
        );
        seen.extend(commit.events.iter().map(Event::name));
    }

    let every_variant: BTreeSet<&str> = corpus()
        .iter()
        .flat_map(|(_, events)| events.iter().map(Event::name))
        .collect();
    assert_eq!(
        every_variant.len(),
        28,
        "the corpus builder covers every Event variant"
    );
    let missing: Vec<_> = every_variant.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "no golden file holds {missing:?}: run with GOLDEN_WRITE=1"
    );
}

#[test]
fn a_commit_that_is_not_ours_is_refused_before_decoding() {
    assert!(matches!(
        codec::decode(b"{\"json\":true}"),
        Err(codec::DecodeError::NotACommit)
    ));
    assert!(matches!(
        codec::decode(b"CLM\x09rest"),
        Err(codec::DecodeError::UnknownVersion(9))
    ));
    let mut bytes = codec::encode(&commit(0, vec![]));
    bytes.push(0);
    assert!(matches!(
        codec::decode(&bytes),
        Err(codec::DecodeError::TrailingBytes(1))
    ));
}
