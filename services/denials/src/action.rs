//! What an operator's denial command means for the claim, or why it does not apply.
//!
//! Every command is checked against the claim as its log says it is now: a claim paid in
//! full refuses them all; an action must fit the claim's state (nothing to appeal on a
//! claim the payer never adjudicated, no replacement claim without the payer's claim number,
//! no resubmission of a duplicate, no write-off beyond the open balance, no CO amount billed
//! to the patient). A refusal names the field and a stable code, for the receipt.

use chrono::NaiveDate;
use uuid::Uuid;

use claims_events::event::{
    AdjustmentGroup, AppealFiled, BalanceWrittenOff, CorrectedClaimPrepared, Decision,
    DenialCategory, Frequency, PatientBilled, PatientResponsibilityTransferred, RebilledToPayer,
    RebilledToPayerV2,
};
use claims_events::{Cents, ClaimStatus, Coverage, Event, PayerOrder, Relationship, Subscriber};
use claims_payers::PayerRegistry;

use crate::case::DenialCase;
use crate::command::{Action, Command, NewCoverage, Problem};
use crate::deadline::appeal_deadline;
use crate::deadline::payer_of;

/// What a decision needs besides the claim and the command.
pub struct Context<'a> {
    pub payers: &'a PayerRegistry,
    pub today: NaiveDate,
    /// The command's idempotency key: a command already decided changes nothing.
    pub input_key: &'a str,
}

