//! Denials fixed by a corrected claim: a CARC 16 correction rechecked before it goes out as
//! a replacement, and a front-end rejection triaged for correction.

use super::*;

#[tokio::test]
async fn a_carc_16_denial_is_corrected_and_rechecked_for_a_replacement_claim() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-16", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "T16",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "16", 14300, None)],
        )],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(
        (case.open[0].category, case.open[0].action),
        (
            DenialCategory::MissingInformation,
            RecommendedAction::CorrectAndResubmit
        )
    );

    let receipt = command(&system, "denial-correct", json!({
        "schema": "denial-correct/v1", "claim_id": claim, "operator": "biller-3",
        "diagnoses": ["E11.65", "I10"],
        "lines": [
            {"procedure": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "diagnosis_pointers": [1, 2]},
            {"procedure": "82947", "units": 1, "charge": "18.00", "diagnosis_pointers": [1]}
        ],
        "note": "diagnosis specificity the payer asked for"
    })).await;
    assert_eq!(
        (receipt["status"].as_str(), receipt["outcome"].as_str()),
        (Some("accepted"), Some("CorrectedClaimPrepared")),
        "{receipt}"
    );

    let case = wait_for(&system.store, claim, "re-checked by coding", |c| {
        c.claim.status() == ClaimStatus::Coded
    })
    .await;
    assert_eq!(
        case.claim.pending_frequency,
        Some(Frequency::Replacement),
        "goes out as frequency 7"
    );
    assert_eq!(
        case.claim.payer_claim_number.as_deref(),
        Some("PCN-1"),
        "REF*F8 has the payer's number"
    );
    assert_eq!(
        case.claim.coding.as_ref().unwrap().diagnoses[0].as_str(),
        "E11.65"
    );
    system.stop().await;
}

#[tokio::test]
async fn a_front_end_rejection_is_triaged_for_correction() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-REJ", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![Event::ClaimRejected(ClaimRejected {
            acknowledgment: Acknowledgment::ClaimAck277,
            reasons: vec![RejectionReason {
                code: "A7:164".into(),
                message: "subscriber id invalid".into(),
            }],
        })],
    )
    .await;
    let case = triaged(&system.store, claim).await;
    assert_eq!(
        (case.open[0].category, case.open[0].reason.as_str()),
        (DenialCategory::FrontEndRejection, "A7:164")
    );
    // `claims worklist denials` reads the queue from the log this way.
    let cases = claims_denials::scan::open_cases(&system.store)
        .await
        .unwrap();
    let queue = claims_denials::worklist::build(&cases, today());
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].claim_id, queue[0].amount_at_risk, queue[0].status),
        (claim, Cents(14300), ClaimStatus::Rejected)
    );
    system.stop().await;
}
