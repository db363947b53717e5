//! The dashboard's API against a running system: the numbers it serves follow the log.

use std::time::Duration;

use claims_test_support::{publish_inbox, settings_for, NatsServer};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::harness::{example, ReadSide, Running};

/// A plain HTTP/1.1 GET; returns the status code and the body.
pub async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_serves_counts_worklists_and_timelines_that_follow_the_log() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::registration_and_coding(settings.clone()).await;
    let read_side = ReadSide::start(&settings, &system.store).await;
    let addr = read_side.addr;

    publish_inbox(
        &system.client,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    let template: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    for (i, diagnoses) in [["E11.9", "I10"], ["E11", "I10"], ["E11.9", "I10"]]
        .iter()
        .enumerate()
    {
        let mut encounter = template.clone();
        encounter["encounter_id"] = format!("ENC-{i}").into();
        encounter["diagnoses"] = serde_json::json!(diagnoses);
        publish_inbox(
            &system.client,
            "inbox.springfield-fp.encounter",
            &format!("M-{i}"),
            &serde_json::to_vec(&encounter).unwrap(),
        )
        .await;
    }

    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let overview = loop {
        let (status, body) = get(addr, "/api/overview").await;
        assert_eq!(status, 200);
        let overview: Value = serde_json::from_str(&body).unwrap();
        let by_status = &overview["overview"]["by_status"];
        if by_status["coded"] == 2 && by_status["coding_issues"] == 1 {
            break overview;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "overview never caught up: {overview}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(overview["overview"]["claims"], 3);
    assert_eq!(
        overview["overview"]["charges"],
        3 * 14300,
        "three claims of $143.00, in cents"
    );
    assert_eq!(overview["worklists"]["coding"], 1);

    let (_, body) = get(addr, "/api/worklists/coding").await;
    let worklist: Value = serde_json::from_str(&body).unwrap();
    let claim = &worklist["claims"][0];
    assert_eq!(claim["coding_issues"][0], "icd10.not_billable");
    let claim_id = claim["claim_id"].as_str().unwrap().to_owned();

    let (status, body) = get(addr, &format!("/api/claims/{claim_id}")).await;
    assert_eq!(status, 200);
    let detail: Value = serde_json::from_str(&body).unwrap();
    let timeline = detail["timeline"].as_array().unwrap();
    // Registered (with coverage confirmed at once, or held and then confirmed), then coded.
    assert!((2..=3).contains(&timeline.len()), "{timeline:?}");
    assert_eq!(timeline.last().unwrap()["status_after"], "coding_issues");
    assert!(timeline[0]["events"][0]
        .as_str()
        .unwrap()
        .starts_with("Claim registered from encounter ENC-1"));

    assert_eq!(get(addr, "/api/worklists/nonsense").await.0, 404);
    assert_eq!(get(addr, "/api/claims/not-a-claim").await.0, 400);
    let (status, page) = get(addr, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("<title>Claims — operations</title>"));
    let (_, metrics) = get(addr, "/metrics").await;
    assert!(
        metrics.contains("claims_commits_appended_total{service=\"registration\"}"),
        "{metrics}"
    );
    assert!(metrics.contains("claims_projection_lag 0"), "{metrics}");

    system.stop().await;
}

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

/// One 835 posts one payment, holds three (an unknown claim, a CLP01 that is no claim of
/// ours, a line that matches nothing on a claim it also paid); a second 835 re-sends the
/// unknown claim's payment after the claim was registered, which posts it: that item leaves
/// the list and the other two stay. (A posting from the 835 that held the payment never
/// clears it; the kill-and-rebuild test in projections.rs covers that.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_held_in_suspense_are_a_worklist_until_a_later_835_posts_them() {
    use crate::remittance::{paid, send, submitted_claim};
    use claims_remittance::sample::{ClaimPaid, LinePaid};

    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::remittance(settings.clone()).await;
    let read_side = ReadSide::start(&settings, &system.store).await;
    let addr = read_side.addr;
    let partner = "springfield-fp".parse().unwrap();
    let known = submitted_claim(&system, "ENC-KNOWN").await;
    let late = claims_events::ClaimId::for_encounter(&partner, "ENC-LATE");
    let stray_line = ClaimPaid::new(&known.to_string(), "1", 5000, 4000)
        .line(LinePaid::new("99499", 5000, 4000).cas("CO", "45", 1000));

    let started = chrono::Utc::now();
    send(
        &system,
        "ERA-1",
        "EFT-1",
        vec![
            paid(known, "1", 1),
            paid(late, "1", 1),
            ClaimPaid::new("ACCT-77", "1", 5000, 5000),
            stray_line,
        ],
    )
    .await;

    let path = "/api/worklists/unmatched-remittances";
    let list = get_until(addr, path, "three payments held", |v| v["count"] == 3).await;
    assert_eq!(list["amount"], 9050 + 5000 + 4000, "cents held in all");
    let items = list["remittances"].as_array().unwrap();
    let row = |item: &Value| {
        (
            item["payer_name"].as_str().unwrap().to_owned(),
            item["payer_id"].as_str().unwrap().to_owned(),
            item["trace"].as_str().unwrap().to_owned(),
            item["amount"].as_i64().unwrap(),
            item["patient_control_number"].as_str().unwrap().to_owned(),
            item["reason"].as_str().unwrap().to_owned(),
        )
    };
    let medicare = || {
        (
            "MEDICARE PART B ILLINOIS".to_owned(),
            "06102".to_owned(),
            "EFT-1".to_owned(),
        )
    };
    let expected = |amount: i64, pcn: &str, reason: &str| {
        let (name, id, trace) = medicare();
        (name, id, trace, amount, pcn.to_owned(), reason.to_owned())
    };
    let mut rows: Vec<_> = items.iter().map(row).collect();
    rows.sort_by(|a, b| a.4.cmp(&b.4).then(a.3.cmp(&b.3)));
    let mut want = vec![
        expected(9050, &late.to_string(), "claim.unknown"),
        expected(5000, "ACCT-77", "claim.not_ours"),
        expected(4000, &known.to_string(), "line.unmatched"),
    ];
    want.sort_by(|a, b| a.4.cmp(&b.4).then(a.3.cmp(&b.3)));
    assert_eq!(rows, want);
    for item in items {
        let received: chrono::DateTime<chrono::Utc> =
            item["received_at"].as_str().unwrap().parse().unwrap();
        assert!(
            received >= started - chrono::Duration::seconds(1) && received <= chrono::Utc::now(),
            "received when the 835 was processed: {item}"
        );
    }
    let overview = get_until(addr, "/api/overview", "the count in the overview", |v| {
        v["worklists"]["unmatched-remittances"] == 3
    })
    .await;
    assert_eq!(overview["worklists"]["unmatched-remittances"], 3);

    // The claim is registered and billed since; the payer re-sends the payment.
    submitted_claim(&system, "ENC-LATE").await;
    send(&system, "ERA-2", "EFT-1", vec![paid(late, "1", 1)]).await;

    let list = get_until(addr, path, "the late claim's payment posted", |v| {
        v["count"] == 2
    })
    .await;
    let mut left: Vec<String> = list["remittances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["patient_control_number"].as_str().unwrap().to_owned())
        .collect();
    left.sort();
    let mut want = vec!["ACCT-77".to_owned(), known.to_string()];
    want.sort();
    assert_eq!(
        left, want,
        "what nothing posted stays: the stray line and the payment for another system's account"
    );
    assert_eq!(list["amount"], 5000 + 4000);
    let (_, body) = get(addr, &format!("/api/claims/{late}")).await;
    let claim: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        claim["summary"]["paid"], 9050,
        "the payment is on the claim now"
    );
    let index = get_until(addr, "/api/worklists", "the index", |v| {
        v["worklists"]["unmatched-remittances"] == 2
    })
    .await;
    assert!(index["worklists"]["coding"].is_number(), "{index}");
    assert_eq!(
        get(
            addr,
            "/api/worklists/unmatched-remittances?payer=06102&limit=1"
        )
        .await
        .1
        .parse::<Value>()
        .unwrap()["remittances"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    system.stop().await;
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
    use claims_events::{sample, Cents, Event, PayerOrder};
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
        events.push(Event::ClaimSubmitted(ClaimSubmitted {
            batch_id: uuid::Uuid::now_v7(),
            clearinghouse: "availity".parse().unwrap(),
            payer_id: payer.parse().unwrap(),
            payer_order: PayerOrder::Primary,
            frequency: Frequency::Original,
            charge: Cents(14300),
            interchange_control: 1,
            group_control: 1,
            transaction_control: "0001".into(),
        }));
        events.push(Event::ClaimAccepted(ClaimAccepted {
            acknowledgment: Acknowledgment::ClaimAck277,
            payer_claim_number: Some("PCN-1".into()),
            status_code: "A2:20".into(),
        }));
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

/// Timely filing runs from the date of service with the payer's days until the payer takes
/// the claim in; a denial's deadline is the one the denials service recorded when it triaged
/// it (an appeal for CO-50, timely filing again for a CO-16 correction). The worklist lists
/// them soonest first, passed ones included, within 30 days unless asked for more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_with_deadlines_are_listed_by_due_date_with_the_triaged_deadline_of_a_denial() {
    use crate::denials::append;
    use claims_events::ClaimId;

    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::denials_and_coding(settings.clone()).await;
    let read_side = ReadSide::start(&settings, &system.store).await;
    let addr = read_side.addr;
    let store = &system.store;
    let today = chrono::Utc::now().date_naive();
    let in_days = |days: i64| (today + chrono::Duration::days(days)).to_string();
    let id =
        |encounter: &str| ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), encounter);

    // Medicare: 365 days to file, 120 to appeal; Blue Cross: 180 to file.
    let soon = id("ENC-SOON");
    append(store, soon, history("ENC-SOON", "medicare-il", 355, false)).await;
    let passed = id("ENC-PASSED");
    append(
        store,
        passed,
        history("ENC-PASSED", "medicare-il", 370, false),
    )
    .await;
    let bluecross = id("ENC-BCBS");
    append(
        store,
        bluecross,
        history("ENC-BCBS", "bluecross-il", 100, false),
    )
    .await;
    let filed = id("ENC-FILED");
    append(store, filed, history("ENC-FILED", "medicare-il", 355, true)).await;
    let appeal = id("ENC-APPEAL");
    append(
        store,
        appeal,
        history("ENC-APPEAL", "medicare-il", 150, true),
    )
    .await;
    append(store, appeal, vec![denial("50", 100)]).await;
    let correct = id("ENC-CORRECT");
    append(
        store,
        correct,
        history("ENC-CORRECT", "medicare-il", 30, true),
    )
    .await;
    append(store, correct, vec![denial("16", 10)]).await;

    let all = "/api/worklists/deadlines?within=400";
    let list = get_until(addr, all, "both denials triaged", |v| {
        v["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["deadline"]["source"] == "denial_triage")
            .count()
            == 2
    })
    .await;
    let rows: Vec<(String, String, String, i64, String)> = list["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["claim_id"].as_str().unwrap().to_owned(),
                c["deadline"]["kind"].as_str().unwrap().to_owned(),
                c["deadline"]["due"].as_str().unwrap().to_owned(),
                c["days_left"].as_i64().unwrap(),
                c["deadline"]["source"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |claim: ClaimId, kind: &str, days: i64, source: &str| {
        (
            claim.to_string(),
            kind.to_owned(),
            in_days(days),
            days,
            source.to_owned(),
        )
    };
    assert_eq!(
        rows,
        vec![
            row(passed, "timely_filing", -5, "payer_registry"),
            row(soon, "timely_filing", 10, "payer_registry"),
            row(appeal, "appeal", 20, "denial_triage"),
            row(bluecross, "timely_filing", 80, "payer_registry"),
            row(correct, "timely_filing", 335, "denial_triage"),
        ],
        "soonest first; the accepted claim has none"
    );

    let window = get_until(addr, "/api/worklists/deadlines", "the 30-day window", |v| {
        v["claims"].as_array().unwrap().len() == 3
    })
    .await;
    assert_eq!(window["within_days"], 30);
    let ids: Vec<&str> = window["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["claim_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [passed.to_string(), soon.to_string(), appeal.to_string()]
    );
    let overview = get_until(addr, "/api/overview", "the count", |v| {
        v["worklists"]["deadlines"] == 3
    })
    .await;
    assert_eq!(overview["worklists"]["deadlines"], 3);
    let (_, body) = get(addr, &format!("{all}&payer=bluecross-il")).await;
    let only: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(only["claims"].as_array().unwrap().len(), 1);
    assert_eq!(only["claims"][0]["claim_id"], bluecross.to_string());

    // Filed at last: the claim leaves the list.
    append(
        store,
        soon,
        history("ENC-SOON", "medicare-il", 355, true)[3..].to_vec(),
    )
    .await;
    get_until(addr, "/api/overview", "the filed claim leaving", |v| {
        v["worklists"]["deadlines"] == 2
    })
    .await;
    system.stop().await;
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

/// Denials by payer and reason: Medicare adjudicated four claims, two denied (one in part)
/// with CO-50 and one with CO-16 on two lines (one claim); Blue Cross adjudicated one,
/// denied with CO-97, and has one not yet adjudicated. A contractual CO-45 is no denial.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_denial_rate_is_served_per_payer_and_carc_as_one_table() {
    use crate::denials::append;
    use claims_events::ClaimId;

    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::registration(settings.clone()).await;
    let read_side = ReadSide::start(&settings, &system.store).await;
    let store = &system.store;
    let claims: [(&str, &str, Option<claims_events::Event>); 6] = [
        (
            "M1",
            "medicare-il",
            Some(remit("medicare-il", "T1", 0, &[("CO", "50", 14300, None)])),
        ),
        (
            "M2",
            "medicare-il",
            Some(remit(
                "medicare-il",
                "T2",
                10000,
                &[("CO", "50", 4300, Some(2))],
            )),
        ),
        (
            "M3",
            "medicare-il",
            Some(remit(
                "medicare-il",
                "T3",
                10000,
                &[("CO", "45", 4300, None)],
            )),
        ),
        (
            "M4",
            "medicare-il",
            Some(remit(
                "medicare-il",
                "T4",
                0,
                &[("CO", "16", 12500, Some(1)), ("CO", "16", 1800, Some(2))],
            )),
        ),
        (
            "B1",
            "bluecross-il",
            Some(remit("bluecross-il", "T5", 0, &[("CO", "97", 14300, None)])),
        ),
        ("B2", "bluecross-il", None),
    ];
    for (encounter, payer, remittance) in claims {
        let id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), encounter);
        append(store, id, history(encounter, payer, 20, true)).await;
        if let Some(remittance) = remittance {
            append(store, id, vec![remittance]).await;
        }
    }

    let overview = get_until(read_side.addr, "/api/overview", "six claims", |v| {
        v["overview"]["claims"] == 6 && v["overview"]["by_status"]["accepted"] == 1
    })
    .await;
    let table: Vec<(String, String, u64, u64, u64)> = overview["overview"]
        ["denial_rate_by_payer_carc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["payer_id"].as_str().unwrap().to_owned(),
                row["reason"].as_str().unwrap().to_owned(),
                row["claims"].as_u64().unwrap(),
                row["adjudicated"].as_u64().unwrap(),
                row["rate"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |payer: &str, reason: &str, claims, adjudicated, rate| {
        (
            payer.to_owned(),
            reason.to_owned(),
            claims,
            adjudicated,
            rate,
        )
    };
    assert_eq!(
        table,
        vec![
            row("bluecross-il", "CO-97", 1, 1, 1000),
            row("medicare-il", "CO-50", 2, 4, 500),
            row("medicare-il", "CO-16", 1, 4, 250),
        ]
    );
    assert_eq!(
        overview["overview"]["denial_rate_by_payer"],
        serde_json::json!({"bluecross-il": 1000, "medicare-il": 750})
    );

    // The API answers from counters; every number equals the definition over the summaries.
    let summaries: Vec<_> = read_side
        .projection
        .get()
        .summaries()
        .map(|s| s.unwrap())
        .collect();
    let today = chrono::Utc::now().date_naive();
    let reference = claims_projections::kpis::overview(&summaries, today);
    assert_eq!(
        overview["overview"],
        serde_json::to_value(&reference).unwrap()
    );
    assert_eq!(reference.payments, 20000, "M2 and M3 paid $100.00 each");
    assert!(reference.kpis.denial_rate.is_some() && !reference.aging.is_empty());
    system.stop().await;
}
