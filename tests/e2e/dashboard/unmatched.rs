//! Payments held in suspense are a worklist until a later 835 posts them.

use super::*;

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
