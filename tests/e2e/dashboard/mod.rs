//! The dashboard's API against a running system: the numbers it serves follow the log.

use std::time::Duration;

use claims_test_support::{publish_inbox, settings_for, NatsServer};
use serde_json::Value;

use crate::harness::{example, ReadSide, Running};

mod api;
mod deadlines;
mod denial_rate;
mod unmatched;

pub use claims_test_support::http_get as get;

/// GETs `path` as JSON until `done` holds (20 s at most), and returns it.
pub async fn get_until(
    addr: std::net::SocketAddr,
    path: &str,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = get(addr, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        let value: Value = serde_json::from_str(&body).unwrap();
        if done(&value) {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} never happened: {path} answers {value}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The history of a claim for a visit `days_ago` days ago billed to `payer`: registered,
/// eligible and coded in one commit; then, if `accepted`, submitted and accepted.
pub(crate) fn history(
    encounter_id: &str,
    payer: &str,
    days_ago: u64,
    accepted: bool,
) -> Vec<claims_events::Event> {
    use claims_events::event::*;
    use claims_events::{sample, Cents, Event};
    let today = chrono::Utc::now().date_naive();
    let mut encounter = sample::encounter("springfield-fp", encounter_id);
    encounter.service_date = today - chrono::Days::new(days_ago);
    encounter.coverage.payer_id = payer.parse().unwrap();
    let mut events = vec![
        Event::ClaimRegistered(ClaimRegistered { encounter }),
        Event::EligibilityConfirmed(EligibilityConfirmed {
            payer_id: payer.parse().unwrap(),
            plan: "plan".into(),
            coverage_start: today - chrono::Days::new(800),
            coverage_end: None,
        }),
        Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        }),
    ];
    if accepted {
        events.push(Event::ClaimSubmitted(sample::submitted(
            uuid::Uuid::now_v7(),
            payer,
            Cents(14300),
        )));
        events.push(Event::ClaimAccepted(sample::accepted(Some("PCN-1"))));
    }
    events
}

/// A denial of the whole $143.00 with `carc`, paid on `days_ago` days ago.
pub(crate) fn denial(carc: &str, days_ago: u64) -> claims_events::Event {
    use claims_events::event::*;
    use claims_events::{Cents, Event};
    Event::RemittancePosted(RemittancePosted {
        trace: format!("T-{carc}"),
        payer_id: "medicare-il".parse().unwrap(),
        paid_on: chrono::Utc::now().date_naive() - chrono::Days::new(days_ago),
        status: ClaimPaymentStatus::Denied,
        billed: Cents(14300),
        paid: Cents(0),
        allowed: None,
        patient_share: PatientShare::default(),
        adjustments: vec![Adjustment {
            group: AdjustmentGroup::Contractual,
            reason: carc.into(),
            amount: Cents(14300),
            line: None,
        }],
        remarks: vec![],
        payer_claim_number: Some("PCN-1".into()),
        lines: vec![],
    })
}

/// A remittance of the $143.00 claim from `payer`: `paid` cents and these (group, CARC,
/// cents, line) adjustments.
fn remit(
    payer: &str,
    trace: &str,
    paid: i64,
    adjustments: &[(&str, &str, i64, Option<u16>)],
) -> claims_events::Event {
    use claims_events::event::*;
    use claims_events::{Cents, Event};
    Event::RemittancePosted(RemittancePosted {
        trace: trace.into(),
        payer_id: payer.parse().unwrap(),
        paid_on: chrono::Utc::now().date_naive() - chrono::Days::new(5),
        status: if paid == 0 {
            ClaimPaymentStatus::Denied
        } else {
            ClaimPaymentStatus::Processed(1)
        },
        billed: Cents(14300),
        paid: Cents(paid),
        allowed: None,
        patient_share: PatientShare::default(),
        adjustments: adjustments
            .iter()
            .map(|&(group, carc, cents, line)| Adjustment {
                group: AdjustmentGroup::from_code(group).unwrap(),
                reason: carc.into(),
                amount: Cents(cents),
                line,
            })
            .collect(),
        remarks: vec![],
        payer_claim_number: None,
        lines: vec![],
    })
}