/// The events for `command` on `case`; empty if it was already decided.
pub fn decide_action(
    case: &DenialCase,
    command: &Command,
    ctx: &Context<'_>,
) -> Result<Vec<Event>, Problem> {
    let claim = &case.claim;
    if claim.has_handled(ctx.input_key) {
        return Ok(Vec::new());
    }
    if !claim.exists() {
        return Err(Problem::new(
            "$.claim_id",
            "claim.unknown",
            "no such claim in the log",
        ));
    }
    if claim.status() == ClaimStatus::Paid {
        return Err(Problem::new(
            "$.claim_id",
            "claim.paid_in_full",
            "the claim is paid in full: there is no denial to work",
        ));
    }
    // A duplicate denial leaves the claim with the payer under its original number; say so
    // rather than only that the claim is not denied.
    if let (Action::Correct { .. }, Some(duplicate)) = (
        &command.action,
        case.open
            .iter()
            .find(|d| d.category == DenialCategory::Duplicate),
    ) {
        return Err(Problem::new(
            "$.claim_id",
            "denial.duplicate",
            format!("the payer denied the claim as a duplicate (CARC {}): the original is being processed; do not resubmit", duplicate.reason),
        ));
    }
    let abandoning_appeal = matches!(command.action, Action::WriteOff { .. })
        && claim.status() == ClaimStatus::Appealed;
    if !case.is_workable() && !abandoning_appeal {
        return Err(Problem::new(
            "$.claim_id",
            "claim.status",
            format!(
                "the claim is {}: denial actions apply to a denied, partly paid or rejected claim once it is triaged",
                claim.status()
            ),
        ));
    }
    let operator = command.operator.clone();
    Ok(match &command.action {
        Action::Correct { coding, note } => {
            let rejected = claim.status() == ClaimStatus::Rejected;
            // A rejected claim was never adjudicated: it goes out again as an original.
            let (frequency, payer_claim_number) = if rejected {
                (Frequency::Original, None)
            } else {
                let Some(number) = claim.payer_claim_number.clone() else {
                    return Err(Problem::new(
                        "$.claim_id",
                        "payer_claim_number.missing",
                        "the payer's claim control number is not on file: a replacement claim (frequency 7) must carry it in REF*F8",
                    ));
                };
                (Frequency::Replacement, Some(number))
            };
            let unchanged = claim.coding.as_ref() == Some(coding);
            if unchanged && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Problem::new(
                    "$.note",
                    "note.required",
                    "the codes are the claim's own: say in `note` what the corrected claim fixes",
                ));
            }
            vec![Event::CorrectedClaimPrepared(CorrectedClaimPrepared {
                operator,
                coding: coding.clone(),
                frequency,
                payer_claim_number,
                note: note.clone(),
            })]
        }
        Action::Appeal {
            level,
            reason,
            note,
        } => {
            let Some(posting) = claim
                .postings
                .last()
                .filter(|_| claim.status() != ClaimStatus::Rejected)
            else {
                return Err(Problem::new(
                    "$.claim_id",
                    "claim.not_adjudicated",
                    "the payer never adjudicated this claim: there is nothing to appeal; correct and resubmit it",
                ));
            };
            if let Some(earlier) = claim
                .appeals
                .iter()
                .map(|a| a.level)
                .max()
                .filter(|l| l >= level)
            {
                return Err(Problem::new(
                    "$.level",
                    "level.repeated",
                    format!(
                        "a level {earlier} appeal was already filed: file level {}",
                        earlier + 1
                    ),
                ));
            }
            let Some(payer) = payer_of(claim, ctx.payers, Some(&posting.payer_id)) else {
                return Err(Problem::new(
                    "$.claim_id",
                    "payer.unknown",
                    format!(
                        "payer `{}` is not in the registry: its appeal window is unknown",
                        posting.payer_id
                    ),
                ));
            };
            let deadline = appeal_deadline(posting.paid_on, payer);
            if ctx.today > deadline {
                return Err(Problem::new(
                    "$.claim_id",
                    "deadline.passed",
                    format!("the appeal window closed on {deadline} ({} days from the remittance of {})", payer.appeal_days, posting.paid_on),
                ));
            }
            let reason = match note {
                Some(note) if !note.trim().is_empty() => format!("{reason} ({note})"),
                _ => reason.clone(),
            };
            vec![Event::AppealFiled(AppealFiled {
                operator,
                level: *level,
                reason,
                deadline,
                letter_id: document_id(case, ctx.input_key, "appeal-letter"),
            })]
        }
        Action::Rebill {
            payer_id,
            reason,
            insured,
        } => rebill(claim, operator, payer_id, reason, insured.as_ref(), ctx)?,
        Action::BillPatient { transfer, note } => {
            bill_patient(case, operator, *transfer, note.clone(), ctx)?
        }
        Action::WriteOff {
            amount,
            reason,
            note,
        } => {
            let open = claim.ledger.open();
            if *amount > open {
                return Err(Problem::new(
                    "$.amount",
                    "amount.exceeds_open",
                    format!(
                        "{amount} is more than the open balance of {}",
                        open.max(Cents::ZERO)
                    ),
                ));
            }
            vec![Event::BalanceWrittenOff(BalanceWrittenOff {
                amount: *amount,
                reason: reason.clone(),
                decided_by: Decision::Operator(operator),
                note: note.clone(),
            })]
        }
    })
}

