//! A CARC 50 denial appealed with a letter, then paid.

use super::*;

#[tokio::test]
async fn a_carc_50_denial_is_appealed_with_a_letter_and_later_paid() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-50", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T50",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "50", 14300, Some(1))],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    let appeal_deadline = today() - Days::new(10) + Days::new(120);
    assert_eq!(
        (case.open[0].action, case.open[0].deadline),
        (RecommendedAction::Appeal, Some(appeal_deadline))
    );

    let receipt = command(
        &system,
        "appeal-file",
        json!({
            "schema": "appeal-file/v1", "claim_id": claim, "operator": "biller-3", "level": 1,
            "reason": "the chart documents medical necessity; records enclosed"
        }),
    )
    .await;
    assert_eq!(receipt["outcome"], "AppealFiled", "{receipt}");
    let letters = read_stream(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.appeals",
        1,
        20,
    )
    .await;
    let letter: Value = serde_json::from_slice(&letters[0].payload).unwrap();
    assert_eq!(
        (letter["schema"].as_str(), letter["level"].as_u64()),
        (Some("appeal-letter/v1"), Some(1))
    );
    let text = letter["text"].as_str().unwrap();
    assert!(
        text.contains("CO-50 line 1")
            && text.contains("PCN-1")
            && text.contains("records enclosed"),
        "{text}"
    );
    assert!(letter["html"]
        .as_str()
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let case = wait_for(&system.store, claim, "appealed", |c| {
        c.claim.status() == ClaimStatus::Appealed
    })
    .await;
    assert_eq!(case.claim.appeals[0].deadline, appeal_deadline);
    assert_eq!(
        case.claim.appeals[0].letter_id.to_string(),
        letter["letter_id"].as_str().unwrap()
    );

    // The payer's decision arrives as another 835: paid in full.
    append(
        &system.store,
        claim,
        vec![remittance(
            "T50-2",
            ClaimPaymentStatus::Processed(1),
            14300,
            vec![],
        )],
    )
    .await;
    let case = wait_for(&system.store, claim, "paid", |c| {
        c.claim.status() == ClaimStatus::Paid
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        claims_denials::scan::load_case(&system.store, claim)
            .await
            .unwrap()
            .claim
            .version,
        case.claim.version,
        "nothing to triage"
    );
    assert!(case.open.is_empty());
    system.stop().await;
}
