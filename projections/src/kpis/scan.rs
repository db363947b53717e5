//! The definition: every measure computed by reading every claim summary.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use claims_events::ClaimStatus;

use super::*;
use crate::summary::ClaimSummary;

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
    let mut throughput = empty_throughput(today);
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
        if let Some(day) = s
            .submitted_at
            .and_then(|t| throughput_day(&mut throughput, t.date_naive()))
        {
            day.submitted += 1;
        }
        if s.paid > 0 {
            if let Some(day) = s.paid_on.and_then(|d| throughput_day(&mut throughput, d)) {
                day.paid += 1;
            }
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