/// Bills another payer: one of the encounter's coverages (`RebilledToPayer`), or a coverage
/// the practice gave later with the patient's member id for it (`RebilledToPayerV2`, the
/// patient as its insured; billed as primary, as a CARC 22 "another payer is primary" says).
fn rebill(
    claim: &claims_events::Claim,
    operator: String,
    payer_id: &claims_events::PayerId,
    reason: &str,
    insured: Option<&NewCoverage>,
    ctx: &Context<'_>,
) -> Result<Vec<Event>, Problem> {
    let Some(payer) = ctx.payers.get(payer_id) else {
        return Err(Problem::new(
            "$.payer_id",
            "payer.unknown",
            format!("`{payer_id}` is not in the payer registry"),
        ));
    };
    if claim
        .coverage
        .as_ref()
        .is_some_and(|c| &c.payer_id == payer_id)
    {
        return Err(Problem::new(
            "$.payer_id",
            "payer.same",
            format!("the claim is already billed to `{payer_id}`"),
        ));
    }
    let on_encounter = claim.encounter.as_ref().and_then(|e| {
        [Some(&e.coverage), e.secondary_coverage.as_ref()]
            .into_iter()
            .flatten()
            .find(|c| &c.payer_id == payer_id)
    });
    let reason = reason.to_owned();
    match (on_encounter, insured) {
        (Some(coverage), _) => Ok(vec![Event::RebilledToPayer(RebilledToPayer {
            operator,
            coverage: coverage.clone(),
            reason,
        })]),
        (None, Some(insured)) => Ok(vec![Event::RebilledToPayerV2(RebilledToPayerV2 {
            operator,
            coverage: Coverage {
                payer_id: payer_id.clone(),
                plan: insured.plan.clone().unwrap_or_else(|| payer.name.clone()),
                order: PayerOrder::Primary,
            },
            subscriber: Subscriber {
                relationship: Relationship::Insured,
                member_id: insured.member_id.clone(),
                group_number: insured.group_number.clone(),
                person: None,
            },
            reason,
        })]),
        (None, None) => Err(Problem::new(
            "$.member_id",
            "payer.not_on_encounter",
            format!("`{payer_id}` is not a coverage of the encounter: give the patient's `member_id` with that payer (and `group_number` if the card has one)"),
        )),
    }
}

fn bill_patient(
    case: &DenialCase,
    operator: String,
    transfer: Cents,
    note: Option<String>,
    ctx: &Context<'_>,
) -> Result<Vec<Event>, Problem> {
    let claim = &case.claim;
    if claim.status() == ClaimStatus::Rejected {
        return Err(Problem::new(
            "$.claim_id",
            "claim.not_adjudicated",
            "the payer never adjudicated this claim: correct and resubmit it first",
        ));
    }
    let open = claim.ledger.open();
    if transfer > open {
        return Err(Problem::new(
            "$.transfer",
            "amount.exceeds_open",
            format!(
                "{transfer} is more than the open balance of {}",
                open.max(Cents::ZERO)
            ),
        ));
    }
    // CO means the provider agreed not to bill the patient: those amounts cannot move.
    let contractual: Cents = case
        .open
        .iter()
        .filter(|d| d.group == Some(AdjustmentGroup::Contractual))
        .map(|d| d.amount_at_risk)
        .sum();
    if transfer > open - contractual {
        return Err(Problem::new(
            "$.transfer",
            "amount.contractual_obligation",
            format!("{contractual} of the open balance is denied under group CO, which may not be billed to the patient"),
        ));
    }
    let balance = claim.ledger.patient_responsibility + transfer;
    if !balance.is_positive() {
        return Err(Problem::new(
            "$.claim_id",
            "balance.none",
            "the patient owes nothing on this claim",
        ));
    }
    let mut events = Vec::new();
    if transfer.is_positive() {
        events.push(Event::PatientResponsibilityTransferred(
            PatientResponsibilityTransferred {
                amount: transfer,
                reason: note.unwrap_or_else(|| "moved to the patient by an operator".into()),
                decided_by: Decision::Operator(operator),
            },
        ));
    }
    events.push(Event::PatientBilled(PatientBilled {
        amount: balance,
        statement_id: document_id(case, ctx.input_key, "statement"),
    }));
    Ok(events)
}

/// A document's id: the same for the same command on the same claim, so a retried command
/// regenerates the same letter or statement and the outbox stores it once.
pub fn document_id(case: &DenialCase, input_key: &str, kind: &str) -> Uuid {
    const NAMESPACE: Uuid = Uuid::from_u128(0x0c1a_1d0c_5e4d_4a11_9c0d_6e7a_1a9b_2f31);
    Uuid::new_v5(
        &NAMESPACE,
        format!("{}/{input_key}/{kind}", case.claim_id).as_bytes(),
    )
}
