//! Rebilling the other coverage (CARC 27), billing the patient (PR), and the refusals of a
//! claim paid in full.

use super::*;

#[tokio::test]
async fn a_carc_27_denial_is_rebilled_to_the_other_coverage() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-27", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T27",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "27", 14300, None)],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(case.open[0].action, RecommendedAction::BillAnotherPayer);

    let receipt = command(&system, "rebill", json!({
        "schema": "rebill/v1", "claim_id": claim, "operator": "biller-3", "payer_id": "aetna", "reason": "Medicare coverage ended; Aetna is in force"
    })).await;
    assert_eq!(receipt["outcome"], "RebilledToPayer", "{receipt}");
    let case = wait_for(&system.store, claim, "rebilled", |c| {
        c.claim.status() == ClaimStatus::Coded
    })
    .await;
    assert_eq!(
        case.claim.coverage.as_ref().map(|c| c.payer_id.as_str()),
        Some("aetna"),
        "submission sends it to Aetna next"
    );
    assert_eq!(
        (
            case.claim.ledger.denied,
            case.claim.payer_claim_number.clone()
        ),
        (Cents::ZERO, None)
    );
    system.stop().await;
}

#[tokio::test]
async fn a_claim_paid_in_full_refuses_denial_actions() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-PAID", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "TP",
            ClaimPaymentStatus::Processed(1),
            14300,
            vec![],
        )],
    )
    .await;
    let before = history(&system.store, claim).await;
    let receipt = command(&system, "write-off", json!({
        "schema": "write-off/v1", "claim_id": claim, "operator": "biller-3", "amount": "10.00", "reason": "small_balance"
    })).await;
    assert_eq!(receipt["status"], "rejected");
    assert_eq!(
        receipt["errors"][0]["code"], "claim.paid_in_full",
        "{receipt}"
    );
    assert_eq!(
        history(&system.store, claim).await,
        before,
        "nothing recorded"
    );
    assert_eq!(
        count_stream(&system.client, "DEADLETTER", "deadletter.denials").await,
        1,
        "kept with the other refusals"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_pr_denial_is_billed_to_the_patient_with_a_statement() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-204", "PCN-1").await;
    let mut posting = remittance(
        "T204",
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("PR", "204", 14300, None)],
    );
    if let Event::RemittancePosted(r) = &mut posting {
        r.patient_share.other = Cents(14300);
    }
    append(&system.store, claim, vec![posting]).await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(case.open[0].action, RecommendedAction::BillPatient);

    let receipt = command(
        &system,
        "bill-patient",
        json!({"schema": "bill-patient/v1", "claim_id": claim, "operator": "biller-3"}),
    )
    .await;
    assert_eq!(receipt["outcome"], "PatientBilled", "{receipt}");
    let statements = read_stream(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.statements",
        1,
        20,
    )
    .await;
    let statement: Value = serde_json::from_slice(&statements[0].payload).unwrap();
    assert_eq!(
        (
            statement["schema"].as_str(),
            statement["totals"]["you_owe"].as_str()
        ),
        (Some("statement/v1"), Some("143.00")),
        "{statement}"
    );
    let case = wait_for(&system.store, claim, "billed", |c| {
        c.claim.status() == ClaimStatus::PatientBilled
    })
    .await;
    assert!(history(&system.store, claim).await.iter().any(|e| matches!(e, Event::PatientBilled(b) if b.amount == Cents(14300) && b.statement_id.to_string() == statement["statement_id"].as_str().unwrap_or_default())));
    assert_eq!(case.claim.ledger.open(), Cents::ZERO);
    system.stop().await;
}
