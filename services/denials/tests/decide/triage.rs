//! Triage: given a claim's history ending in a payer's answer, when it is triaged, then
//! these denials (with deadlines) and these automatic actions, and the ledger stays right.

use claims_denials::triage::decide_triage;
use claims_events::event::*;
use claims_events::{Cents, ClaimStatus, Event};

use crate::given::*;

#[test]
fn a_carc_16_denial_is_to_be_corrected_within_timely_filing() {
    let events = triaged(&denied("CO", "16", &["MA130"]));
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (denial.category, denial.action),
        (
            DenialCategory::MissingInformation,
            RecommendedAction::CorrectAndResubmit
        )
    );
    assert_eq!(denial.amount_at_risk, Cents(14300));
    assert_eq!(denial.remarks, ["MA130"]);
    assert_eq!(
        denial.deadline,
        Some(day(2027, 11, 20)),
        "365 days from the date of service"
    );
    assert_eq!(denial.rule, "carc-16-missing-information");
    assert_eq!(events.len(), 1, "nothing automatic");
}

#[test]
fn a_carc_50_denial_is_to_be_appealed_within_the_payers_window() {
    let events = triaged(&denied("CO", "50", &[]));
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(denial.action, RecommendedAction::Appeal);
    assert_eq!(
        denial.deadline,
        Some(day(2027, 4, 14)),
        "120 days from paid_on 2026-12-15"
    );
}

#[test]
fn fee_schedule_reductions_are_written_off_once_and_the_ledger_balances() {
    // Line 1: $80 paid, CO-45 $30 (posted as contractual), PI-45 $15 (posted as denied).
    // Line 2: CO-97 $18 bundled.
    let history = History::accepted(Some("PCN-1")).then(vec![remit(
        ClaimPaymentStatus::Processed(1),
        8000,
        vec![
            adj("CO", "45", 3000, Some(1)),
            adj("PI", "45", 1500, Some(1)),
            adj("CO", "97", 1800, Some(2)),
        ],
        &[],
    )]);
    assert_eq!(history.case().claim.status(), ClaimStatus::PartiallyPaid);
    let events = triaged(&history);
    let denials = only_triage(&events);
    assert_eq!(denials.len(), 3);
    assert_eq!(
        (denials[0].amount_at_risk, denials[0].deadline),
        (Cents::ZERO, None),
        "CO-45 was final at posting"
    );
    assert_eq!(
        denials[1].amount_at_risk,
        Cents::ZERO,
        "PI-45 is written off here"
    );
    assert_eq!(
        (denials[2].action, denials[2].amount_at_risk),
        (RecommendedAction::CorrectAndResubmit, Cents(1800))
    );
    let write_offs: Vec<&BalanceWrittenOff> = events
        .iter()
        .filter_map(|e| match e {
            Event::BalanceWrittenOff(w) => Some(w),
            _ => None,
        })
        .collect();
    let [write_off] = write_offs[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        write_off.amount,
        Cents(1500),
        "only what the posting left open; CO-45 is not written off twice"
    );
    assert_eq!(
        write_off.decided_by,
        Decision::Rule("carc-45-fee-schedule-write-off".into())
    );

    let ledger = with_triage(history).case().claim.ledger;
    assert_eq!(
        (
            ledger.paid,
            ledger.contractual,
            ledger.written_off,
            ledger.denied
        ),
        (Cents(8000), Cents(3000), Cents(1500), Cents(1800))
    );
    assert_eq!(
        ledger.open(),
        Cents(1800),
        "what is left is the bundled line"
    );
    assert!(ledger.check().is_ok());
}

#[test]
fn a_paid_claim_with_only_contractual_and_cost_sharing_is_not_a_denial() {
    let history = History::accepted(Some("PCN-1")).then(vec![remit(
        ClaimPaymentStatus::Processed(1),
        9800,
        vec![adj("CO", "45", 2500, None), adj("PR", "2", 2000, None)],
        &[],
    )]);
    assert_eq!(triaged(&history), Vec::<Event>::new());
}

#[test]
fn a_duplicate_is_linked_to_the_claim_number_the_payer_had_and_left_alone() {
    let events = triaged(&denied("OA", "18", &[]));
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (denial.action, denial.amount_at_risk, denial.deadline),
        (RecommendedAction::InvestigateDuplicate, Cents::ZERO, None)
    );
    assert!(events.contains(&Event::DuplicateLinked(DuplicateLinked {
        payer_claim_number: Some("PCN-1".into()),
        decided_by: Decision::Rule("carc-18-duplicate-link".into()),
    })));
}

