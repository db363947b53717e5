//! Appeal and filing deadlines announced once each as a manual clock moves.

use super::*;

#[tokio::test]
async fn approaching_and_passed_deadlines_are_announced_once_each_as_a_manual_clock_moves() {
    let server = NatsServer::start();
    let system = Running::denials_and_coding(settings_for(&server)).await;
    let claim = submitted_claim(&system.store, "ENC-DL", "PCN-1").await;
    append(
        &system.store,
        claim,
        vec![remittance(
            "TDL",
            ClaimPaymentStatus::Denied,
            0,
            vec![adj("CO", "50", 14300, None)],
        )],
    )
    .await;
    let deadline = triaged(&system.store, claim).await.open[0]
        .deadline
        .unwrap();

    let noon = |date: NaiveDate| Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).unwrap());
    let clock = ManualClock::at(noon(deadline - Days::new(20)));
    let sweeper =
        |clock: &ManualClock| Sweeper::new(system.store.clone(), Arc::new(clock.clone()), 14, 16);
    let (first, second) = (sweeper(&clock), sweeper(&clock));
    let notices = |events: Vec<Event>| {
        events
            .into_iter()
            .filter(|e| matches!(e, Event::DeadlineApproaching(_) | Event::DeadlinePassed(_)))
            .collect::<Vec<_>>()
    };

    assert_eq!(first.sweep_once().await.unwrap().commits, 0, "20 days left");
    clock.advance(chrono::Duration::days(10));
    assert_eq!(first.sweep_once().await.unwrap().commits, 1);
    assert_eq!(
        second.sweep_once().await.unwrap().commits,
        0,
        "another instance, the same day"
    );
    clock.advance(chrono::Duration::days(1));
    assert_eq!(
        first.sweep_once().await.unwrap().commits,
        0,
        "announced already"
    );
    clock.advance(chrono::Duration::days(10));
    assert_eq!(
        second.sweep_once().await.unwrap().commits,
        1,
        "one day past"
    );
    assert_eq!(
        notices(history(&system.store, claim).await),
        [
            Event::DeadlineApproaching(DeadlineApproaching {
                kind: DeadlineKind::Appeal,
                deadline,
                days_left: 10
            }),
            Event::DeadlinePassed(DeadlinePassed {
                kind: DeadlineKind::Appeal,
                deadline
            }),
        ]
    );
    let last = system
        .store
        .load(claim)
        .await
        .unwrap()
        .commits
        .pop()
        .unwrap()
        .commit;
    assert_eq!(
        last.causation,
        Causation::Schedule {
            rule: "denial-deadlines".into(),
            as_of: deadline + Days::new(1)
        }
    );
    system.stop().await;
}
