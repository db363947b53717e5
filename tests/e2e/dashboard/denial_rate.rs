//! The denial rate per payer and CARC, as one table.

use super::*;

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
