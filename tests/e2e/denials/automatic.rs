//! What the rules settle without an operator: fee-schedule reductions written off, a
//! duplicate linked to its original and never resubmitted.

use super::*;

#[tokio::test]
async fn fee_schedule_reductions_are_written_off_by_rule_and_the_ledger_balances() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-45", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T45",
            ClaimPaymentStatus::Processed(1),
            8000,
            vec![
                adj("CO", "45", 3000, Some(1)),
                adj("PI", "45", 1500, Some(1)),
                adj("CO", "97", 1800, Some(2)),
            ],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    let written: Vec<BalanceWrittenOff> = history(&system.store, claim)
        .await
        .into_iter()
        .filter_map(|e| match e {
            Event::BalanceWrittenOff(w) => Some(w),
            _ => None,
        })
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(
        (written[0].amount, &written[0].decided_by),
        (
            Cents(1500),
            &Decision::Rule("carc-45-fee-schedule-write-off".into())
        )
    );
    let ledger = case.claim.ledger;
    assert_eq!(
        (
            ledger.paid,
            ledger.contractual,
            ledger.written_off,
            ledger.denied,
            ledger.open()
        ),
        (
            Cents(8000),
            Cents(3000),
            Cents(1500),
            Cents(1800),
            Cents(1800)
        )
    );
    assert!(ledger.check().is_ok());
    assert_eq!(
        case.claim.status(),
        ClaimStatus::PartiallyPaid,
        "the bundled line is still to work"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_duplicate_is_linked_to_the_original_and_never_resubmitted() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-18", "PCN-ORIGINAL").await;
    let mut duplicate = remittance(
        "T18",
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("OA", "18", 14300, None)],
    );
    if let Event::RemittancePosted(r) = &mut duplicate {
        r.payer_claim_number = Some("PCN-DUPLICATE".into());
    }
    append(&system.store, claim, vec![duplicate]).await;
    triaged(&system.store, claim).await;
    let linked = DuplicateLinked {
        payer_claim_number: Some("PCN-ORIGINAL".into()),
        decided_by: Decision::Rule("carc-18-duplicate-link".into()),
    };
    assert!(history(&system.store, claim)
        .await
        .contains(&Event::DuplicateLinked(linked)));
    // Nothing is at risk from a duplicate: the claim waits on the original, under its number.
    let state = system.store.load(claim).await.unwrap().state;
    assert_eq!(state.status(), ClaimStatus::Accepted);
    assert_eq!(state.ledger.denied, Cents::ZERO);
    assert_eq!(state.payer_claim_number.as_deref(), Some("PCN-ORIGINAL"));

    let receipt = command(&system, "denial-correct", json!({
        "schema": "denial-correct/v1", "claim_id": claim, "operator": "biller-3", "diagnoses": ["E11.9"],
        "lines": [{"procedure": "99213", "units": 1, "charge": "143.00", "diagnosis_pointers": [1]}]
    })).await;
    assert_eq!(
        (
            receipt["status"].as_str(),
            receipt["errors"][0]["code"].as_str()
        ),
        (Some("rejected"), Some("denial.duplicate")),
        "{receipt}"
    );
    assert!(!history(&system.store, claim)
        .await
        .iter()
        .any(|e| matches!(e, Event::CorrectedClaimPrepared(_))));
    system.stop().await;
}
