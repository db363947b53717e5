//! Coordination of benefits end to end: the primary's 835 leaves the patient a share, the
//! claim goes out again to the secondary payer with the primary's adjudication in its 837P,
//! and the secondary's 835 takes over that share, so the patient's statement is for what
//! the secondary left, to the cent. And a CARC 22 denial ("another payer is primary") rebilled
//! to a coverage the practice names afterwards, with the patient's member id for it.

use std::sync::Arc;

use claims_events::event::Event;
use claims_events::{sample, ClaimStatus, Coverage, PayerOrder};
use claims_remittance::sample::{interchange, ClaimPaid, Remit835};
use claims_runtime::SystemClock;
use claims_store::OUTBOX;
use claims_test_support::{publish_inbox, settings_for, NatsServer};

use serde_json::json;

use crate::denials::command;
use crate::harness::{wait_for, wait_status, Running};
use crate::remittance::{books, day, json, paid, send, submitted_encounter};
use crate::submission::{assert_pyx12_ok, outbox_837s, quick, Submission};

fn aetna_secondary() -> Coverage {
    Coverage {
        payer_id: "aetna".parse().unwrap(),
        plan: "Aetna PPO".into(),
        order: PayerOrder::Secondary,
    }
}

#[tokio::test]
async fn the_primary_share_is_billed_to_the_secondary_and_the_patient_owes_what_it_left() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::remittance(settings.clone()).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let mut encounter = sample::encounter("springfield-fp", "ENC-COB-1");
    encounter.secondary_coverage = Some(aetna_secondary());
    let claim_id = submitted_encounter(&system, encounter).await;

    // Medicare pays $90.50 as primary (CLP02 1), adjusts $27.50 and leaves the patient $25.00.
    send(
        &system,
        "era-primary",
        "EFT-PRIMARY",
        vec![paid(claim_id, "1", 1)],
    )
    .await;
    let claim = wait_for(&system.store, claim_id, "billed to the secondary", |c| {
        c.state.submissions.len() == 2
    })
    .await;
    let queued: Vec<_> = claim
        .commits
        .iter()
        .flat_map(|c| &c.commit.events)
        .filter_map(|e| match e {
            Event::SecondaryBillingQueued(q) => Some(q),
            _ => None,
        })
        .collect();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].coverage, aetna_secondary());
    assert_eq!(queued[0].primary_trace, "EFT-PRIMARY");
    assert_eq!(queued[0].balance.0, 2500);
    assert_eq!(claim.state.submissions[1].event.payer_id.as_str(), "aetna");

    // The 837 to Aetna bills it as secondary and reports Medicare's adjudication.
    let sent = outbox_837s(&system.client, 1).await;
    let x837 = sent
        .iter()
        .find(|text| text.contains(&claim_id.to_string()))
        .expect("the secondary 837 names the claim");
    assert!(x837.contains("NM1*PR*2*AETNA*****PI*60054~"), "{x837}");
    assert!(x837.contains("SBR*S*18"), "billed as secondary: {x837}");
    assert!(x837.contains("SBR*P*18"), "2320 names the primary: {x837}");
    assert!(
        x837.contains("AMT*D*90.5~"),
        "the primary paid $90.50: {x837}"
    );
    assert_pyx12_ok("secondary", x837);

    // Aetna pays $20.00 of the $25.00 (CLP02 2), restating Medicare's $118.00 as OA-23.
    let secondary = Remit835 {
        payer_name: "AETNA".into(),
        payer_id: "60054".into(),
        ..Remit835::new("EFT-SECONDARY", day(20))
    }
    .claim(
        ClaimPaid::new(&claim_id.to_string(), "2", 14300, 2000)
            .cas("OA", "23", 11800)
            .cas("PR", "2", 500),
    );
    let body = interchange(&[secondary]).expect("the sample writes");
    publish_inbox(
        &system.client,
        "inbox.availity.era",
        "era-secondary",
        body.as_bytes(),
    )
    .await;

    let claim = wait_status(&system.store, claim_id, ClaimStatus::PatientBilled).await;
    // (paid, contractual, patient, denied, open): both payers' money, the patient's $5.00.
    assert_eq!(books(&claim), (11050, 2750, 500, 0, 0));
    let statements = json(
        &system.client,
        OUTBOX,
        "outbox.springfield-fp.statements",
        1,
    )
    .await;
    assert_eq!(
        statements.len(),
        1,
        "one statement, after the secondary, not the primary"
    );
    let totals = &statements[0]["totals"];
    assert_eq!(totals["you_owe"], "5.00", "{totals}");
    assert_eq!(totals["insurance_paid"], "110.50", "{totals}");

    submission.stop().await;
    system.stop().await;
}

#[tokio::test]
async fn a_carc_22_denial_is_rebilled_to_the_primary_the_practice_names_with_its_member_id() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::start(settings.clone(), &["remittance", "denials"]).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let claim_id =
        submitted_encounter(&system, sample::encounter("springfield-fp", "ENC-COB-22")).await;

    // Medicare denies: "this care may be covered by another payer per coordination of benefits".
    let denial = ClaimPaid::new(&claim_id.to_string(), "4", 14300, 0).cas("OA", "22", 14300);
    let body = interchange(&[Remit835::new("EFT-DENIED-22", day(12)).claim(denial)])
        .expect("the sample writes");
    publish_inbox(
        &system.client,
        "inbox.availity.era",
        "era-22",
        body.as_bytes(),
    )
    .await;
    wait_for(&system.store, claim_id, "triaged", |c| {
        c.state.status() == ClaimStatus::Denied && !c.state.denials.is_empty()
    })
    .await;

    // UnitedHealthcare is not on the encounter: without a member id the rebill is refused.
    let rebill = |member_id: Option<&str>| {
        let mut body = json!({"schema": "rebill/v1", "claim_id": claim_id, "operator": "biller-3",
            "payer_id": "united-healthcare", "reason": "the patient's employer plan is primary"});
        if let Some(id) = member_id {
            body["member_id"] = id.into();
        }
        body
    };
    let refused = command(&system, "rebill", rebill(None)).await;
    assert_eq!(
        refused["errors"][0]["code"], "payer.not_on_encounter",
        "{refused}"
    );
    let accepted = command(&system, "rebill", rebill(Some("UHC987654321"))).await;
    assert_eq!(accepted["status"], "accepted", "{accepted}");

    let claim = wait_for(&system.store, claim_id, "sent to UnitedHealthcare", |c| {
        c.state.submissions.len() == 2
    })
    .await;
    assert_eq!(
        claim.state.submissions[1].event.payer_id.as_str(),
        "united-healthcare"
    );
    // The first submission was set up in the log only: this is the one 837 sent.
    let sent = outbox_837s(&system.client, 1).await;
    let x837 = sent
        .iter()
        .find(|text| text.contains("*87726~"))
        .expect("an 837 to UnitedHealthcare (payer id 87726)");
    assert!(
        x837.contains("MI*UHC987654321~"),
        "the new insured's member id: {x837}"
    );
    assert!(x837.contains("SBR*P*18"), "billed as primary: {x837}");
    assert_pyx12_ok("rebill-new-coverage", x837);

    submission.stop().await;
    system.stop().await;
}
