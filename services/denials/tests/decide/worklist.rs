//! The work queue: given claims with open denials, when the queue is built as of a date,
//! then the order to work them in, and the split per payer and category.

use claims_denials::case::DenialCase;
use claims_denials::worklist::{build, by_payer_and_category, work_item, WorkItem};
use claims_events::event::*;
use claims_events::{Cents, ClaimId, ClaimStatus, Event, PartnerId};

use crate::given::*;

/// A denied claim of `encounter` with one open denial.
fn case(
    encounter: &str,
    payer: &str,
    category: DenialCategory,
    cents: i64,
    deadline: Option<(i32, u32, u32)>,
) -> DenialCase {
    let history = with_triage(denied("CO", "16", &[]));
    let mut case = history.case();
    case.claim_id = ClaimId::for_encounter(&"p".parse::<PartnerId>().unwrap(), encounter);
    if let Some(coverage) = case.claim.coverage.as_mut() {
        coverage.payer_id = payer.parse().unwrap();
    }
    let denial = &mut case.open[0];
    denial.category = category;
    denial.amount_at_risk = Cents(cents);
    denial.deadline = deadline.map(|(y, m, d)| day(y, m, d));
    case
}

fn order(items: &[WorkItem], cases: &[DenialCase]) -> Vec<usize> {
    items
        .iter()
        .map(|item| {
            cases
                .iter()
                .position(|c| c.claim_id == item.claim_id)
                .unwrap()
        })
        .collect()
}

#[test]
fn close_deadlines_come_first_then_the_largest_amounts_then_what_is_already_lost() {
    use DenialCategory as C;
    let today = day(2027, 3, 1);
    let cases = [
        case("small-far", "aetna", C::Coding, 5_000, Some((2027, 11, 20))),
        case("big-far", "aetna", C::Coding, 90_000, Some((2027, 11, 20))),
        case(
            "small-soon",
            "aetna",
            C::MedicalNecessity,
            1_000,
            Some((2027, 3, 5)),
        ),
        case(
            "big-sooner",
            "medicare-il",
            C::MedicalNecessity,
            50_000,
            Some((2027, 3, 3)),
        ),
        case(
            "passed",
            "aetna",
            C::MedicalNecessity,
            99_000,
            Some((2027, 2, 1)),
        ),
        case("no-deadline", "aetna", C::Coding, 5_000, None),
    ];
    let items = build(&cases, today);
    assert_eq!(order(&items, &cases), [3, 2, 1, 0, 5, 4]);
    assert_eq!(items[0].days_left, Some(2));
    assert_eq!(items[5].days_left, Some(-28));
}

#[test]
fn the_queue_splits_per_payer_and_category_biggest_first() {
    use DenialCategory as C;
    let cases = [
        case("a", "aetna", C::Coding, 100, None),
        case("b", "aetna", C::Coding, 200, None),
        case("c", "medicare-il", C::Coding, 1_000, None),
        case("d", "aetna", C::MedicalNecessity, 50, None),
    ];
    let groups = by_payer_and_category(&build(&cases, day(2027, 1, 1)));
    let summary: Vec<(String, DenialCategory, usize, Cents)> = groups
        .iter()
        .map(|g| {
            (
                g.payer_id.as_ref().unwrap().to_string(),
                g.category,
                g.claims,
                g.amount_at_risk,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("medicare-il".into(), C::Coding, 1, Cents(1_000)),
            ("aetna".into(), C::Coding, 2, Cents(300)),
            ("aetna".into(), C::MedicalNecessity, 1, Cents(50)),
        ]
    );
    assert_eq!(
        groups[1].items[0].amount_at_risk,
        Cents(200),
        "items keep work order"
    );
}

#[test]
fn denials_the_rules_settled_are_not_on_the_queue_but_unknown_codes_are() {
    let today = day(2027, 1, 1);
    assert_eq!(
        work_item(&with_triage(denied("OA", "18", &[])).case(), today),
        None,
        "linked duplicate"
    );
    let unknown = work_item(&with_triage(denied("CO", "B99", &[])).case(), today).unwrap();
    assert_eq!(
        (unknown.action, unknown.reasons.clone()),
        (RecommendedAction::HumanReview, vec!["CO-B99".to_string()])
    );
    assert_eq!(unknown.status, ClaimStatus::Denied);
    let appealed =
        with_triage(denied("CO", "50", &[])).then(vec![Event::AppealFiled(AppealFiled {
            operator: "b".into(),
            level: 1,
            reason: "r".into(),
            deadline: day(2027, 4, 14),
            letter_id: uuid::Uuid::nil(),
        })]);
    assert_eq!(work_item(&appealed.case(), today), None, "being worked");
}
