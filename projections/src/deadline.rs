//! The deadline a claim runs against, for the deadlines worklist: money is lost for good when
//! a claim is filed too late or a denial is appealed too late.
//!
//! - **Timely filing**, while the payer has not taken the claim in (not yet submitted, or
//!   rejected at the front end, which does not count as filed): the date of service plus the
//!   payer's `timely_filing_days`, for the payer billed now.
//! - **Appeal**, for a denied or partly paid claim: the denial date (the latest remittance's
//!   payment date) plus the payer's `appeal_days`.
//! - When the denials service has triaged the payer's answer, its recorded deadline wins: the
//!   earliest deadline of the open denials that still need someone, of the kind their
//!   recommended action runs against (a correction runs against timely filing). Triage that
//!   settled everything (a contractual write-off, a patient bill) leaves no deadline.
//!
//! The registry's days are taken when a claim's summary is made: after the registry's days
//! change, the read models are rebuilt (the projection does so itself when it opens, see
//! `Projection::open`).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use claims_denials::deadline::kind_for;
use claims_denials::worklist::needs_work;
use claims_events::event::{DeadlineKind, DenialTriaged};
use claims_events::{Claim, ClaimStatus};
use claims_payers::PayerRegistry;

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    TimelyFiling,
    Appeal,
}

/// Where the date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Recorded by the denials service when it triaged the payer's answer.
    DenialTriage,
    /// Computed here from the payer registry's days.
    PayerRegistry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: Clock,
    /// The last day: the claim or the appeal must reach the payer by then.
    pub due: NaiveDate,
    pub source: Source,
}

/// Each payer's days, as the registry gives them: all the projection needs of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerTerms {
    /// Payer id -> (timely filing days, appeal days).
    days: BTreeMap<String, (u32, u32)>,
}

impl PayerTerms {
    pub fn of(registry: &PayerRegistry) -> PayerTerms {
        PayerTerms {
            days: registry
                .iter()
                .map(|p| (p.id.to_string(), (p.timely_filing_days, p.appeal_days)))
                .collect(),
        }
    }

    fn timely_filing_days(&self, payer: &str) -> Option<u32> {
        self.days.get(payer).map(|d| d.0)
    }

    fn appeal_days(&self, payer: &str) -> Option<u32> {
        self.days.get(payer).map(|d| d.1)
    }
}

