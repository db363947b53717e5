//! Coded claims become 837P batches that pyx12 accepts, with control numbers from the log
//! (also after a restart); a claim that fails its payer's rules never goes out.

use super::*;

#[tokio::test]
async fn coded_claims_become_one_837_that_pyx12_accepts_with_control_numbers_from_the_log() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::registration_and_coding(settings.clone()).await;
    system.coverage_on_file().await;
    let partner: PartnerId = "springfield-fp".parse().unwrap();
    let mut ids = Vec::new();
    for encounter_id in ["ENC-A", "ENC-B"] {
        let mut encounter: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
        encounter["encounter_id"] = encounter_id.into();
        publish_inbox(
            &system.client,
            "inbox.springfield-fp.encounter",
            encounter_id,
            &serde_json::to_vec(&encounter).unwrap(),
        )
        .await;
        ids.push(ClaimId::for_encounter(&partner, encounter_id));
    }
    for id in &ids {
        wait_status(&system.store, *id, ClaimStatus::Coded).await;
    }
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));

    let a = wait_status(&system.store, ids[0], ClaimStatus::Submitted).await;
    let b = wait_status(&system.store, ids[1], ClaimStatus::Submitted).await;
    assert_eq!(
        submitted(&a).batch_id,
        submitted(&b).batch_id,
        "one batch for one payer"
    );
    assert_eq!(submitted(&a).frequency, Frequency::Original);
    let text = &outbox_837s(&system.client, 1).await[0];
    assert_control_numbers(text, &[&a, &b]);
    assert!(
        text.contains("CLM*") && text.contains("*11:B:1*"),
        "frequency 1 in CLM05"
    );
    assert_pyx12_ok("two-claims", text);
    let log = BatchLog::open(system.store.clone()).await.unwrap();
    let marked = wait_for_marker(&log, submitted(&a).batch_id).await;
    assert_eq!(marked.transactions.len(), 2);
    submission.stop().await;
    system.stop().await;
}

pub(super) async fn wait_for_marker(
    log: &BatchLog,
    batch_id: Uuid,
) -> claims_submission::batch_log::BatchPublished {
    for _ in 0..200 {
        if let Some((_, BatchEntry::Published(marker))) = log.last(&batch_id).await.unwrap() {
            return marker;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("batch {batch_id} never marked published")
}

#[tokio::test]
async fn every_batch_gets_new_control_numbers_also_after_a_restart() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let first = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let a = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let a = wait_status(&store, a, ClaimStatus::Submitted).await;
    let b = coded(&store, sample::encounter("springfield-fp", "ENC-B")).await;
    let b = wait_status(&store, b, ClaimStatus::Submitted).await;
    first.stop().await;
    let second = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let c = coded(&store, sample::encounter("springfield-fp", "ENC-C")).await;
    let c = wait_status(&store, c, ClaimStatus::Submitted).await;

    let controls: Vec<u32> = [&a, &b, &c]
        .iter()
        .map(|c| submitted(c).interchange_control)
        .collect();
    assert!(
        controls[0] != controls[1] && controls[1] != controls[2] && controls[0] != controls[2],
        "{controls:?}"
    );
    let texts = outbox_837s(&store.client(), 3).await;
    for (text, claim) in texts.iter().zip([&a, &b, &c]) {
        assert_control_numbers(text, &[claim]);
    }
    second.stop().await;
}

#[tokio::test]
async fn a_claim_that_fails_its_payers_rules_gets_every_finding_and_never_goes_out() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    // Blue Cross files within 180 days and requires the group number.
    let mut encounter = sample::encounter("springfield-fp", "ENC-LATE");
    encounter.coverage.payer_id = "bluecross-il".parse().unwrap();
    encounter.service_date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let id = coded(&store, encounter).await;

    let claim = wait_status(&store, id, ClaimStatus::ScrubFailed).await;
    let rules: Vec<&str> = claim
        .state
        .scrub_findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["timely_filing.expired", "group_number.required"]);
    assert_eq!(claim.commits.last().unwrap().commit.service, "submission");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        count_stream(&store.client(), OUTBOX, "outbox.>").await,
        0,
        "no 837"
    );
    assert_eq!(
        count_stream(&store.client(), SUBMIT, "submit.>").await,
        0,
        "never queued"
    );
    submission.stop().await;
}
