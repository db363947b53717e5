//! Triage of a payer's answer: every denied claim, denied line and front-end rejection is
//! classified with its deadline, and what is safe to do without a person is done in the same
//! commit, each with the rule that fired.
//!
//! What "automatic" may do is bounded by what the posting already did to the ledger (see
//! `Claim::post`): CO-45 (and the other contractual CO reasons) was taken out of the open
//! balance as `contractual` when the 835 was posted, and every PR amount went into
//! `patient_responsibility` through the posting's patient share. Writing those off or
//! transferring them again would count them twice (the open balance would go negative and
//! the claim would read as written off). So the automatic rules only move money the posting
//! left open:
//! - CARC 45 under another group (PI-45, OA-45: the fold counted it as denied) is written off
//!   as contractual;
//! - PR amounts the posting's patient share did not cover are transferred to the patient
//!   (none, when the remittance service splits PR as it does today);
//! - a CARC 18 duplicate is linked to the original claim number and not resubmitted.
//!
//! Contractual CO amounts are triaged with nothing at risk, so the log says the rule saw
//! them and decided they were final.

use chrono::NaiveDate;

use claims_events::event::{
    AdjustmentGroup, BalanceWrittenOff, ClaimRejected, Decision, DenialTriaged, DuplicateLinked,
    PatientResponsibilityTransferred, RemittancePosted, WriteOffReason,
};
use claims_events::{Cents, Claim, ClaimStatus, Commit, Event};
use claims_payers::PayerRegistry;

use crate::classify::{self, Classification};
use crate::deadline::{deadline_for, payer_of};

/// Event types (as the `Claims-Event-Types` header lists them) of the commits triaged.
pub const TRIGGERS: [&str; 2] = ["RemittancePosted", "ClaimRejected"];

/// The automatic rules, as `Decision::Rule` names them.
pub const RULE_FEE_SCHEDULE_WRITE_OFF: &str = "carc-45-fee-schedule-write-off";
pub const RULE_DUPLICATE_LINK: &str = "carc-18-duplicate-link";
pub const RULE_PATIENT_TRANSFER: &str = "pr-group-transfer";

/// CO reasons the fold posts as contractual (kept in step with `split_adjustments`).
const POSTED_AS_CONTRACTUAL: [&str; 4] = ["45", "253", "59", "94"];

/// The triage of the payer's answer in `commits[trigger]`, with the automatic actions;
/// `None` if there is nothing to triage: already done (`input_key` handled), the answer is
/// not a denial or rejection, or a newer answer superseded it (that one is triaged instead).
pub fn decide_triage(
    commits: &[&Commit],
    trigger: usize,
    input_key: &str,
    payers: &PayerRegistry,
) -> Option<Vec<Event>> {
    let claim = Claim::replay(commits.iter().copied());
    let commit = commits.get(trigger)?;
    if claim.has_handled(input_key) || commits[trigger + 1..].iter().any(|c| has_new_answer(c)) {
        return None;
    }
    let before = Claim::replay(commits[..trigger].iter().copied());
    let after = before.clone().apply(commit);
    match commit.events.iter().rev().find_map(answer)? {
        Answer::Remittance(remit) => triage_remittance(&before, &after, remit, payers),
        Answer::Rejection(rejection) => triage_rejection(&after, rejection, payers),
    }
}

enum Answer<'a> {
    Remittance(&'a RemittancePosted),
    Rejection(&'a ClaimRejected),
}

fn answer(event: &Event) -> Option<Answer<'_>> {
    match event {
        Event::RemittancePosted(remit) => Some(Answer::Remittance(remit)),
        Event::ClaimRejected(rejection) => Some(Answer::Rejection(rejection)),
        _ => None,
    }
}

fn has_new_answer(commit: &Commit) -> bool {
    commit.events.iter().any(|event| {
        matches!(
            event,
            Event::RemittancePosted(_)
                | Event::PaymentReversed(_)
                | Event::ClaimRejected(_)
                | Event::ClaimSubmitted(_)
        )
    })
}

