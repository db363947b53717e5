//! The submission decisions, pure: is a coded claim ready to go out (or back to rework with
//! its findings), and may it take a place in a batch.
//!
//! Both decisions are keyed by the commit that left the claim `Coded` (`ClaimCoded`, or
//! `RebilledToPayer`): one coded commit leads to at most one `ScrubFailed` or one
//! `ClaimSubmitted`, never both, whatever is redelivered.

use chrono::NaiveDate;
use uuid::Uuid;

use claims_events::event::{ClaimSubmitted, Frequency, ScrubFailed};
use claims_events::{Claim, ClaimId, ClaimStatus, PartnerId, PayerId};
use claims_payers::PayerRegistry;

use crate::bill::check_billable;
use crate::scrub::scrub;
use crate::settings::receiver_for;
use crate::x837::Submitter;

/// What a coded claim needs next.
#[derive(Debug, Clone, PartialEq)]
pub enum Ready {
    /// Nothing: the claim is not waiting to go out, or this commit was already decided.
    Nothing,
    /// It breaks its payer's rules (or cannot be written as an 837P): back to rework.
    Failed(ScrubFailed),
    /// Clean: it waits in the queue of this clearinghouse and payer.
    Clean {
        clearinghouse: PartnerId,
        payer_id: PayerId,
    },
}

/// Scrubs a coded claim for its current coverage, as of `today`.
pub fn decide_ready(
    claim_id: ClaimId,
    claim: &Claim,
    input_key: &str,
    payers: &PayerRegistry,
    submitter: &Submitter,
    today: NaiveDate,
) -> Ready {
    if claim.status() != ClaimStatus::Coded || claim.has_handled(input_key) {
        return Ready::Nothing;
    }
    let Some(coverage) = &claim.coverage else {
        return Ready::Nothing;
    };
    let frequency = claim.pending_frequency.unwrap_or(Frequency::Original);
    let failed = |findings| {
        Ready::Failed(ScrubFailed {
            payer_id: coverage.payer_id.clone(),
            findings,
        })
    };
    let payer = match scrub(claim, coverage, frequency, payers, today) {
        Ok(payer) => payer,
        Err(findings) => return failed(findings),
    };
    let receiver = receiver_for(&payer.clearinghouse);
    let findings = check_billable(
        claim_id, claim, payers, frequency, submitter, &receiver, today,
    );
    if !findings.is_empty() {
        return failed(findings);
    }
    Ready::Clean {
        clearinghouse: payer.clearinghouse.clone(),
        payer_id: payer.id.clone(),
    }
}

/// A claim's place in a batch: the batch and its control numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub batch_id: Uuid,
    pub clearinghouse: PartnerId,
    pub payer_id: PayerId,
    /// ISA13 and GS06 (the same number; see `batch_log::control_number`).
    pub control: u32,
    /// ST02.
    pub transaction: u32,
}

/// Why a queued claim does not go into a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSubmitted {
    /// It is no longer `Coded`: another instance sent it, or it moved on (corrected,
    /// rebilled) since it was queued.
    NotCoded(ClaimStatus),
    /// Its coverage changed since it was queued: it is queued again for the new payer.
    PayerChanged,
    /// This coded commit was already decided (scrub failure, or an earlier batch).
    AlreadyDecided,
}