fn plus(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Before the payer took the claim in: timely filing still runs.
fn before_filing(status: ClaimStatus) -> bool {
    use ClaimStatus as S;
    matches!(
        status,
        S::Registered
            | S::EligibilityHold
            | S::CoverageLapsed
            | S::AwaitingCoding
            | S::CodingIssues
            | S::Coded
            | S::ScrubFailed
            | S::Rejected
    )
}

/// The claim's deadline now. `open` are the denials triaged since the claim was last
/// adjudicated, rejected or sent (as `claims_denials::case::DenialCase::open`); `payer` is
/// the payer billed now.
pub fn deadline(
    claim: &Claim,
    open: &[DenialTriaged],
    payer: &str,
    service_date: NaiveDate,
    terms: &PayerTerms,
) -> Option<Deadline> {
    let status = claim.status();
    let triaged = matches!(
        status,
        ClaimStatus::Denied | ClaimStatus::PartiallyPaid | ClaimStatus::Rejected
    ) && !open.is_empty();
    if triaged {
        return open
            .iter()
            .filter(|d| needs_work(d))
            .filter_map(|d| {
                let kind = match kind_for(d.action)? {
                    DeadlineKind::Appeal => Clock::Appeal,
                    DeadlineKind::TimelyFiling => Clock::TimelyFiling,
                };
                Some(Deadline {
                    kind,
                    due: d.deadline?,
                    source: Source::DenialTriage,
                })
            })
            .min_by_key(|d| (d.due, d.kind));
    }
    if matches!(status, ClaimStatus::Denied | ClaimStatus::PartiallyPaid) {
        let denial = claim.postings.last()?;
        let days = terms.appeal_days(denial.payer_id.as_str())?;
        return Some(Deadline {
            kind: Clock::Appeal,
            due: plus(denial.paid_on, days),
            source: Source::PayerRegistry,
        });
    }
    if before_filing(status) {
        return Some(Deadline {
            kind: Clock::TimelyFiling,
            due: plus(service_date, terms.timely_filing_days(payer)?),
            source: Source::PayerRegistry,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::event::*;
    use claims_events::{sample, Cents};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The sample claim (Medicare, date of service 2026-11-20) after `events`.
    fn claim(events: &[Event]) -> Claim {
        let registered = Event::ClaimRegistered(ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "E-1"),
        });
        std::iter::once(&registered)
            .chain(events)
            .fold(Claim::default(), |c, e| c.evolve(e, chrono::Utc::now()))
    }

    fn denied(paid_on: NaiveDate) -> Event {
        Event::RemittancePosted(RemittancePosted {
            trace: "T1".into(),
            payer_id: "medicare-il".parse().unwrap(),
            paid_on,
            status: ClaimPaymentStatus::Denied,
            billed: Cents(14300),
            paid: Cents(0),
            allowed: None,
            patient_share: PatientShare::default(),
            adjustments: vec![Adjustment {
                group: AdjustmentGroup::Contractual,
                reason: "50".into(),
                amount: Cents(14300),
                line: None,
            }],
            remarks: vec![],
            payer_claim_number: None,
            lines: vec![],
        })
    }

    fn triage(action: RecommendedAction, at_risk: i64, due: Option<NaiveDate>) -> DenialTriaged {
        DenialTriaged {
            line: None,
            group: Some(AdjustmentGroup::Contractual),
            reason: "50".into(),
            remarks: vec![],
            category: DenialCategory::MedicalNecessity,
            action,
            amount_at_risk: Cents(at_risk),
            deadline: due,
            rule: "test".into(),
        }
    }

    fn of(claim: &Claim, open: &[DenialTriaged]) -> Option<Deadline> {
        let terms = PayerTerms::of(&PayerRegistry::sample());
        deadline(claim, open, "medicare-il", day(2026, 11, 20), &terms)
    }

    #[test]
    fn before_the_payer_takes_the_claim_in_timely_filing_runs_from_the_date_of_service() {
        let coded = claim(&[Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })]);
        assert_eq!(
            of(&coded, &[]),
            Some(Deadline {
                kind: Clock::TimelyFiling,
                due: day(2027, 11, 20),
                source: Source::PayerRegistry,
            }),
            "Medicare: 365 days"
        );
        let rejected = claim(&[Event::ClaimRejected(ClaimRejected {
            acknowledgment: Acknowledgment::Implementation999,
            reasons: vec![],
        })]);
        assert_eq!(
            of(&rejected, &[]).map(|d| d.kind),
            Some(Clock::TimelyFiling)
        );
        let accepted = claim(&[Event::ClaimAccepted(ClaimAccepted {
            acknowledgment: Acknowledgment::ClaimAck277,
            payer_claim_number: None,
            status_code: "A1:20".into(),
        })]);
        assert_eq!(of(&accepted, &[]), None, "filed: nothing runs");
    }

    #[test]
    fn a_denial_is_appealed_within_the_payers_days_of_the_remittance_unless_triage_says_otherwise()
    {
        let claim = claim(&[denied(day(2026, 12, 1))]);
        assert_eq!(
            of(&claim, &[]),
            Some(Deadline {
                kind: Clock::Appeal,
                due: day(2027, 3, 31),
                source: Source::PayerRegistry,
            }),
            "Medicare: 120 days from the remittance"
        );
        let recorded = triage(RecommendedAction::Appeal, 14300, Some(day(2027, 1, 15)));
        assert_eq!(
            of(&claim, &[recorded]),
            Some(Deadline {
                kind: Clock::Appeal,
                due: day(2027, 1, 15),
                source: Source::DenialTriage,
            })
        );
        let correct = triage(
            RecommendedAction::CorrectAndResubmit,
            14300,
            Some(day(2027, 2, 1)),
        );
        assert_eq!(
            of(&claim, &[correct]).map(|d| (d.kind, d.due)),
            Some((Clock::TimelyFiling, day(2027, 2, 1)))
        );
        let settled = triage(RecommendedAction::WriteOff, 0, None);
        assert_eq!(of(&claim, &[settled]), None, "triage settled it");
    }
}