#[test]
fn a_duplicate_without_a_known_original_goes_to_a_person() {
    let history = History::accepted(None).then(vec![remit(
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("OA", "18", 14300, None)],
        &[],
    )]);
    let events = triaged(&history);
    assert!(!events
        .iter()
        .any(|e| matches!(e, Event::DuplicateLinked(_))));
    assert_eq!(only_triage(&events)[0].amount_at_risk, Cents(14300));
}

#[test]
fn a_pr_denial_is_already_the_patients_so_nothing_is_transferred_again() {
    let history = denied("PR", "204", &[]);
    let events = triaged(&history);
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (denial.action, denial.deadline),
        (RecommendedAction::BillPatient, None)
    );
    assert_eq!(
        events.len(),
        1,
        "no PatientResponsibilityTransferred: posting moved it"
    );
    let ledger = with_triage(history).case().claim.ledger;
    assert_eq!(
        (ledger.patient_responsibility, ledger.open()),
        (Cents(14300), Cents::ZERO)
    );
}

#[test]
fn pr_amounts_the_posting_left_open_are_transferred_by_rule() {
    let mut history = denied("PR", "96", &[]);
    if let Some(Event::RemittancePosted(r)) =
        history.commits.last_mut().and_then(|c| c.events.last_mut())
    {
        r.patient_share = PatientShare::default();
    }
    let events = triaged(&history);
    assert!(events.contains(&Event::PatientResponsibilityTransferred(
        PatientResponsibilityTransferred {
            amount: Cents(14300),
            reason: "PR adjustments of 835 trace TRACE-1 not in its patient share".into(),
            decided_by: Decision::Rule("pr-group-transfer".into()),
        }
    )));
    let ledger = with_triage(history).case().claim.ledger;
    assert_eq!(
        (ledger.patient_responsibility, ledger.open()),
        (Cents(14300), Cents::ZERO)
    );
}

#[test]
fn an_unknown_code_is_kept_with_the_code_for_a_person() {
    let events = triaged(&denied("CO", "B99", &["N999"]));
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (denial.category, denial.action),
        (DenialCategory::Unclassified, RecommendedAction::HumanReview)
    );
    assert_eq!(
        (denial.reason.as_str(), denial.amount_at_risk),
        ("B99", Cents(14300))
    );
    assert_eq!(
        denial.deadline,
        Some(day(2027, 4, 14)),
        "a person must decide before the appeal window closes"
    );
}

#[test]
fn a_denial_without_any_reason_is_not_dropped() {
    let history = History::accepted(Some("PCN-1")).then(vec![remit(
        ClaimPaymentStatus::Denied,
        0,
        vec![],
        &[],
    )]);
    let events = triaged(&history);
    let [denial] = only_triage(&events)[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (denial.reason.as_str(), denial.rule.as_str()),
        ("none", "denial-without-reason")
    );
}

#[test]
fn a_front_end_rejection_is_triaged_per_reason_with_the_claim_at_risk_once() {
    let history = History::accepted(None).then(vec![Event::ClaimRejected(ClaimRejected {
        acknowledgment: Acknowledgment::ClaimAck277,
        reasons: vec![
            RejectionReason {
                code: "A7:164".into(),
                message: "subscriber id invalid".into(),
            },
            RejectionReason {
                code: "A7:21".into(),
                message: "missing information".into(),
            },
        ],
    })]);
    let events = triaged(&history);
    let denials = only_triage(&events);
    assert_eq!(
        denials
            .iter()
            .map(|d| d.reason.as_str())
            .collect::<Vec<_>>(),
        ["A7:164", "A7:21"]
    );
    assert!(denials
        .iter()
        .all(|d| d.category == DenialCategory::FrontEndRejection && d.group.is_none()));
    assert_eq!(
        (denials[0].amount_at_risk, denials[1].amount_at_risk),
        (Cents(14300), Cents::ZERO)
    );
    assert_eq!(denials[0].deadline, Some(day(2027, 11, 20)));
}

#[test]
fn an_answer_is_triaged_once_and_not_after_a_newer_one() {
    let history = with_triage(denied("CO", "16", &[]));
    let trigger = history.last() - 1;
    let key = format!("denials:claims:{trigger}");
    assert_eq!(
        decide_triage(&history.refs(), trigger, &key, &payers()),
        None,
        "handled"
    );
    let newer = denied("CO", "16", &[]).then(vec![remit(
        ClaimPaymentStatus::Processed(1),
        14300,
        vec![],
        &[],
    )]);
    assert_eq!(
        decide_triage(
            &newer.refs(),
            newer.last() - 1,
            "denials:claims:1",
            &payers()
        ),
        None,
        "superseded"
    );
}
