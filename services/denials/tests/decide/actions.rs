//! Operator actions: given a triaged claim, when an operator's command is decided, then
//! these events, or this refusal with its code.

use claims_denials::action::{decide_action, Context};
use claims_denials::command::{Action, Command, NewCoverage};
use claims_events::event::*;
use claims_events::{Cents, ClaimCoding, ClaimStatus, Event, PayerOrder, Relationship};

use crate::given::*;

fn when(history: &History, action: Action) -> Result<Vec<Event>, String> {
    when_on(history, action, day(2027, 1, 10))
}

fn when_on(
    history: &History,
    action: Action,
    today: chrono::NaiveDate,
) -> Result<Vec<Event>, String> {
    let payers = payers();
    let context = Context {
        payers: &payers,
        today,
        input_key: "denials:inbox:500",
    };
    let command = Command {
        claim_id: claim_id(),
        operator: "biller-3".into(),
        action,
    };
    decide_action(&history.case(), &command, &context).map_err(|p| p.code)
}

fn corrected_coding(history: &History) -> ClaimCoding {
    let mut coding = history.case().claim.coding.unwrap();
    coding.lines[0].modifiers = vec!["25".parse().unwrap(), "59".parse().unwrap()];
    coding
}

fn correct(coding: ClaimCoding) -> Action {
    Action::Correct { coding, note: None }
}

#[test]
fn a_correction_of_a_denied_claim_is_a_replacement_keeping_the_payers_number() {
    let history = with_triage(denied("CO", "4", &[]));
    let events = when(&history, correct(corrected_coding(&history))).unwrap();
    let [Event::CorrectedClaimPrepared(prepared)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (prepared.frequency, prepared.payer_claim_number.as_deref()),
        (Frequency::Replacement, Some("PCN-2"))
    );
    assert_eq!(prepared.operator, "biller-3");
}

