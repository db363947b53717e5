//! The two clocks a denial runs against, and the notices a sweep gives as they near and pass.
//!
//! An appeal must reach the payer within its appeal window, counted from the remittance date
//! (`paid_on`); a corrected claim or a claim to another payer must still be within the timely
//! filing limit, counted from the date of service. Missing either forfeits the money, so a
//! worklist shows them and a daily sweep records `DeadlineApproaching` (within
//! [`APPROACHING_WITHIN_DAYS`]) and `DeadlinePassed` once each per deadline. Pure: the sweep
//! passes today's date in.

use chrono::{Days, NaiveDate};

use claims_events::event::{DeadlineApproaching, DeadlineKind, DeadlinePassed, RecommendedAction};
use claims_events::{Claim, Event, PayerId};
use claims_payers::{Payer, PayerRegistry};

use crate::case::DenialCase;

/// How close a deadline must be for the sweep to announce it.
pub const APPROACHING_WITHIN_DAYS: u32 = 14;

/// The deadline that governs an action: appeals (and what a person must still judge, which
/// may end in one) run against the appeal window; anything sent again runs against timely
/// filing; billing the patient and writing off have none.
pub fn kind_for(action: RecommendedAction) -> Option<DeadlineKind> {
    use RecommendedAction as A;
    match action {
        A::Appeal | A::HumanReview | A::InvestigateDuplicate => Some(DeadlineKind::Appeal),
        A::CorrectAndResubmit | A::BillAnotherPayer => Some(DeadlineKind::TimelyFiling),
        A::BillPatient | A::WriteOff => None,
    }
}

/// The last day an appeal of a remittance dated `paid_on` is heard.
pub fn appeal_deadline(paid_on: NaiveDate, payer: &Payer) -> NaiveDate {
    add_days(paid_on, payer.appeal_days)
}

/// The last day a claim for a service on `service_date` may be filed with `payer`.
pub fn timely_filing_deadline(service_date: NaiveDate, payer: &Payer) -> NaiveDate {
    add_days(service_date, payer.timely_filing_days)
}

fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    // Only a date past the year 262143 overflows; no deadline is that far off.
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Days from `today` to `deadline`: negative once it has passed.
pub fn days_left(today: NaiveDate, deadline: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// The notices a sweep as of `today` adds to `case`: for each open deadline, `DeadlinePassed`
/// the day after it, else `DeadlineApproaching` once it is `within` days away; each only if
/// the log does not already have it. A case nobody needs to work gets none.
pub fn decide_deadlines(case: &DenialCase, today: NaiveDate, within: u32) -> Vec<Event> {
    if !case.is_workable() {
        return Vec::new();
    }
    let mut events = Vec::new();
    for (kind, deadline) in case.deadlines() {
        let left = days_left(today, deadline);
        if left < 0 {
            if !case.notified(kind, deadline, true) {
                events.push(Event::DeadlinePassed(DeadlinePassed { kind, deadline }));
            }
        } else if left <= i64::from(within) && !case.notified(kind, deadline, false) {
            events.push(Event::DeadlineApproaching(DeadlineApproaching {
                kind,
                deadline,
                // `left` is between 0 and `within` here.
                days_left: u32::try_from(left).unwrap_or(within),
            }));
        }
    }
    events
}

/// The deadline for `action`: the appeal window from the remittance date, or what is left of
/// timely filing with the payer the claim would go to (another payer on the encounter, for
/// `BillAnotherPayer`). `None` when the action has none or the payer is unknown.
pub fn deadline_for(
    action: RecommendedAction,
    paid_on: Option<NaiveDate>,
    claim: &Claim,
    payer: Option<&Payer>,
    payers: &PayerRegistry,
) -> Option<NaiveDate> {
    match kind_for(action)? {
        DeadlineKind::Appeal => Some(appeal_deadline(paid_on?, payer?)),
        DeadlineKind::TimelyFiling => {
            let service_date = claim.encounter.as_ref()?.service_date;
            let payer = match action {
                RecommendedAction::BillAnotherPayer => other_payer(claim, payers)?,
                _ => payer?,
            };
            Some(timely_filing_deadline(service_date, payer))
        }
    }
}

/// The payer named (by a remittance), else the payer billed now.
pub fn payer_of<'a>(
    claim: &Claim,
    payers: &'a PayerRegistry,
    named: Option<&PayerId>,
) -> Option<&'a Payer> {
    named
        .and_then(|id| payers.get(id))
        .or_else(|| payers.get(&claim.coverage.as_ref()?.payer_id))
}

/// The encounter's other coverage: the payer a rebill would go to.
fn other_payer<'a>(claim: &Claim, payers: &'a PayerRegistry) -> Option<&'a Payer> {
    let current = &claim.coverage.as_ref()?.payer_id;
    let encounter = claim.encounter.as_ref()?;
    [
        Some(&encounter.coverage),
        encounter.secondary_coverage.as_ref(),
    ]
    .into_iter()
    .flatten()
    .find(|coverage| &coverage.payer_id != current)
    .and_then(|coverage| payers.get(&coverage.payer_id))
}
