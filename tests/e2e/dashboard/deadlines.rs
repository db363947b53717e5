//! The deadlines worklist: timely filing and triaged denial deadlines, soonest first.

use super::*;

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
