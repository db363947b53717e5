//! Deadlines: given a triaged denial, when the sweep runs as of a date, then the notice due
//! that day, once per deadline and state.

use claims_denials::deadline::decide_deadlines;
use claims_events::event::*;
use claims_events::{Causation, Event};

use crate::given::*;

fn sweep(history: History, today: chrono::NaiveDate) -> (History, Vec<Event>) {
    let events = decide_deadlines(&history.case(), today, 14);
    let causation = Causation::Schedule {
        rule: "denial-deadlines".into(),
        as_of: today,
    };
    let history = if events.is_empty() {
        history
    } else {
        history.then_decided(causation, events.clone())
    };
    (history, events)
}

#[test]
fn an_appeal_deadline_is_announced_when_near_and_when_passed_once_each() {
    let history = with_triage(denied("CO", "50", &[]));
    let deadline = day(2027, 4, 14);

    let (history, events) = sweep(history, day(2027, 3, 20));
    assert_eq!(events, [], "25 days left: not yet");
    let (history, events) = sweep(history, day(2027, 3, 31));
    assert_eq!(
        events,
        [Event::DeadlineApproaching(DeadlineApproaching {
            kind: DeadlineKind::Appeal,
            deadline,
            days_left: 14
        })]
    );
    let (history, events) = sweep(history, day(2027, 4, 1));
    assert_eq!(events, [], "announced already");
    let (history, events) = sweep(history, day(2027, 4, 14));
    assert_eq!(events, [], "the last day is not past");
    let (history, events) = sweep(history, day(2027, 4, 15));
    assert_eq!(
        events,
        [Event::DeadlinePassed(DeadlinePassed {
            kind: DeadlineKind::Appeal,
            deadline
        })]
    );
    let (_, events) = sweep(history, day(2027, 5, 1));
    assert_eq!(events, []);
}

#[test]
fn a_deadline_first_seen_after_it_passed_is_announced_as_passed_only() {
    let history = with_triage(denied("CO", "16", &[]));
    let (_, events) = sweep(history, day(2027, 12, 1));
    assert_eq!(
        events,
        [Event::DeadlinePassed(DeadlinePassed {
            kind: DeadlineKind::TimelyFiling,
            deadline: day(2027, 11, 20)
        })]
    );
}

#[test]
fn a_denial_being_worked_no_longer_counts_down() {
    let history =
        with_triage(denied("CO", "50", &[])).then(vec![Event::AppealFiled(AppealFiled {
            operator: "b".into(),
            level: 1,
            reason: "r".into(),
            deadline: day(2027, 4, 14),
            letter_id: uuid::Uuid::nil(),
        })]);
    assert_eq!(sweep(history, day(2027, 4, 10)).1, []);
}

#[test]
fn settled_denials_have_no_deadline() {
    let history = with_triage(denied("OA", "18", &[]));
    assert_eq!(sweep(history, day(2027, 4, 10)).1, []);
}
