//! Follow-up and timely filing come from a moved clock, never a sleep.

use super::*;

#[tokio::test]
async fn follow_up_is_due_once_the_clock_passes_the_payers_follow_up_days() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let clock = ManualClock::at(Utc::now());
    let submission = Submission::start(&settings, quick(1), Arc::new(clock.clone()));
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    wait_status(&store, id, ClaimStatus::Submitted).await;
    clock.advance(chrono::Duration::days(29));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !store.load(id).await.unwrap().state.follow_up_due,
        "Medicare waits 30 days"
    );

    clock.advance(chrono::Duration::days(2));
    let claim = wait_for(&store, id, "due for follow-up", |c| c.state.follow_up_due).await;
    let Some(Event::FollowUpDue(due)) = claim.commits.last().unwrap().commit.events.first() else {
        panic!()
    };
    assert_eq!(due.days_waiting, 31);
    assert!(
        matches!(&claim.commits.last().unwrap().commit.causation, Causation::Schedule { rule, .. } if rule == "follow_up")
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        store.load(id).await.unwrap().commits.len(),
        claim.commits.len(),
        "flagged once"
    );
    submission.stop().await;
}

#[tokio::test]
async fn a_claim_not_yet_filed_is_flagged_as_its_timely_filing_limit_nears() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let clock = ManualClock::at(Utc::now());
    // Aetna files within 90 days; 70 days after the visit, 20 are left.
    let mut encounter = sample::encounter("springfield-fp", "ENC-SLOW");
    encounter.coverage.payer_id = "aetna".parse().unwrap();
    encounter.service_date = clock.now().date_naive() - chrono::Days::new(70);
    let id = ClaimId::for_encounter(&encounter.partner, "ENC-SLOW");
    let issue = CodingIssue {
        rule: "icd10.not_billable".into(),
        path: "$.diagnoses[0]".into(),
        message: "a category".into(),
    };
    append(
        &store,
        id,
        vec![Event::ClaimRegistered(ClaimRegistered { encounter })],
    )
    .await;
    append(
        &store,
        id,
        vec![Event::CodingIssuesFound(CodingIssuesFound {
            code_set: "FY2026".into(),
            issues: vec![issue],
        })],
    )
    .await;
    let submission = Submission::start(&settings, quick(1), Arc::new(clock.clone()));

    let claim = wait_for(&store, id, "warned", |c| c.commits.len() == 3).await;
    let Some(Event::DeadlineApproaching(soon)) = claim.commits[2].commit.events.first() else {
        panic!("{claim:?}")
    };
    assert_eq!(
        (soon.kind, soon.days_left),
        (DeadlineKind::TimelyFiling, 20)
    );
    clock.advance(chrono::Duration::days(21));
    let claim = wait_for(&store, id, "told the limit passed", |c| {
        c.commits.len() == 4
    })
    .await;
    assert!(matches!(
        claim.commits[3].commit.events[0],
        Event::DeadlinePassed(_)
    ));
    submission.stop().await;
}
