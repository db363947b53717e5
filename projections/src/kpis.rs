//! The measures an operations team watches (DOMAIN.md), computed from claim summaries.
//!
//! Pure: summaries and today's date in, numbers out, so the definitions are tested without a
//! server and the dashboard only renders them. Money stays in cents; rates are per-mille
//! integers so no float ever touches an amount (the page formats 953 as 95.3 %).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use claims_events::ClaimStatus;

use crate::summary::ClaimSummary;

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

fn per_mille(part: i64, whole: i64) -> Option<u64> {
    (whole > 0).then(|| ((part.max(0) as i128 * 1000 + whole as i128 / 2) / whole as i128) as u64)
}

fn is_adjudicated(s: &ClaimSummary) -> bool {
    s.paid_on.is_some()
}

/// True while the claim is money owed to the practice by a payer.
fn is_receivable(s: &ClaimSummary) -> bool {
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
fn distinct_reasons(s: &ClaimSummary) -> impl Iterator<Item = &str> {
    let mut reasons: Vec<&str> = s.denial_reasons.iter().map(String::as_str).collect();
    reasons.sort_unstable();
    reasons.dedup();
    reasons.into_iter()
}

fn bucket(days: i64) -> usize {
    match days {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        91..=120 => 3,
        _ => 4,
    }
}

/// Computes the overview of `summaries` as of `today`.
pub fn overview<'a>(
    summaries: impl IntoIterator<Item = &'a ClaimSummary>,
    today: NaiveDate,
) -> Overview {
    let mut o = Overview::default();
    let (mut submitted, mut clean, mut adjudicated, mut first_pass, mut denied) =
        (0i64, 0i64, 0i64, 0i64, 0i64);
    let (mut adjudicated_charges, mut adjudicated_contractual, mut adjudicated_payments) =
        (0i64, 0i64, 0i64);
    let (mut recent_charges, mut over_90) = (0i64, 0i64);
    let (mut days_to_pay, mut paid_claims) = (0i64, 0i64);
    let mut denials: BTreeMap<String, u64> = BTreeMap::new();
    let first_day = today - chrono::Days::new(THROUGHPUT_DAYS as u64 - 1);
    let mut throughput: Vec<DayThroughput> = first_day
        .iter_days()
        .take(THROUGHPUT_DAYS as usize)
        .map(|date| DayThroughput {
            date,
            ..Default::default()
        })
        .collect();
    let day_index = |date: NaiveDate| -> Option<usize> {
        let offset = (date - first_day).num_days();
        (0..THROUGHPUT_DAYS)
            .contains(&offset)
            .then_some(offset as usize)
    };
    let mut payer_adjudicated: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut payer_carc: BTreeMap<(String, String), u64> = BTreeMap::new();
    for s in summaries {
        o.claims += 1;
        *o.by_status.entry(s.status.as_str().to_owned()).or_default() += 1;
        o.charges += s.charge;
        o.payments += s.paid;
        o.contractual += s.contractual;
        o.patient_responsibility += s.patient_responsibility;
        if (today - s.service_date).num_days() <= 90 {
            recent_charges += s.charge;
        }
        if s.submissions > 0 {
            submitted += 1;
            if !s.had_rework && s.submissions == 1 && s.status != ClaimStatus::Rejected {
                clean += 1;
            }
        }
        if is_adjudicated(s) {
            adjudicated += 1;
            adjudicated_charges += s.charge;
            adjudicated_contractual += s.contractual;
            adjudicated_payments += s.paid;
            let entry = payer_adjudicated.entry(s.payer_id.clone()).or_default();
            entry.0 += 1;
            if s.ever_denied {
                denied += 1;
                entry.1 += 1;
            }
            for reason in distinct_reasons(s) {
                *payer_carc
                    .entry((s.payer_id.clone(), reason.to_owned()))
                    .or_default() += 1;
            }
            if s.submissions == 1 && !s.ever_denied && s.paid > 0 {
                first_pass += 1;
            }
        }
        if let (Some(paid_on), true) = (s.paid_on, s.paid > 0) {
            days_to_pay += (paid_on - s.service_date).num_days().max(0);
            paid_claims += 1;
        }
        if let Some(i) = s.submitted_at.and_then(|t| day_index(t.date_naive())) {
            throughput[i].submitted += 1;
        }
        if let (Some(i), true) = (s.paid_on.and_then(day_index), s.paid > 0) {
            throughput[i].paid += 1;
        }
        for reason in &s.denial_reasons {
            *denials.entry(reason.clone()).or_default() += 1;
        }
        if is_receivable(s) {
            o.open_receivables += s.open;
            let since = s
                .submitted_at
                .map(|t| t.date_naive())
                .unwrap_or(s.service_date);
            let days = (today - since).num_days();
            o.aging.entry(s.payer_id.clone()).or_insert([0; 5])[bucket(days)] += s.open;
            if days > 90 {
                over_90 += s.open;
            }
        }
    }
    o.kpis = Kpis {
        clean_claim_rate: per_mille(clean, submitted),
        first_pass_resolution: per_mille(first_pass, adjudicated),
        denial_rate: per_mille(denied, adjudicated),
        days_in_ar: (recent_charges > 0)
            .then(|| (o.open_receivables as i128 * 90 / recent_charges as i128) as u64),
        ar_over_90: per_mille(over_90, o.open_receivables),
        net_collection_rate: per_mille(
            adjudicated_payments,
            adjudicated_charges - adjudicated_contractual,
        ),
        days_to_payment: (paid_claims > 0).then(|| (days_to_pay / paid_claims) as u64),
    };
    let mut top: Vec<(String, u64)> = denials.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(10);
    o.top_denials = top;
    o.throughput = throughput;
    let mut table: Vec<PayerCarcRate> = payer_carc
        .into_iter()
        .map(|((payer_id, reason), claims)| {
            let adjudicated = payer_adjudicated.get(&payer_id).map_or(0, |e| e.0) as u64;
            PayerCarcRate {
                rate: per_mille(claims as i64, adjudicated as i64).unwrap_or(0),
                payer_id,
                reason,
                claims,
                adjudicated,
            }
        })
        .collect();
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
    o.denial_rate_by_payer_carc = table;
    o.denial_rate_by_payer = payer_adjudicated
        .into_iter()
        .filter_map(|(payer, (total, denied))| per_mille(denied, total).map(|rate| (payer, rate)))
        .collect();
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(status: ClaimStatus, charge: i64, paid: i64, contractual: i64) -> ClaimSummary {
        ClaimSummary {
            claim_id: "c".into(),
            partner: "p".into(),
            encounter_id: "e".into(),
            payer_id: "medicare-il".into(),
            status,
            service_date: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            charge,
            paid,
            patient_responsibility: 0,
            contractual,
            written_off: 0,
            denied: 0,
            open: charge - paid - contractual,
            submitted_at: None,
            last_changed: None,
            follow_up_due: false,
            coding_issues: vec![],
            waiting_for: None,
            submissions: 1,
            had_rework: false,
            ever_denied: false,
            denial_reasons: vec![],
            paid_on: None,
            deadline: None,
        }
    }

    #[test]
    fn given_one_clean_paid_claim_and_one_denied_when_measured_then_rates_follow_the_definitions() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let paid = ClaimSummary {
            paid_on: Some(NaiveDate::from_ymd_opt(2026, 10, 21).unwrap()),
            ..summary(ClaimStatus::Paid, 10_000, 8_000, 2_000)
        };
        let denied = ClaimSummary {
            paid_on: Some(NaiveDate::from_ymd_opt(2026, 10, 21).unwrap()),
            ever_denied: true,
            denial_reasons: vec!["CO-50".into()],
            ..summary(ClaimStatus::Denied, 5_000, 0, 0)
        };
        let o = overview([&paid, &denied], today);
        assert_eq!(o.kpis.clean_claim_rate, Some(1000));
        assert_eq!(o.kpis.denial_rate, Some(500));
        assert_eq!(o.kpis.first_pass_resolution, Some(500));
        // 8000 paid / (15000 charged - 2000 contractual) = 615.4 per mille.
        assert_eq!(o.kpis.net_collection_rate, Some(615));
        assert_eq!(o.kpis.days_to_payment, Some(20));
        assert_eq!(o.open_receivables, 5_000);
        assert_eq!(o.aging["medicare-il"], [0, 5_000, 0, 0, 0]);
        assert_eq!(o.top_denials, vec![("CO-50".to_owned(), 1)]);
        assert_eq!(
            o.denial_rate_by_payer_carc,
            vec![PayerCarcRate {
                payer_id: "medicare-il".into(),
                reason: "CO-50".into(),
                claims: 1,
                adjudicated: 2,
                rate: 500,
            }]
        );
        assert_eq!(o.throughput.len(), 30);
        assert_eq!(o.throughput.last().unwrap().date, today);
        assert!(
            o.throughput.iter().all(|d| d.paid == 0),
            "payments older than 30 days are outside the window"
        );
        let recent = ClaimSummary {
            paid_on: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
            ..paid.clone()
        };
        let o = overview([&recent, &denied], today);
        let day = o
            .throughput
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
            .unwrap();
        assert_eq!(
            day.paid, 1,
            "the paid claim counts on its payment date; the denied one paid nothing"
        );
    }
}
