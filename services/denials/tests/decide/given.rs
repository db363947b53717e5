//! Histories to start from, built as the log would hold them: a sample claim registered,
//! coded, submitted and accepted, then whatever the test adds.

use chrono::{NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use claims_denials::case::DenialCase;
use claims_events::event::*;
use claims_events::{
    sample, Actor, Causation, Cents, ClaimId, Commit, Coverage, Event, PartnerId, PayerOrder,
    Subscriber,
};
use claims_payers::PayerRegistry;

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn payers() -> PayerRegistry {
    PayerRegistry::sample()
}

pub fn claim_id() -> ClaimId {
    ClaimId::for_encounter(&"springfield-fp".parse::<PartnerId>().unwrap(), "ENC-1")
}

/// The sample claim: $125.00 + $18.00 billed to medicare-il (365 days to file, 120 to
/// appeal), date of service 2026-11-20; Aetna on file as secondary coverage.
pub struct History {
    pub commits: Vec<Commit>,
}

impl History {
    pub fn registered() -> History {
        let mut encounter = sample::encounter("springfield-fp", "ENC-1");
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
        History {
            commits: Vec::new(),
        }
        .then(vec![
            Event::ClaimRegistered(ClaimRegistered { encounter }),
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: "medicare-il".parse().unwrap(),
                plan: "Medicare Part B".into(),
                coverage_start: day(2026, 1, 1),
                coverage_end: None,
            }),
            Event::ClaimCoded(ClaimCoded {
                code_set: "ICD-10-CM FY2026".into(),
            }),
        ])
    }

    /// Registered, submitted, and accepted with payer claim number `PCN-1` (or none).
    pub fn accepted(payer_claim_number: Option<&str>) -> History {
        History::registered().then(vec![
            Event::ClaimSubmitted(sample::submitted(
                Uuid::from_u128(1),
                "medicare-il",
                Cents(14300),
            )),
            Event::ClaimAccepted(sample::accepted(payer_claim_number)),
        ])
    }

    pub fn then(mut self, events: Vec<Event>) -> History {
        let n = self.commits.len() as i64;
        self.commits.push(Commit {
            claim_id: claim_id(),
            commit_id: Uuid::from_u128(n as u128 + 1),
            service: "test".into(),
            actor: Actor::System,
            causation: Causation::Inbox {
                subject: "inbox.test.x".into(),
                sequence: n as u64 + 1,
                message_id: None,
            },
            correlation_id: Uuid::from_u128(99),
            recorded_at: Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
                + chrono::Duration::minutes(n),
            previous_hash: None,
            previous_sequences: Vec::new(),
            events,
        });
        self
    }

    /// Adds a commit caused by `causation` of service `denials` (a decision under test).
    pub fn then_decided(mut self, causation: Causation, events: Vec<Event>) -> History {
        self = self.then(events);
        if let Some(last) = self.commits.last_mut() {
            last.service = "denials".into();
            last.causation = causation;
        }
        self
    }

    pub fn refs(&self) -> Vec<&Commit> {
        self.commits.iter().collect()
    }

    pub fn last(&self) -> usize {
        self.commits.len() - 1
    }

    pub fn case(&self) -> DenialCase {
        DenialCase::from_commits(claim_id(), &self.commits)
    }
}

/// One CAS triplet: `adj("CO", "16", 14300, None)`.
pub fn adj(group: &str, carc: &str, cents: i64, line: Option<u16>) -> Adjustment {
    Adjustment {
        group: AdjustmentGroup::from_code(group).unwrap(),
        reason: carc.into(),
        amount: Cents(cents),
        line,
    }
}

/// An 835 posting of the $143.00 claim: `paid`, these adjustments and remarks, paid on
/// 2026-12-15, with payer claim number `PCN-2`.
pub fn remit(
    status: ClaimPaymentStatus,
    paid: i64,
    adjustments: Vec<Adjustment>,
    remarks: &[&str],
) -> Event {
    let mut share = PatientShare::default();
    for a in adjustments
        .iter()
        .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
    {
        match a.reason.as_str() {
            "1" => share.deductible += a.amount,
            "2" => share.coinsurance += a.amount,
            "3" => share.copay += a.amount,
            _ => share.other += a.amount,
        }
    }
    Event::RemittancePosted(RemittancePosted {
        trace: "TRACE-1".into(),
        payer_id: "medicare-il".parse().unwrap(),
        paid_on: day(2026, 12, 15),
        status,
        billed: Cents(14300),
        paid: Cents(paid),
        allowed: None,
        patient_share: share,
        adjustments,
        remarks: remarks.iter().map(|r| r.to_string()).collect(),
        payer_claim_number: Some("PCN-2".into()),
        lines: Vec::new(),
    })
}

/// A claim denied in full with one claim-level CAS.
pub fn denied(group: &str, carc: &str, remarks: &[&str]) -> History {
    History::accepted(Some("PCN-1")).then(vec![remit(
        ClaimPaymentStatus::Denied,
        0,
        vec![adj(group, carc, 14300, None)],
        remarks,
    )])
}

/// The triage the service would record for the newest commit of `history`.
/// Keyed by the answer's position, as the service keys it by the answer's sequence.
pub fn triaged(history: &History) -> Vec<Event> {
    let key = format!("denials:claims:{}", history.last());
    claims_denials::triage::decide_triage(&history.refs(), history.last(), &key, &payers())
        .unwrap_or_default()
}

/// `history` with its newest commit triaged, as the service would append it.
pub fn with_triage(history: History) -> History {
    let events = triaged(&history);
    let sequence = history.last() as u64;
    history.then_decided(
        Causation::Commit {
            claim_id: claim_id(),
            sequence,
        },
        events,
    )
}

pub fn only_triage(events: &[Event]) -> Vec<&DenialTriaged> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::DenialTriaged(d) => Some(d),
            _ => None,
        })
        .collect()
}
