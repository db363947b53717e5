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
    sort_table(&mut table);
    o.denial_rate_by_payer_carc = table;
    o.denial_rate_by_payer = payer_adjudicated
        .into_iter()
        .filter_map(|(payer, (total, denied))| per_mille(denied, total).map(|rate| (payer, rate)))
        .collect();
    o
}

/// The counters (names under `agg/`, see `keys::counter`) one summary adds to, and by how
/// much. A counter's value is the sum over every summary of what it contributes.
pub fn contributions(s: &ClaimSummary) -> Vec<(String, i64)> {
    let payer = crate::keys::part(&s.payer_id);
    let date = crate::keys::date;
    let mut c: Vec<(String, i64)> = vec![
        ("total/claims".into(), 1),
        ("total/charges".into(), s.charge),
        ("total/payments".into(), s.paid),
        ("total/contractual".into(), s.contractual),
        (
            "total/patient_responsibility".into(),
            s.patient_responsibility,
        ),
        (format!("service_day/{}", date(s.service_date)), s.charge),
    ];
    if s.submissions > 0 {
        c.push(("total/submitted".into(), 1));
        if !s.had_rework && s.submissions == 1 && s.status != ClaimStatus::Rejected {
            c.push(("total/clean".into(), 1));
        }
    }
    if is_adjudicated(s) {
        c.push(("total/adjudicated".into(), 1));
        c.push(("total/adjudicated_charges".into(), s.charge));
        c.push(("total/adjudicated_contractual".into(), s.contractual));
        c.push(("total/adjudicated_payments".into(), s.paid));
        c.push((format!("payer/{payer}/adjudicated"), 1));
        if s.ever_denied {
            c.push(("total/denied".into(), 1));
            c.push((format!("payer/{payer}/denied"), 1));
        }
        if s.submissions == 1 && !s.ever_denied && s.paid > 0 {
            c.push(("total/first_pass".into(), 1));
        }
        for reason in distinct_reasons(s) {
            c.push((
                format!("payer_carc/{payer}/{}", crate::keys::part(reason)),
                1,
            ));
        }
    }
    if let (Some(paid_on), true) = (s.paid_on, s.paid > 0) {
        c.push((
            "total/days_to_pay".into(),
            (paid_on - s.service_date).num_days().max(0),
        ));
        c.push(("total/paid_claims".into(), 1));
        c.push((format!("paid_day/{}", date(paid_on)), 1));
    }
    if let Some(submitted_at) = s.submitted_at {
        c.push((
            format!("submitted_day/{}", date(submitted_at.date_naive())),
            1,
        ));
    }
    for reason in &s.denial_reasons {
        c.push((format!("reason/{}", crate::keys::part(reason)), 1));
    }
    if is_receivable(s) {
        c.push(("total/open_receivables".into(), s.open));
        let since = s
            .submitted_at
            .map(|t| t.date_naive())
            .unwrap_or(s.service_date);
        c.push((format!("aging/{payer}/{}", date(since)), s.open));
    }
    c
}

/// The overview from the counters [`contributions`] add up to (any superset of the ones it
/// needs: keys outside its date windows are passed over) and the claim counts by status.
pub fn overview_from_counters(
    counters: &BTreeMap<String, i64>,
    by_status: BTreeMap<String, u64>,
    today: NaiveDate,
) -> Overview {
    let total = |name: &str| counters.get(&format!("total/{name}")).copied().unwrap_or(0);
    let mut o = Overview {
        claims: total("claims") as u64,
        by_status,
        charges: total("charges"),
        payments: total("payments"),
        contractual: total("contractual"),
        patient_responsibility: total("patient_responsibility"),
        open_receivables: total("open_receivables"),
        ..Overview::default()
    };
    let mut over_90 = 0;
    for (payer, since, open) in pairs(counters, "aging") {
        let Some(since) = crate::keys::parse_date(&since) else {
            continue;
        };
        let days = (today - since).num_days();
        o.aging.entry(payer).or_insert([0; 5])[bucket(days)] += open;
        if days > 90 {
            over_90 += open;
        }
    }
    let recent_charges: i64 = days(counters, "service_day")
        .filter(|(date, _)| (today - *date).num_days() <= 90)
        .map(|(_, charge)| charge)
        .sum();
    o.kpis = Kpis {
        clean_claim_rate: per_mille(total("clean"), total("submitted")),
        first_pass_resolution: per_mille(total("first_pass"), total("adjudicated")),
        denial_rate: per_mille(total("denied"), total("adjudicated")),
        days_in_ar: (recent_charges > 0)
            .then(|| (o.open_receivables as i128 * 90 / recent_charges as i128) as u64),
        ar_over_90: per_mille(over_90, o.open_receivables),
        net_collection_rate: per_mille(
            total("adjudicated_payments"),
            total("adjudicated_charges") - total("adjudicated_contractual"),
        ),
        days_to_payment: (total("paid_claims") > 0)
            .then(|| (total("days_to_pay") / total("paid_claims")) as u64),
    };
    let first_day = today - chrono::Days::new(THROUGHPUT_DAYS as u64 - 1);
    o.throughput = first_day
        .iter_days()
        .take(THROUGHPUT_DAYS as usize)
        .map(|date| DayThroughput {
            date,
            ..Default::default()
        })
        .collect();
    for (name, paid) in [("submitted_day", false), ("paid_day", true)] {
        for (date, n) in days(counters, name) {
            let offset = (date - first_day).num_days();
            if let Some(day) = usize::try_from(offset)
                .ok()
                .and_then(|i| o.throughput.get_mut(i))
            {
                if paid {
                    day.paid += n as u64;
                } else {
                    day.submitted += n as u64;
                }
            }
        }
    }
    let mut top: Vec<(String, u64)> = named(counters, "reason")
        .map(|(reason, n)| (crate::keys::unpart(reason), n as u64))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top.truncate(10);
    o.top_denials = top;
    let mut adjudicated: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (payer, measure, n) in pairs(counters, "payer") {
        let entry = adjudicated.entry(payer).or_default();
        match measure.as_str() {
            "adjudicated" => entry.0 = n,
            "denied" => entry.1 = n,
            _ => {}
        }
    }
    let mut table: Vec<PayerCarcRate> = pairs(counters, "payer_carc")
        .map(|(payer_id, reason, claims)| {
            let of = adjudicated.get(&payer_id).map_or(0, |e| e.0);
            PayerCarcRate {
                rate: per_mille(claims, of).unwrap_or(0),
                payer_id,
                reason,
                claims: claims as u64,
                adjudicated: of as u64,
            }
        })
        .collect();
    sort_table(&mut table);
    o.denial_rate_by_payer_carc = table;
    o.denial_rate_by_payer = adjudicated
        .into_iter()
        .filter_map(|(payer, (total, denied))| per_mille(denied, total).map(|rate| (payer, rate)))
        .collect();
    o
}