/// The claim's `ClaimSubmitted` in `slot`; `Ok(None)` if it already holds exactly that place
/// (a retried append that had landed).
pub fn decide_submission(
    claim: &Claim,
    input_key: &str,
    slot: &Slot,
) -> Result<Option<ClaimSubmitted>, NotSubmitted> {
    if claim
        .submissions
        .last()
        .is_some_and(|s| s.event.batch_id == slot.batch_id)
    {
        return Ok(None);
    }
    if claim.status() != ClaimStatus::Coded {
        return Err(NotSubmitted::NotCoded(claim.status()));
    }
    if claim.has_handled(input_key) {
        return Err(NotSubmitted::AlreadyDecided);
    }
    let Some(coverage) = claim
        .coverage
        .as_ref()
        .filter(|c| c.payer_id == slot.payer_id)
    else {
        return Err(NotSubmitted::PayerChanged);
    };
    Ok(Some(ClaimSubmitted {
        batch_id: slot.batch_id,
        clearinghouse: slot.clearinghouse.clone(),
        payer_id: slot.payer_id.clone(),
        payer_order: coverage.order,
        frequency: claim.pending_frequency.unwrap_or(Frequency::Original),
        charge: claim.ledger.charge,
        interchange_control: slot.control,
        group_control: slot.control,
        transaction_control: format!("{:04}", slot.transaction),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use claims_events::event::*;
    use claims_events::{sample, Actor, Causation, Commit, Encounter, Event};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn id() -> ClaimId {
        ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-1")
    }

    /// Given these commits (one per slice), the claim.
    fn given(commits: &[Vec<Event>]) -> Claim {
        let commits: Vec<Commit> = commits
            .iter()
            .enumerate()
            .map(|(n, events)| Commit {
                claim_id: id(),
                commit_id: Uuid::now_v7(),
                service: "test".into(),
                actor: Actor::System,
                causation: Causation::Commit {
                    claim_id: id(),
                    sequence: n as u64 + 1,
                },
                correlation_id: Uuid::nil(),
                recorded_at: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
                previous_hash: None,
                previous_sequences: Vec::new(),
                events: events.clone(),
            })
            .collect();
        Claim::replay(commits.iter())
    }

    fn coded(encounter: Encounter) -> Claim {
        given(&[
            vec![
                Event::ClaimRegistered(ClaimRegistered { encounter }),
                Event::EligibilityConfirmed(EligibilityConfirmed {
                    payer_id: "medicare-il".parse().unwrap(),
                    plan: "Medicare Part B".into(),
                    coverage_start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    coverage_end: None,
                }),
            ],
            vec![Event::ClaimCoded(ClaimCoded {
                code_set: "ICD-10-CM FY2026".into(),
            })],
        ])
    }

    fn ready(claim: &Claim) -> Ready {
        let submitter = crate::SubmissionSettings::default().submitter;
        let payers = PayerRegistry::sample();
        decide_ready(
            id(),
            claim,
            "submission:claims:2",
            &payers,
            &submitter,
            today(),
        )
    }

    #[test]
    fn a_clean_coded_claim_is_queued_for_its_payers_clearinghouse() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        assert_eq!(
            ready(&claim),
            Ready::Clean {
                clearinghouse: "availity".parse().unwrap(),
                payer_id: "medicare-il".parse().unwrap(),
            }
        );
    }

    #[test]
    fn a_claim_past_timely_filing_without_a_rendering_provider_fails_with_both_findings() {
        let mut encounter = sample::encounter("springfield-fp", "ENC-1");
        encounter.service_date = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        encounter.rendering_provider = None;
        let Ready::Failed(failed) = ready(&coded(encounter)) else {
            panic!("expected a scrub failure")
        };
        let rules: Vec<&str> = failed.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["timely_filing.expired", "rendering_provider.required"]
        );
    }

    #[test]
    fn a_claim_not_coded_or_already_decided_needs_nothing() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        let submitter = crate::SubmissionSettings::default().submitter;
        let payers = PayerRegistry::sample();
        let handled = decide_ready(id(), &claim, "test:claims:2", &payers, &submitter, today());
        assert_eq!(
            handled,
            Ready::Nothing,
            "the key of a commit already applied"
        );
        let mut held = claim.clone();
        held.status = Some(ClaimStatus::Submitted);
        assert_eq!(ready(&held), Ready::Nothing);
    }

    fn slot() -> Slot {
        Slot {
            batch_id: Uuid::now_v7(),
            clearinghouse: "availity".parse().unwrap(),
            payer_id: "medicare-il".parse().unwrap(),
            control: 42,
            transaction: 3,
        }
    }

    #[test]
    fn a_coded_claim_takes_its_place_with_the_batch_control_numbers() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        let slot = slot();
        let submitted = decide_submission(&claim, "submission:claims:2", &slot)
            .unwrap()
            .unwrap();
        assert_eq!(submitted.batch_id, slot.batch_id);
        assert_eq!(
            (submitted.interchange_control, submitted.group_control),
            (42, 42)
        );
        assert_eq!(submitted.transaction_control, "0003");
        assert_eq!(submitted.frequency, Frequency::Original);
        assert_eq!(submitted.charge, claims_events::Cents(14300));
    }

    #[test]
    fn a_claim_already_sent_by_another_instance_is_refused() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        let first = decide_submission(&claim, "k", &slot()).unwrap().unwrap();
        let sent = claim.evolve(&Event::ClaimSubmitted(first), Utc::now());
        assert_eq!(
            decide_submission(&sent, "k", &slot()),
            Err(NotSubmitted::NotCoded(ClaimStatus::Submitted))
        );
    }

    #[test]
    fn a_retried_append_that_landed_changes_nothing() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        let slot = slot();
        let first = decide_submission(&claim, "k", &slot).unwrap().unwrap();
        let sent = claim.evolve(&Event::ClaimSubmitted(first), Utc::now());
        assert_eq!(decide_submission(&sent, "k", &slot), Ok(None));
    }

    #[test]
    fn a_claim_rebilled_since_it_was_queued_is_not_sent_to_the_old_payer() {
        let claim = coded(sample::encounter("springfield-fp", "ENC-1"));
        let mut other = slot();
        other.payer_id = "aetna".parse().unwrap();
        assert_eq!(
            decide_submission(&claim, "k", &other),
            Err(NotSubmitted::PayerChanged)
        );
    }
}