fn triage_remittance(
    before: &Claim,
    after: &Claim,
    remit: &RemittancePosted,
    payers: &PayerRegistry,
) -> Option<Vec<Event>> {
    if !matches!(
        after.status(),
        ClaimStatus::Denied | ClaimStatus::PartiallyPaid
    ) {
        return None;
    }
    let payer = payer_of(after, payers, Some(&remit.payer_id));
    // The claim number the payer knew the claim by before this answer: what a duplicate
    // denial is linked to. The same number as this answer's is no evidence of an original.
    let original = before
        .payer_claim_number
        .clone()
        .filter(|number| Some(number) != remit.payer_claim_number.as_ref());
    let mut open = after.ledger.open();
    let (mut triaged, mut actions) = (Vec::new(), Vec::new());
    for adjustment in &remit.adjustments {
        let (group, reason) = (adjustment.group, adjustment.reason.trim());
        if classify::is_cost_sharing(group, reason) {
            continue;
        }
        let class = classify::classify(Some(group), reason, &remit.remarks);
        let settled =
            if group == AdjustmentGroup::Contractual && POSTED_AS_CONTRACTUAL.contains(&reason) {
                true
            } else if reason == "45"
                && group != AdjustmentGroup::PatientResponsibility
                && adjustment.amount <= open
            {
                open -= adjustment.amount;
                actions.push(Event::BalanceWrittenOff(BalanceWrittenOff {
                    amount: adjustment.amount,
                    reason: WriteOffReason::Contractual,
                    decided_by: Decision::Rule(RULE_FEE_SCHEDULE_WRITE_OFF.into()),
                    note: Some(format!(
                        "{}-45{}: fee schedule reduction",
                        group.code(),
                        on_line(adjustment.line)
                    )),
                }));
                true
            } else if reason == "18" && original.is_some() {
                if !actions
                    .iter()
                    .any(|e| matches!(e, Event::DuplicateLinked(_)))
                {
                    actions.push(Event::DuplicateLinked(DuplicateLinked {
                        payer_claim_number: original.clone(),
                        decided_by: Decision::Rule(RULE_DUPLICATE_LINK.into()),
                    }));
                }
                true
            } else {
                false
            };
        triaged.push(triaged_entry(
            adjustment.line,
            Some(group),
            reason,
            &remit.remarks,
            class,
            if settled {
                Cents::ZERO
            } else {
                adjustment.amount
            },
            if settled {
                None
            } else {
                deadline_for(class.action, Some(remit.paid_on), after, payer, payers)
            },
        ));
    }
    if triaged.is_empty() {
        // Denied without a reason the table can read: never dropped, a person looks.
        let at_risk = (remit.billed - remit.paid).max(Cents::ZERO);
        let class = classify::NO_REASON;
        let deadline = deadline_for(class.action, Some(remit.paid_on), after, payer, payers);
        triaged.push(triaged_entry(
            None,
            None,
            "none",
            &remit.remarks,
            class,
            at_risk,
            deadline,
        ));
    }
    if let Some(transfer) = untransferred_patient_amount(after, remit, open) {
        actions.push(Event::PatientResponsibilityTransferred(transfer));
    }
    Some(
        triaged
            .into_iter()
            .map(Event::DenialTriaged)
            .chain(actions)
            .collect(),
    )
}

/// PR amounts the posting left in the open balance (its patient share did not cover them).
/// The transfer's fold also takes the amount out of `denied`, which never held a PR amount,
/// so it is only safe while nothing else is denied; otherwise a person bills the patient.
fn untransferred_patient_amount(
    after: &Claim,
    remit: &RemittancePosted,
    open: Cents,
) -> Option<PatientResponsibilityTransferred> {
    let patient: Cents = remit
        .adjustments
        .iter()
        .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
        .map(|a| a.amount)
        .sum();
    let remainder = patient - remit.patient_share.total();
    (remainder.is_positive() && remainder <= open && after.ledger.denied == Cents::ZERO).then(
        || PatientResponsibilityTransferred {
            amount: remainder,
            reason: format!(
                "PR adjustments of 835 trace {} not in its patient share",
                remit.trace
            ),
            decided_by: Decision::Rule(RULE_PATIENT_TRANSFER.into()),
        },
    )
}

fn triage_rejection(
    after: &Claim,
    rejection: &ClaimRejected,
    payers: &PayerRegistry,
) -> Option<Vec<Event>> {
    if after.status() != ClaimStatus::Rejected {
        return None;
    }
    let class = classify::REJECTION;
    let payer = payer_of(after, payers, None);
    let deadline = deadline_for(class.action, None, after, payer, payers);
    let codes: Vec<&str> = match rejection.reasons.as_slice() {
        [] => vec!["unspecified"],
        reasons => reasons.iter().map(|r| r.code.as_str()).collect(),
    };
    // The whole claim is at risk once, not once per reason.
    let at_risk = |i: usize| {
        if i == 0 {
            after.ledger.open().max(Cents::ZERO)
        } else {
            Cents::ZERO
        }
    };
    Some(
        codes
            .into_iter()
            .enumerate()
            .map(|(i, code)| triaged_entry(None, None, code, &[], class, at_risk(i), deadline))
            .map(Event::DenialTriaged)
            .collect(),
    )
}

fn triaged_entry(
    line: Option<u16>,
    group: Option<AdjustmentGroup>,
    reason: &str,
    remarks: &[String],
    class: Classification,
    amount_at_risk: Cents,
    deadline: Option<NaiveDate>,
) -> DenialTriaged {
    DenialTriaged {
        line,
        group,
        reason: reason.to_owned(),
        remarks: remarks.to_vec(),
        category: class.category,
        action: class.action,
        amount_at_risk,
        deadline,
        rule: class.rule.to_owned(),
    }
}

fn on_line(line: Option<u16>) -> String {
    line.map(|l| format!(" on line {l}")).unwrap_or_default()
}
