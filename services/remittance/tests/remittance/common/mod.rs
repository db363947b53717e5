//! Given / when / then for the posting decision: a claim's history as events, an 835 as
//! the sample writer produces it, and the decision with the ledger checked after it.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use claims_events::event::*;
use claims_events::*;
use claims_payers::PayerRegistry;
use claims_remittance::decide::{decide_posting, Context, History, Paid, Posting};
use claims_remittance::sample::{interchange, Remit835};
use claims_x12::remittance::read_835;
use uuid::Uuid;

pub const PARTNER: &str = "springfield-fp";

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("a real date")
}

fn at(n: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + n as i64 * 60, 0).expect("a real time")
}

/// The sample encounter: 99213-25 $125.00 and 82947 $18.00, billed to medicare-il.
pub fn encounter() -> Encounter {
    sample::encounter(PARTNER, "ENC-1")
}

pub fn claim_id() -> ClaimId {
    ClaimId::for_encounter(&PARTNER.parse().unwrap(), "ENC-1")
}

/// The events of a claim registered, coded, submitted and accepted by its payer.
pub fn submitted(encounter: Encounter) -> Vec<Vec<Event>> {
    claims_remittance::sample::submitted(encounter, "availity".parse().unwrap())
}

/// A claim's history: its commits (the n-th caused by INBOX message n of service `test`,
/// unless `service` says otherwise) and its fold.
#[derive(Debug, Clone)]
pub struct Given {
    pub commits: Vec<Commit>,
}

impl Given {
    pub fn events(decisions: Vec<Vec<Event>>) -> Given {
        let mut given = Given {
            commits: Vec::new(),
        };
        for events in decisions {
            given.push("test", 1000 + given.commits.len() as u64, events);
        }
        given
    }

    pub fn push(&mut self, service: &str, inbox_sequence: u64, events: Vec<Event>) {
        let n = self.commits.len() as u64;
        self.commits.push(Commit {
            claim_id: claim_id(),
            commit_id: Uuid::now_v7(),
            service: service.into(),
            actor: Actor::System,
            causation: Causation::Inbox {
                subject: "inbox.availity.era".into(),
                sequence: inbox_sequence,
                message_id: None,
            },
            correlation_id: Uuid::nil(),
            recorded_at: at(n),
            previous_hash: None,
            previous_sequences: Vec::new(),
            events,
        });
    }

    pub fn claim(&self) -> Claim {
        Claim::replay(self.commits.iter())
    }

    pub fn history(&self) -> History {
        History::of(self.commits.iter().flat_map(|c| &c.events))
    }

    /// Decides on an 835 holding `transactions`, delivered as INBOX message `sequence`.
    pub fn when(&self, transactions: &[Remit835], sequence: u64) -> Posting {
        let text = interchange(transactions).expect("the sample writes");
        let remittances = read_835(&text).expect("the sample reads");
        let paid: Vec<Paid<'_>> = remittances
            .iter()
            .flat_map(|remittance| {
                remittance.claims.iter().map(move |payment| Paid {
                    remittance,
                    payment,
                })
            })
            .collect();
        let payers = PayerRegistry::sample();
        let key = format!("remittance:inbox:{sequence}");
        let context = Context {
            payers: &payers,
            input_key: &key,
            today: day(15),
        };
        decide_posting(&self.claim(), &self.history(), &paid, &context)
    }

    /// Appends the decision as the remittance service would, then checks the books.
    pub fn then_append(&mut self, posting: &Posting, sequence: u64) -> Claim {
        self.push("remittance", sequence, posting.events.clone());
        let claim = self.claim();
        then_books_balance(&claim);
        assert_eq!(
            claim.ledger, posting.after.ledger,
            "the decision's view is the fold's"
        );
        claim
    }
}

/// The ledger invariant, to the cent: every part but `open` non-negative, and the parts
/// adding up to the charge.
pub fn then_books_balance(claim: &Claim) {
    let l = claim.ledger;
    assert_eq!(l.check(), Ok(()), "{l:?}");
    assert_eq!(
        l.charge,
        l.paid + l.contractual + l.patient_responsibility + l.written_off + l.open()
    );
    assert!(
        l.denied <= l.open().max(Cents::ZERO),
        "denied is part of open: {l:?}"
    );
}

/// Ledger parts as (paid, contractual, patient, denied, open) in cents.
pub fn ledger(claim: &Claim) -> (i64, i64, i64, i64, i64) {
    let l = claim.ledger;
    (
        l.paid.0,
        l.contractual.0,
        l.patient_responsibility.0,
        l.denied.0,
        l.open().0,
    )
}

pub fn names(posting: &Posting) -> Vec<&'static str> {
    posting.events.iter().map(Event::name).collect()
}

pub fn posted(posting: &Posting) -> &RemittancePosted {
    posting
        .events
        .iter()
        .find_map(|e| match e {
            Event::RemittancePosted(p) => Some(p),
            _ => None,
        })
        .expect("a RemittancePosted")
}
