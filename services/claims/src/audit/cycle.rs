//! A claim's whole revenue cycle as commits, and the log entries they become, for the audit's
//! unit tests: registration to patient statement, with a payment that has a contractual
//! adjustment and a patient share, so every ledger part moves.

use chrono::{DateTime, NaiveDate, Utc};
use claims_events::event::*;
use claims_events::{
    codec, sample, subjects, Actor, Causation, Cents, ClaimId, Commit, CommitHash,
};
use claims_store::log::LogEntry;
use claims_store::StoredCommit;
use uuid::Uuid;

pub fn claim_id() -> ClaimId {
    ClaimId::for_encounter(&"springfield-fp".parse().expect("valid"), "ENC-1")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("valid date")
}

pub fn at(index: usize) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + 86_400 * index as i64, 0).expect("valid time")
}

/// The `index`-th commit of the claim with these events, not yet chained.
pub fn commit(index: usize, events: Vec<Event>) -> Commit {
    Commit {
        claim_id: claim_id(),
        commit_id: Uuid::from_u128(index as u128 + 1),
        service: "test".into(),
        actor: Actor::System,
        causation: Causation::Inbox {
            subject: "inbox.springfield-fp.encounter".into(),
            sequence: index as u64 + 1,
            message_id: None,
        },
        correlation_id: Uuid::from_u128(42),
        recorded_at: at(index),
        previous_hash: None,
        previous_sequences: vec![],
        events,
    }
}

pub fn submitted(charge: Cents) -> Event {
    Event::ClaimSubmitted(sample::submitted(Uuid::from_u128(7), "medicare-il", charge))
}

/// $98.00 paid, $25.00 CO-45, $20.00 coinsurance: nothing left open for the payer.
pub fn payment() -> Event {
    Event::RemittancePosted(RemittancePosted {
        trace: "7170066655".into(),
        payer_id: "medicare-il".parse().expect("valid"),
        paid_on: day(20),
        status: ClaimPaymentStatus::Processed(1),
        billed: Cents(14_300),
        paid: Cents(9_800),
        allowed: Some(Cents(11_800)),
        patient_share: PatientShare {
            coinsurance: Cents(2_000),
            ..PatientShare::default()
        },
        adjustments: vec![
            Adjustment {
                group: AdjustmentGroup::Contractual,
                reason: "45".into(),
                amount: Cents(2_500),
                line: None,
            },
            Adjustment {
                group: AdjustmentGroup::PatientResponsibility,
                reason: "2".into(),
                amount: Cents(2_000),
                line: None,
            },
        ],
        remarks: vec![],
        payer_claim_number: Some("PCN123".into()),
        lines: vec![],
    })
}

pub fn reversal(paid: Cents) -> Event {
    Event::PaymentReversed(PaymentReversed {
        trace: "7170066699".into(),
        reversed_trace: "7170066655".into(),
        paid,
        patient_share: PatientShare::default(),
        adjustments: vec![],
    })
}

pub fn write_off(amount: Cents) -> Event {
    Event::BalanceWrittenOff(BalanceWrittenOff {
        amount,
        reason: WriteOffReason::SmallBalance,
        decided_by: Decision::Operator("biller-2".into()),
        note: None,
    })
}

pub fn follow_up() -> Event {
    Event::FollowUpDue(FollowUpDue {
        submitted_on: day(3),
        days_waiting: 30,
    })
}

/// Registration to patient statement, unchained.
pub fn full_cycle() -> Vec<Commit> {
    let encounter = sample::encounter("springfield-fp", "ENC-1");
    let steps = vec![
        vec![
            Event::ClaimRegistered(ClaimRegistered { encounter }),
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: "medicare-il".parse().expect("valid"),
                plan: "Medicare Part B".into(),
                coverage_start: day(1),
                coverage_end: None,
            }),
        ],
        vec![Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })],
        vec![submitted(Cents(14_300))],
        vec![Event::ClaimAccepted(sample::accepted(Some("PCN123")))],
        vec![payment()],
        vec![Event::PatientBilled(PatientBilled {
            amount: Cents(2_000),
            statement_id: Uuid::from_u128(11),
        })],
    ];
    steps
        .into_iter()
        .enumerate()
        .map(|(index, events)| commit(index, events))
        .collect()
}

/// The commits chained as the store appends them, at these stream sequences: each names its
/// predecessor's hash and every earlier sequence. Returns each one's stored bytes.
pub fn chain(commits: Vec<Commit>, sequences: &[u64]) -> Vec<(u64, Vec<u8>)> {
    let mut previous: Option<CommitHash> = None;
    let mut out = Vec::new();
    for (mut commit, &sequence) in commits.into_iter().zip(sequences) {
        commit.previous_hash = previous;
        commit.previous_sequences = out.iter().map(|(s, _)| *s).collect();
        let bytes = codec::encode(&commit);
        previous = Some(CommitHash::of(&bytes));
        out.push((sequence, bytes));
    }
    out
}

/// What `EventStore::read_log` delivers for these bytes on the claim's subject.
pub fn entry(sequence: u64, bytes: &[u8]) -> LogEntry {
    entry_on(&subjects::claim(&claim_id()), sequence, bytes)
}

pub fn entry_on(subject: &str, sequence: u64, bytes: &[u8]) -> LogEntry {
    LogEntry {
        sequence,
        subject: subject.to_owned(),
        pending: 0,
        commit: StoredCommit::decode(sequence, bytes),
    }
}
