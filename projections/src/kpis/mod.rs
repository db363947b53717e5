//! The measures an operations team watches (DOMAIN.md).
//!
//! Two ways to the same numbers. [`overview`] is the definition: it reads every claim
//! summary. [`contributions`] says which counters one summary adds to; the projector keeps
//! those counters (adding a summary's contributions and taking its previous ones back, in
//! the same batch), and [`overview_from_counters`] computes the overview from them alone,
//! so the dashboard answers without reading a single summary. A test holds the two equal.
//!
//! Counters that depend on today (aging, days in A/R, throughput) are kept per day, and the
//! days are added up at request time: per payer, the days that still hold open receivables;
//! the last 90 days of service; the last 30 days of activity.
//!
//! Pure: summaries or counters and today's date in, numbers out, so the definitions are
//! tested without a server and the dashboard only renders them. Money stays in cents; rates
//! are per-mille integers so no float ever touches an amount (the page formats 953 as
//! 95.3 %).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use claims_events::ClaimStatus;

use crate::summary::ClaimSummary;

mod counters;
mod scan;
#[cfg(test)]
mod tests;

pub use counters::{contributions, overview_from_counters};
pub use scan::overview;

/// Aging buckets, in days since the claim was submitted (or its date of service).
pub const AGING_BUCKETS: [&str; 5] = ["0-30", "31-60", "61-90", "91-120", ">120"];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub claims: u64,
    pub by_status: BTreeMap<String, u64>,
    pub charges: i64,
    pub payments: i64,
    pub contractual: i64,
    pub patient_responsibility: i64,
    pub open_receivables: i64,
    pub kpis: Kpis,
    /// Open receivables per payer per aging bucket, in cents.
    pub aging: BTreeMap<String, [i64; 5]>,
    /// Denial reasons (group-CARC) by number of claims, most frequent first.
    pub top_denials: Vec<(String, u64)>,
    /// Claims submitted and claims paid per day over the last 30 days, oldest first.
    pub throughput: Vec<DayThroughput>,
    /// Denied claims / adjudicated claims, per payer, per mille.
    pub denial_rate_by_payer: BTreeMap<String, u64>,
    /// The same per payer and denial reason: one row per (payer, group-CARC) that denied
    /// anything, by payer, then most claims first.
    pub denial_rate_by_payer_carc: Vec<PayerCarcRate>,
}

/// One cell of the payer × CARC table: of the payer's adjudicated claims, how many were
/// denied (in whole or part) with this reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayerCarcRate {
    pub payer_id: String,
    /// Group and CARC, as billers write it (`CO-50`).
    pub reason: String,
    /// Adjudicated claims of the payer denied with this reason.
    pub claims: u64,
    /// Adjudicated claims of the payer.
    pub adjudicated: u64,
    /// `claims` / `adjudicated`, per mille.
    pub rate: u64,
}

/// What moved on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayThroughput {
    pub date: NaiveDate,
    pub submitted: u64,
    pub paid: u64,
}

/// Days of throughput the overview reports.
pub const THROUGHPUT_DAYS: i64 = 30;

/// The overview's days of throughput, the last of them `today`, nothing moved yet.
pub(crate) fn empty_throughput(today: NaiveDate) -> Vec<DayThroughput> {
    let first_day = today - chrono::Days::new(THROUGHPUT_DAYS as u64 - 1);
    first_day
        .iter_days()
        .take(THROUGHPUT_DAYS as usize)
        .map(|date| DayThroughput {
            date,
            ..Default::default()
        })
        .collect()
}

/// The day of `days` (from [`empty_throughput`]) that is `date`, if it is one of them.
pub(crate) fn throughput_day(
    days: &mut [DayThroughput],
    date: NaiveDate,
) -> Option<&mut DayThroughput> {
    let offset = (date - days.first()?.date).num_days();
    usize::try_from(offset).ok().and_then(|i| days.get_mut(i))
}

/// Each rate per mille (None when there is nothing to divide by), days as whole days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Kpis {
    /// Accepted on first submission without rework / submitted. Benchmark 950-980.
    pub clean_claim_rate: Option<u64>,
    /// Paid on first submission / adjudicated. Benchmark >= 900.
    pub first_pass_resolution: Option<u64>,
    /// Denied / adjudicated. Benchmark < 50.
    pub denial_rate: Option<u64>,
    /// Open receivables / average daily charges over the last 90 days. Benchmark 35-40.
    pub days_in_ar: Option<u64>,
    /// Receivables older than 90 days / all receivables. Benchmark < 150.
    pub ar_over_90: Option<u64>,
    /// Payments / (charges - contractual adjustments), adjudicated claims. Benchmark 950-970.
    pub net_collection_rate: Option<u64>,
    /// Average days from date of service to payment, paid claims.
    pub days_to_payment: Option<u64>,
}

pub(super) fn per_mille(part: i64, whole: i64) -> Option<u64> {
    (whole > 0).then(|| ((part.max(0) as i128 * 1000 + whole as i128 / 2) / whole as i128) as u64)
}

pub(super) fn is_adjudicated(s: &ClaimSummary) -> bool {
    s.paid_on.is_some()
}

/// True while the claim is money owed to the practice by a payer.
pub(super) fn is_receivable(s: &ClaimSummary) -> bool {
    s.open > 0
        && matches!(
            s.status,
            ClaimStatus::Submitted
                | ClaimStatus::Accepted
                | ClaimStatus::Rejected
                | ClaimStatus::PartiallyPaid
                | ClaimStatus::Denied
                | ClaimStatus::Appealed
                | ClaimStatus::Forwarded
        )
}

/// A claim's denial reasons, each once (a CARC on two lines is one denied claim).
pub(super) fn distinct_reasons(s: &ClaimSummary) -> impl Iterator<Item = &str> {
    let mut reasons: Vec<&str> = s.denial_reasons.iter().map(String::as_str).collect();
    reasons.sort_unstable();
    reasons.dedup();
    reasons.into_iter()
}

pub(super) fn bucket(days: i64) -> usize {
    match days {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        91..=120 => 3,
        _ => 4,
    }
}

/// By payer, then most claims first, then reason.
pub(super) fn sort_table(table: &mut [PayerCarcRate]) {
    table.sort_by(|a, b| {
        (
            a.payer_id.as_str(),
            std::cmp::Reverse(a.claims),
            a.reason.as_str(),
        )
            .cmp(&(
                b.payer_id.as_str(),
                std::cmp::Reverse(b.claims),
                b.reason.as_str(),
            ))
    });
}
