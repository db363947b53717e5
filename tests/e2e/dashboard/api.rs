//! The JSON API: counts, worklists and timelines that follow the log.

use super::*;

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
