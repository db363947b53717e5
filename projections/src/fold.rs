//! A claim as the read models keep it between commits: the shared fold (`Claim::apply`), plus
//! which of its triaged denials are still open, which the shared fold does not say
//! (`Claim::denials` keeps every denial ever triaged).
//!
//! "Open" follows `claims_denials::case::DenialCase::apply`: a remittance, a reversal, a
//! rejection or the claim going out again makes earlier triage history. A test below holds
//! the two to the same answer.

use serde::{Deserialize, Serialize};

use claims_events::event::DenialTriaged;
use claims_events::{Claim, Commit, Event};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folded {
    pub claim: Claim,
    /// How many of `claim.denials`, counted from the end, are open.
    open_denials: u32,
}

fn clears_triage(event: &Event) -> bool {
    matches!(
        event,
        Event::RemittancePosted(_)
            | Event::PaymentReversed(_)
            | Event::ClaimRejected(_)
            | Event::ClaimSubmitted(_)
    )
}

impl Folded {
    pub fn apply(self, commit: &Commit) -> Folded {
        let triaged = |events: &[Event]| {
            events
                .iter()
                .filter(|e| matches!(e, Event::DenialTriaged(_)))
                .count() as u32
        };
        let open_denials = match commit.events.iter().rposition(clears_triage) {
            Some(last) => triaged(&commit.events[last + 1..]),
            None => self.open_denials + triaged(&commit.events),
        };
        Folded {
            claim: self.claim.apply(commit),
            open_denials,
        }
    }

    /// The denials triaged since the claim was last adjudicated, rejected or sent.
    pub fn open_denials(&self) -> &[DenialTriaged] {
        let all = &self.claim.denials;
        &all[all.len().saturating_sub(self.open_denials as usize)..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_denials::case::DenialCase;
    use claims_events::event::*;
    use claims_events::{sample, Actor, Causation, Cents, ClaimId};

    fn triage(reason: &str) -> Event {
        Event::DenialTriaged(DenialTriaged {
            line: None,
            group: Some(AdjustmentGroup::Contractual),
            reason: reason.into(),
            remarks: vec![],
            category: DenialCategory::MedicalNecessity,
            action: RecommendedAction::Appeal,
            amount_at_risk: Cents(100),
            deadline: None,
            rule: "test".into(),
        })
    }

    fn posted(trace: &str) -> Event {
        Event::RemittancePosted(RemittancePosted {
            trace: trace.into(),
            payer_id: "medicare-il".parse().unwrap(),
            paid_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            status: ClaimPaymentStatus::Denied,
            billed: Cents(14300),
            paid: Cents(0),
            allowed: None,
            patient_share: PatientShare::default(),
            adjustments: vec![],
            remarks: vec![],
            payer_claim_number: None,
            lines: vec![],
        })
    }

    #[test]
    fn open_denials_are_those_of_the_denials_service() {
        let id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "E-1");
        let histories = vec![
            vec![triage("50")],
            vec![posted("T1"), triage("50"), triage("16")],
            vec![triage("50"), posted("T2")],
            vec![triage("97")],
            vec![posted("T3"), triage("29"), posted("T4"), triage("50")],
        ];
        let registered = vec![Event::ClaimRegistered(ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "E-1"),
        })];
        let commits: Vec<Commit> = std::iter::once(registered)
            .chain(histories)
            .enumerate()
            .map(|(n, events)| Commit {
                claim_id: id,
                commit_id: uuid::Uuid::now_v7(),
                service: "test".into(),
                actor: Actor::System,
                causation: Causation::Inbox {
                    subject: "inbox.test.x".into(),
                    sequence: n as u64,
                    message_id: None,
                },
                correlation_id: uuid::Uuid::now_v7(),
                recorded_at: chrono::Utc::now(),
                previous_hash: None,
                previous_sequences: vec![],
                events,
            })
            .collect();
        let (mut ours, mut theirs) = (Folded::default(), DenialCase::new(id));
        for commit in &commits {
            ours = ours.apply(commit);
            theirs = theirs.apply(commit);
            assert_eq!(ours.open_denials(), theirs.open.as_slice());
        }
        let reasons: Vec<&str> = ours
            .open_denials()
            .iter()
            .map(|d| d.reason.as_str())
            .collect();
        assert_eq!(reasons, ["50"]);
    }
}
