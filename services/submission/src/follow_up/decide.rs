//! The time-based decisions, pure: the clock's reading is an input.
//!
//! - Follow-up: a claim the payer has but has not paid or denied (`Submitted` or `Accepted`)
//!   for the payer's `follow_up_days` since it was sent needs a status check: `FollowUpDue`,
//!   once per submission (the fold clears the flag when the claim is sent again).
//! - Timely filing: a claim the payer does not have yet (never sent, rejected at the front
//!   end, held in a worklist) within `warning_days` of the payer's filing limit gets
//!   `DeadlineApproaching`, and `DeadlinePassed` once the limit is behind it; each once per
//!   deadline. Once a payer has the claim, the submission is the proof of timely filing.

use chrono::NaiveDate;

use claims_events::event::{DeadlineApproaching, DeadlineKind, DeadlinePassed, FollowUpDue};
use claims_events::{Claim, ClaimStatus, Event};
use claims_payers::Payer;

use crate::scrub::timely_filing_deadline;

/// `FollowUpDue` if the claim has waited its payer's follow-up days since it was sent.
pub fn decide_follow_up(claim: &Claim, payer: &Payer, today: NaiveDate) -> Option<Event> {
    if !matches!(
        claim.status(),
        ClaimStatus::Submitted | ClaimStatus::Accepted
    ) || claim.follow_up_due
    {
        return None;
    }
    let submitted_on = claim.submissions.last()?.at.date_naive();
    let days = (today - submitted_on).num_days();
    (days >= i64::from(payer.follow_up_days)).then(|| {
        Event::FollowUpDue(FollowUpDue {
            submitted_on,
            days_waiting: u32::try_from(days).unwrap_or(u32::MAX),
        })
    })
}

/// The timely-filing event due for a claim not yet with its payer, if any. `history` is
/// every event of the claim, to say each deadline once.
pub fn decide_timely_filing<'a>(
    claim: &Claim,
    history: impl Iterator<Item = &'a Event> + Clone,
    payer: &Payer,
    today: NaiveDate,
    warning_days: u32,
) -> Option<Event> {
    if !claim.exists() || claim.status().is_submitted() {
        return None;
    }
    let deadline = timely_filing_deadline(payer, claim.encounter.as_ref()?.service_date);
    let said = |passed: bool| {
        history.clone().any(|event| match event {
            Event::DeadlinePassed(d) => {
                d.kind == DeadlineKind::TimelyFiling && d.deadline == deadline
            }
            Event::DeadlineApproaching(d) if !passed => {
                d.kind == DeadlineKind::TimelyFiling && d.deadline == deadline
            }
            _ => false,
        })
    };
    let days_left = (deadline - today).num_days();
    if days_left < 0 {
        return (!said(true)).then_some(Event::DeadlinePassed(DeadlinePassed {
            kind: DeadlineKind::TimelyFiling,
            deadline,
        }));
    }
    (days_left <= i64::from(warning_days) && !said(false)).then(|| {
        Event::DeadlineApproaching(DeadlineApproaching {
            kind: DeadlineKind::TimelyFiling,
            deadline,
            days_left: u32::try_from(days_left).unwrap_or(0),
        })
    })
}