/// The counters named `<prefix>/<rest>`, as (rest, value).
fn named<'a>(
    counters: &'a BTreeMap<String, i64>,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a str, i64)> + 'a {
    counters
        .range(format!("{prefix}/")..)
        .take_while(move |(k, _)| k.starts_with(prefix) && k[prefix.len()..].starts_with('/'))
        .filter(|(_, v)| **v != 0)
        .map(move |(k, v)| (&k[prefix.len() + 1..], *v))
}

/// The counters named `<prefix>/<a>/<b>`, as (a, b, value), parts unescaped.
fn pairs<'a>(
    counters: &'a BTreeMap<String, i64>,
    prefix: &'a str,
) -> impl Iterator<Item = (String, String, i64)> + 'a {
    named(counters, prefix).filter_map(|(rest, v)| {
        let (a, b) = rest.split_once('/')?;
        Some((crate::keys::unpart(a), crate::keys::unpart(b), v))
    })
}

/// The counters named `<prefix>/<date>`, as (date, value).
fn days<'a>(
    counters: &'a BTreeMap<String, i64>,
    prefix: &'a str,
) -> impl Iterator<Item = (NaiveDate, i64)> + 'a {
    named(counters, prefix).filter_map(|(rest, v)| Some((crate::keys::parse_date(rest)?, v)))
}

/// By payer, then most claims first, then reason.
fn sort_table(table: &mut [PayerCarcRate]) {
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

    /// Summaries of every kind: statuses, payers, dates from a year ago to next month,
    /// resubmissions, denials (a reason twice on one claim), payments inside and outside
    /// the windows.
    fn varied(n: u64, today: NaiveDate) -> Vec<ClaimSummary> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let day = |offset: i64| today + chrono::Duration::days(offset);
        (0..n)
            .map(|i| {
                let status = ClaimStatus::ALL[1 + next(18) as usize];
                let charge = 1000 + next(50_000) as i64;
                let paid = [0, charge / 2, charge][next(3) as usize];
                let contractual = (charge - paid) / 3;
                let service_date = day(30 - next(400) as i64);
                let submitted = next(4) > 0;
                let reasons = ["CO-50", "CO-16", "PR-96", "OA-23", "CO-97"];
                let denial_reasons: Vec<String> = (0..next(3))
                    .map(|_| reasons[next(5) as usize].to_owned())
                    .collect();
                ClaimSummary {
                    claim_id: format!("c{i}"),
                    payer_id: ["medicare-il", "bluecross-il", "aetna"][next(3) as usize].into(),
                    service_date,
                    open: charge - paid - contractual,
                    submitted_at: submitted.then(|| {
                        (service_date + chrono::Duration::days(next(20) as i64))
                            .and_hms_opt(9, 0, 0)
                            .unwrap()
                            .and_utc()
                    }),
                    submissions: if submitted { 1 + next(2) as u32 } else { 0 },
                    had_rework: next(5) == 0,
                    ever_denied: !denial_reasons.is_empty() || next(10) == 0,
                    denial_reasons,
                    paid_on: (next(2) == 0).then(|| day(-(next(60) as i64))),
                    patient_responsibility: next(2000) as i64,
                    ..summary(status, charge, paid, contractual)
                }
            })
            .collect()
    }

    #[test]
    fn the_overview_from_counters_equals_the_overview_from_every_summary() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let summaries = varied(500, today);
        let mut counters: BTreeMap<String, i64> = BTreeMap::new();
        let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
        for s in &summaries {
            for (name, value) in contributions(s) {
                *counters.entry(name).or_default() += value;
            }
            *by_status.entry(s.status.as_str().to_owned()).or_default() += 1;
        }
        let expected = overview(&summaries, today);
        assert!(
            expected.kpis.ar_over_90.is_some() && !expected.denial_rate_by_payer_carc.is_empty()
        );
        assert!(expected
            .throughput
            .iter()
            .any(|d| d.paid > 0 && d.submitted > 0));
        assert_eq!(
            overview_from_counters(&counters, by_status.clone(), today),
            expected
        );

        // Taking a summary's contributions back is forgetting it.
        for (name, value) in contributions(&summaries[0]) {
            *counters.entry(name).or_default() -= value;
        }
        *by_status.get_mut(summaries[0].status.as_str()).unwrap() -= 1;
        by_status.retain(|_, n| *n > 0);
        assert_eq!(
            overview_from_counters(&counters, by_status, today),
            overview(&summaries[1..], today)
        );
    }
}