#[test]
fn a_rejected_claim_goes_out_again_as_an_original() {
    let history = with_triage(History::accepted(None).then(vec![Event::ClaimRejected(
        ClaimRejected {
            acknowledgment: Acknowledgment::ClaimAck277,
            reasons: vec![RejectionReason {
                code: "A7:21".into(),
                message: "missing".into(),
            }],
        },
    )]));
    let events = when(&history, correct(corrected_coding(&history))).unwrap();
    let [Event::CorrectedClaimPrepared(prepared)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(
        (prepared.frequency, prepared.payer_claim_number.clone()),
        (Frequency::Original, None)
    );
}

#[test]
fn corrections_that_cannot_go_out_are_refused() {
    let duplicate = with_triage(denied("OA", "18", &[]));
    assert_eq!(
        when(&duplicate, correct(corrected_coding(&duplicate))),
        Err("denial.duplicate".into())
    );
    let mut no_number = with_triage(denied("CO", "4", &[]));
    for event in no_number
        .commits
        .iter_mut()
        .flat_map(|c| c.events.iter_mut())
    {
        match event {
            Event::RemittancePosted(r) => r.payer_claim_number = None,
            Event::ClaimAccepted(a) => a.payer_claim_number = None,
            _ => {}
        }
    }
    assert_eq!(
        when(&no_number, correct(corrected_coding(&no_number))),
        Err("payer_claim_number.missing".into())
    );
    let same = with_triage(denied("CO", "16", &[]));
    let coding = same.case().claim.coding.unwrap();
    assert_eq!(
        when(&same, correct(coding.clone())),
        Err("note.required".into())
    );
    let with_note = Action::Correct {
        coding,
        note: Some("referring provider added".into()),
    };
    assert!(
        when(&same, with_note).is_ok(),
        "unchanged codes with a note saying what changed"
    );
}

#[test]
fn an_appeal_is_filed_within_the_window_with_a_letter() {
    let history = with_triage(denied("CO", "50", &[]));
    let appeal = || Action::Appeal {
        level: 1,
        reason: "records show medical necessity".into(),
        note: None,
    };
    let events = when(&history, appeal()).unwrap();
    let [Event::AppealFiled(filed)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!((filed.level, filed.deadline), (1, day(2027, 4, 14)));
    assert_eq!(
        when_on(&history, appeal(), day(2027, 4, 14)).map(|e| e.len()),
        Ok(1),
        "the last day counts"
    );
    assert_eq!(
        when_on(&history, appeal(), day(2027, 4, 15)),
        Err("deadline.passed".into())
    );
}

#[test]
fn appeals_need_an_adjudication_and_a_new_level() {
    let rejected = with_triage(History::accepted(None).then(vec![Event::ClaimRejected(
        ClaimRejected {
            acknowledgment: Acknowledgment::ClaimAck277,
            reasons: vec![],
        },
    )]));
    let appeal = |level| Action::Appeal {
        level,
        reason: "x".into(),
        note: None,
    };
    assert_eq!(
        when(&rejected, appeal(1)),
        Err("claim.not_adjudicated".into())
    );
    let history = with_triage(denied("CO", "50", &[]));
    let filed = when(&history, appeal(1)).unwrap();
    let denied_again = with_triage(history.then(filed).then(vec![remit(
        ClaimPaymentStatus::Denied,
        0,
        vec![adj("CO", "50", 14300, None)],
        &[],
    )]));
    assert_eq!(when(&denied_again, appeal(1)), Err("level.repeated".into()));
    assert!(when(&denied_again, appeal(2)).is_ok());
}

#[test]
fn a_rebill_goes_to_the_encounters_other_coverage_only() {
    let history = with_triage(denied("CO", "27", &[]));
    let rebill = |payer: &str| Action::Rebill {
        payer_id: payer.parse().unwrap(),
        reason: "coverage ended".into(),
        insured: None,
    };
    let events = when(&history, rebill("aetna")).unwrap();
    let [Event::RebilledToPayer(rebilled)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(rebilled.coverage.payer_id.as_str(), "aetna");
    assert_eq!(
        when(&history, rebill("medicare-il")),
        Err("payer.same".into())
    );
    assert_eq!(
        when(&history, rebill("united-healthcare")),
        Err("payer.not_on_encounter".into())
    );
    assert_eq!(
        when(&history, rebill("nobody")),
        Err("payer.unknown".into())
    );
}

#[test]
fn a_rebill_to_a_coverage_the_encounter_did_not_name_carries_the_patients_member_id() {
    let history = with_triage(denied("OA", "22", &[]));
    let action = Action::Rebill {
        payer_id: "united-healthcare".parse().unwrap(),
        reason: "CARC 22: UnitedHealthcare is primary".into(),
        insured: Some(NewCoverage {
            member_id: "UHC123456789".into(),
            group_number: Some("GRP-77".into()),
            plan: None,
        }),
    };
    let events = when(&history, action).unwrap();
    let [Event::RebilledToPayerV2(rebilled)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(rebilled.coverage.payer_id.as_str(), "united-healthcare");
    assert_eq!(rebilled.coverage.order, PayerOrder::Primary);
    assert_eq!(
        rebilled.coverage.plan, "UnitedHealthcare",
        "the payer's name by default"
    );
    assert_eq!(rebilled.subscriber.member_id, "UHC123456789");
    assert_eq!(rebilled.subscriber.relationship, Relationship::Insured);
    assert_eq!(rebilled.subscriber.group_number.as_deref(), Some("GRP-77"));

    let claim = history.case().claim.evolve(&events[0], chrono::Utc::now());
    assert_eq!(claim.status(), ClaimStatus::Coded);
    assert_eq!(
        claim.billed_subscriber().map(|s| s.member_id.as_str()),
        Some("UHC123456789"),
        "the 837 names the new insured"
    );
}

#[test]
fn a_write_off_is_the_operators_and_no_larger_than_the_open_balance() {
    let history = with_triage(denied("CO", "96", &[]));
    let write_off = |cents| Action::WriteOff {
        amount: Cents(cents),
        reason: WriteOffReason::NonCovered,
        note: None,
    };
    assert_eq!(
        when(&history, write_off(14301)),
        Err("amount.exceeds_open".into())
    );
    let events = when(&history, write_off(14300)).unwrap();
    let [Event::BalanceWrittenOff(w)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(w.decided_by, Decision::Operator("biller-3".into()));
}

#[test]
fn the_patient_is_billed_for_pr_but_never_for_co() {
    let pr = with_triage(denied("PR", "204", &[]));
    let bill = |cents| Action::BillPatient {
        transfer: Cents(cents),
        note: None,
    };
    let events = when(&pr, bill(0)).unwrap();
    let [Event::PatientBilled(billed)] = &events[..] else {
        panic!("{events:?}")
    };
    assert_eq!(billed.amount, Cents(14300));
    let co = with_triage(denied("CO", "96", &[]));
    assert_eq!(
        when(&co, bill(100)),
        Err("amount.contractual_obligation".into())
    );
    assert_eq!(when(&co, bill(0)), Err("balance.none".into()));
    let oa = with_triage(denied("OA", "27", &[]));
    let events = when(&oa, bill(14300)).unwrap();
    assert!(
        matches!(
            &events[..],
            [
                Event::PatientResponsibilityTransferred(_),
                Event::PatientBilled(_)
            ]
        ),
        "{events:?}"
    );
}

#[test]
fn a_claim_paid_in_full_or_unknown_refuses_every_action() {
    let paid = History::accepted(Some("PCN-1")).then(vec![remit(
        ClaimPaymentStatus::Processed(1),
        14300,
        vec![],
        &[],
    )]);
    let write_off = Action::WriteOff {
        amount: Cents(1),
        reason: WriteOffReason::SmallBalance,
        note: None,
    };
    assert_eq!(
        when(&paid, write_off.clone()),
        Err("claim.paid_in_full".into())
    );
    assert_eq!(
        when(&History { commits: vec![] }, write_off.clone()),
        Err("claim.unknown".into())
    );
    let untriaged = denied("CO", "16", &[]);
    assert_eq!(
        when(&untriaged, write_off),
        Err("claim.status".into()),
        "not before triage"
    );
}