/// Whether the sweep should keep looking at a claim after deciding on it today: not once
/// the payer answered, follow-up was flagged, or the filing limit passed. A later fact
/// (sent again, rejected, rebilled) puts it back in the index.
pub fn still_watched(claim: &Claim, payer: Option<&Payer>, today: NaiveDate) -> bool {
    let Some(payer) = payer else { return false };
    match claim.status() {
        ClaimStatus::Submitted | ClaimStatus::Accepted => !claim.follow_up_due,
        status if status.is_submitted() => false,
        _ => claim
            .encounter
            .as_ref()
            .is_some_and(|e| timely_filing_deadline(payer, e.service_date) >= today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use claims_events::event::{ClaimRegistered, ClaimSubmitted, Frequency};
    use claims_events::{sample, Cents, PayerOrder};
    use claims_payers::PayerRegistry;
    use uuid::Uuid;

    fn medicare() -> Payer {
        PayerRegistry::sample()
            .get(&"medicare-il".parse().unwrap())
            .unwrap()
            .clone()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn registered() -> Claim {
        let mut claim = Claim::default().evolve(
            &Event::ClaimRegistered(ClaimRegistered {
                encounter: sample::encounter("springfield-fp", "ENC-1"),
            }),
            Utc::now(),
        );
        claim.id = Some(claims_events::ClaimId::from_uuid(Uuid::nil()));
        claim
    }

    fn sent_on_december_first() -> Claim {
        let submitted = ClaimSubmitted {
            batch_id: Uuid::now_v7(),
            clearinghouse: "availity".parse().unwrap(),
            payer_id: "medicare-il".parse().unwrap(),
            payer_order: PayerOrder::Primary,
            frequency: Frequency::Original,
            charge: Cents(14300),
            interchange_control: 5,
            group_control: 5,
            transaction_control: "0001".into(),
        };
        registered().evolve(
            &Event::ClaimSubmitted(submitted),
            Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap(),
        )
    }

    #[test]
    fn a_claim_unanswered_for_the_payers_follow_up_days_is_due() {
        let claim = sent_on_december_first();
        assert_eq!(
            decide_follow_up(&claim, &medicare(), date(2026, 12, 30)),
            None
        );
        let Some(Event::FollowUpDue(due)) =
            decide_follow_up(&claim, &medicare(), date(2026, 12, 31))
        else {
            panic!("30 days after sending, Medicare's follow-up is due")
        };
        assert_eq!(
            (due.submitted_on, due.days_waiting),
            (date(2026, 12, 1), 30)
        );
    }

    #[test]
    fn follow_up_is_flagged_once_and_not_for_a_paid_claim() {
        let flagged = sent_on_december_first().evolve(
            &decide_follow_up(&sent_on_december_first(), &medicare(), date(2027, 1, 5)).unwrap(),
            Utc::now(),
        );
        assert_eq!(
            decide_follow_up(&flagged, &medicare(), date(2027, 1, 6)),
            None
        );
        let mut paid = sent_on_december_first();
        paid.status = Some(ClaimStatus::Paid);
        assert_eq!(decide_follow_up(&paid, &medicare(), date(2027, 6, 1)), None);
    }

    #[test]
    fn a_claim_not_yet_filed_is_warned_before_its_limit_and_told_when_it_passed() {
        let mut claim = registered();
        claim.status = Some(ClaimStatus::Rejected);
        // Medicare: 365 days from 2026-11-20, so the limit is 2027-11-20.
        let none: Vec<Event> = Vec::new();
        let check = |today, history: &Vec<Event>| {
            decide_timely_filing(&claim, history.iter(), &medicare(), today, 30)
        };
        assert_eq!(check(date(2027, 10, 20), &none), None);
        let Some(Event::DeadlineApproaching(soon)) = check(date(2027, 10, 21), &none) else {
            panic!("30 days before the limit")
        };
        assert_eq!((soon.deadline, soon.days_left), (date(2027, 11, 20), 30));
        let warned = vec![Event::DeadlineApproaching(soon)];
        assert_eq!(check(date(2027, 10, 22), &warned), None, "warned once");
        assert!(matches!(
            check(date(2027, 11, 21), &warned),
            Some(Event::DeadlinePassed(_))
        ));
    }

    #[test]
    fn the_sweep_stops_watching_answered_flagged_and_expired_claims() {
        let sent = sent_on_december_first();
        assert!(still_watched(&sent, Some(&medicare()), date(2026, 12, 2)));
        let mut flagged = sent.clone();
        flagged.follow_up_due = true;
        assert!(!still_watched(
            &flagged,
            Some(&medicare()),
            date(2027, 1, 2)
        ));
        let mut rejected = sent;
        rejected.status = Some(ClaimStatus::Rejected);
        assert!(still_watched(
            &rejected,
            Some(&medicare()),
            date(2027, 11, 20)
        ));
        assert!(!still_watched(
            &rejected,
            Some(&medicare()),
            date(2027, 11, 21)
        ));
        assert!(!still_watched(&rejected, None, date(2027, 1, 1)));
    }

    #[test]
    fn a_claim_the_payer_has_is_not_at_risk_of_timely_filing() {
        let claim = sent_on_december_first();
        let none: Vec<Event> = Vec::new();
        assert_eq!(
            decide_timely_filing(&claim, none.iter(), &medicare(), date(2027, 11, 19), 30),
            None
        );
    }
}
