//! The same measures from counters: which counters one summary adds to, and the overview
//! computed from the counters alone (what the dashboard asks for).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use claims_events::ClaimStatus;

use super::*;
use crate::summary::ClaimSummary;

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
    o.throughput = empty_throughput(today);
    for (name, paid) in [("submitted_day", false), ("paid_day", true)] {
        for (date, n) in days(counters, name) {
            if let Some(day) = throughput_day(&mut o.throughput, date) {
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
