//! The two ways to the numbers held equal, and the definitions checked by hand.

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
    assert!(expected.kpis.ar_over_90.is_some() && !expected.denial_rate_by_payer_carc.is_empty());
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
