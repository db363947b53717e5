//! Recovery of a batch marked but never sent, and corrected claims (frequency 7).

use super::acks::ack_277;
use super::batches::wait_for_marker;
use super::*;

#[tokio::test]
async fn a_batch_whose_claims_were_marked_but_never_sent_is_sent_by_recovery() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    // What a batcher killed after marking the claim and before publishing leaves behind.
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let log = BatchLog::open(store.clone()).await.unwrap();
    let record = BatchRecord {
        batch_id: Uuid::now_v7(),
        clearinghouse: "availity".parse().unwrap(),
        payer_id: "medicare-il".parse().unwrap(),
        claims: vec![id],
        created_at: Utc::now(),
    };
    let sequence = log.record(&record).await.unwrap();
    let mark = ClaimSubmitted {
        batch_id: record.batch_id,
        clearinghouse: record.clearinghouse.clone(),
        payer_id: record.payer_id.clone(),
        payer_order: claims_events::PayerOrder::Primary,
        frequency: Frequency::Original,
        charge: claims_events::Cents(14300),
        interchange_control: control_number(sequence),
        group_control: control_number(sequence),
        transaction_control: "0001".into(),
    };
    append(&store, id, vec![Event::ClaimSubmitted(mark)]).await;
    let recovery = SubmissionSettings {
        recovery_after: Duration::from_secs(1),
        ..quick(1)
    };
    let submission = Submission::start(&settings, recovery, Arc::new(SystemClock));

    let text = &outbox_837s(&store.client(), 1).await[0];
    assert_control_numbers(text, &[&store.load(id).await.unwrap()]);
    assert_pyx12_ok("recovered", text);
    let marker = wait_for_marker(&log, record.batch_id).await;
    assert_eq!(marker.by, "recovery");
    submission.stop().await;
}

#[tokio::test]
async fn a_corrected_claim_goes_out_as_frequency_7_with_the_payers_claim_number() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let encounter = sample::encounter("springfield-fp", "ENC-A");
    let mut coding = encounter.coding.clone();
    let id = coded(&store, encounter).await;
    wait_status(&store, id, ClaimStatus::Submitted).await;
    let file = ack_277(&[(id.to_string(), Ok("26331000123"))]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-1",
        file.as_bytes(),
    )
    .await;
    wait_status(&store, id, ClaimStatus::Accepted).await;

    coding.lines[1].charge = claims_events::Cents(2000);
    let correction = CorrectedClaimPrepared {
        operator: "biller-3".into(),
        coding,
        frequency: Frequency::Replacement,
        payer_claim_number: None,
        note: Some("glucose test charge corrected".into()),
    };
    append(&store, id, vec![Event::CorrectedClaimPrepared(correction)]).await;
    append(
        &store,
        id,
        vec![Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })],
    )
    .await;

    let claim = wait_for(&store, id, "sent again", |c| c.state.submissions.len() == 2).await;
    assert_eq!(submitted(&claim).frequency, Frequency::Replacement);
    let text = &outbox_837s(&store.client(), 2).await[1];
    assert!(
        text.contains("*11:B:7*") && text.contains("REF*F8*26331000123~"),
        "{text}"
    );
    assert_control_numbers(text, &[&claim]);
    assert_pyx12_ok("corrected", text);
    submission.stop().await;
}
