//! The posting decision: given a claim and every CLP loop of one 835 that names it, which
//! facts follow. Pure: the shell loads the claim, reads the clock and the payer registry,
//! and this says what to append, in one commit.
//!
//! Rules, per claim:
//! - An input the claim has already decided on (`Claim::has_handled`) posts nothing again.
//! - Reversals (CLP02 22) go first, whatever their place in the file, so a corrected
//!   payment in the same 835 lands on the books after the one it replaces is taken back.
//! - A trace already posted to the claim (from this file or another) is not posted again,
//!   and a reversal already applied is not applied again: the payment is the trace and the
//!   claim, not the message that carried it.
//! - A payment that cannot be applied exactly (a line that matches no billed line, a
//!   reversal that matches no posting, a ledger part going negative) goes to suspense
//!   whole; the claim's other payments still post.
//! - After posting, a claim with a secondary coverage that its primary processed without
//!   forwarding (CLP02 1) and left the patient a share is due to the secondary payer
//!   (`SecondaryBillingQueued`, which submission bills with the primary's adjudication);
//!   otherwise a fully adjudicated claim the patient owes on is billed to the patient
//!   (`PatientBilled`, with the statement's id) in the same commit.

use chrono::{NaiveDate, NaiveTime};
use uuid::Uuid;

use claims_events::event::{
    ClaimPaymentStatus, LinePayment, PatientBilled, RemittancePosted, SecondaryBillingQueued,
};
use claims_events::{Cents, Claim, ClaimStatus, Coverage, Event, PayerOrder};
use claims_payers::PayerRegistry;
use claims_x12::remittance::{ClaimPayment, Remittance};

use crate::adjudication;
use crate::lines::match_lines;
use crate::outcome::{Outcome, Suspense};
use crate::payer::{coverage_paid, NotPayable};
use crate::reversal::reverse;

pub use crate::reversal::History;

/// Statement ids are UUID v5 of (claim id, input) under this namespace, so a redelivered
/// 835 names the same statement.
const STATEMENT_NAMESPACE: Uuid = Uuid::from_bytes([
    0x2f, 0x6e, 0x31, 0x9a, 0x44, 0x0c, 0x5d, 0x8b, 0xa1, 0x7e, 0x52, 0x03, 0xc9, 0x1d, 0x66, 0x4b,
]);

/// One CLP loop with the transaction set it came in (its trace, payer and payment date).
#[derive(Debug, Clone, Copy)]
pub struct Paid<'a> {
    pub remittance: &'a Remittance<'a>,
    pub payment: &'a ClaimPayment<'a>,
}

/// What the decision reads besides the claim and the 835.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub payers: &'a PayerRegistry,
    /// The idempotency key of the 835's INBOX message (`remittance:inbox:<seq>`).
    pub input_key: &'a str,
    /// The payment date when the 835 gives none (BPR16 missing or impossible, no DTM*405).
    pub today: NaiveDate,
}

/// The decision for one claim: the events of its commit and what became of each payment.
#[derive(Debug, Clone)]
pub struct Posting {
    pub events: Vec<Event>,
    /// One per payment, in the order given.
    pub outcomes: Vec<Outcome>,
    /// The claim with `events` applied.
    pub after: Claim,
    /// The secondary coverage the claim is now due to be billed to.
    pub secondary_due: Option<Coverage>,
    /// The statement announced by a `PatientBilled` among `events`.
    pub statement_id: Option<Uuid>,
}

/// Decides what `payments` (every CLP loop of one 835 whose CLP01 is this claim) post.
pub fn decide_posting(
    claim: &Claim,
    history: &History,
    payments: &[Paid<'_>],
    ctx: &Context<'_>,
) -> Posting {
    let unchanged = |outcome: Outcome| Posting {
        events: Vec::new(),
        outcomes: vec![outcome; payments.len()],
        after: claim.clone(),
        secondary_due: None,
        statement_id: None,
    };
    if !claim.exists() {
        return unchanged(Outcome::Suspense(Suspense::UnknownClaim));
    }
    if claim.has_handled(ctx.input_key) {
        return unchanged(Outcome::AlreadyPosted);
    }
    let at = ctx.today.and_time(NaiveTime::MIN).and_utc();
    let mut running = claim.clone();
    let mut events = Vec::new();
    let mut outcomes = vec![Outcome::AlreadyPosted; payments.len()];
    let is_reversal =
        |p: &Paid<'_>| adjudication::status(p.payment.status) == ClaimPaymentStatus::Reversal;
    let order = (0..payments.len())
        .filter(|&i| is_reversal(&payments[i]))
        .chain((0..payments.len()).filter(|&i| !is_reversal(&payments[i])));
    for i in order {
        let paid = payments[i];
        let step = if is_reversal(&paid) {
            reverse(&running, history, paid)
        } else {
            post(claim, &running, history, paid, ctx)
        };
        outcomes[i] = match step {
            Ok(Some((event, outcome))) => {
                let next = running.clone().evolve(&event, at);
                match next.ledger.check() {
                    Ok(()) => {
                        running = next;
                        events.push(event);
                        outcome
                    }
                    Err(violation) => Outcome::Suspense(Suspense::Ledger(violation)),
                }
            }
            Ok(None) if is_reversal(&paid) => Outcome::AlreadyReversed,
            Ok(None) => Outcome::AlreadyPosted,
            Err(suspense) => Outcome::Suspense(suspense),
        };
    }
    let newly_paid = outcomes.contains(&Outcome::Posted);
    let posted: Vec<Paid<'_>> = payments
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| **outcome == Outcome::Posted)
        .map(|(paid, _)| *paid)
        .collect();
    let secondary_due = secondary_due(&running, &posted);
    if let (Some(coverage), Some(primary)) = (&secondary_due, primary_posting(&running)) {
        let queued = Event::SecondaryBillingQueued(SecondaryBillingQueued {
            coverage: coverage.clone(),
            primary_trace: primary.trace.clone(),
            balance: primary.patient_share.total(),
        });
        running = running.evolve(&queued, at);
        events.push(queued);
    }
    let mut statement_id = None;
    if newly_paid && secondary_due.is_none() && owes_after_insurance(&running) {
        let id = Uuid::new_v5(
            &STATEMENT_NAMESPACE,
            format!("{}/{}", claim_id(claim), ctx.input_key).as_bytes(),
        );
        let billed = Event::PatientBilled(PatientBilled {
            amount: running.ledger.patient_responsibility,
            statement_id: id,
        });
        running = running.evolve(&billed, at);
        events.push(billed);
        statement_id = Some(id);
    }
    Posting {
        events,
        outcomes,
        after: running,
        secondary_due,
        statement_id,
    }
}

fn claim_id(claim: &Claim) -> String {
    claim.id.map(|id| id.to_string()).unwrap_or_default()
}

/// A `RemittancePosted` for one adjudicated CLP, `None` if its trace is already on the
/// claim (checked against the claim as loaded, so two CLPs of one trace both post).
fn post(
    loaded: &Claim,
    running: &Claim,
    history: &History,
    paid: Paid<'_>,
    ctx: &Context<'_>,
) -> Result<Option<(Event, Outcome)>, Suspense> {
    let (remittance, payment) = (paid.remittance, paid.payment);
    let trace = remittance.trace.number;
    if history.posted(loaded, trace) {
        return Ok(None);
    }
    let status = adjudication::status(payment.status);
    if let ClaimPaymentStatus::Other(code) = &status {
        return Err(Suspense::StatusNotPostable(code.clone()));
    }
    let coverage =
        coverage_paid(running, remittance, &status, ctx.payers).map_err(|why| match why {
            NotPayable::NoCoverage => Suspense::UnknownClaim,
            NotPayable::OtherPayer(payer) => Suspense::OtherPayer(payer),
        })?;
    let billed_lines = running
        .coding
        .as_ref()
        .map(|c| c.lines.as_slice())
        .unwrap_or_default();
    let lines = match_lines(billed_lines, &payment.lines).map_err(Suspense::LineUnmatched)?;
    let adjustments = adjudication::adjustments(payment, &lines);
    let line_payments: Vec<LinePayment> = payment
        .lines
        .iter()
        .zip(&lines)
        .map(|(svc, &line)| LinePayment {
            line,
            procedure: svc.procedure.code.to_owned(),
            billed: Cents(svc.charge_cents),
            paid: Cents(svc.paid_cents),
            allowed: svc.allowed_cents().map(Cents),
            units: adjudication::units(svc.units)
                .or_else(|| billed_lines.get(usize::from(line) - 1).map(|l| l.units))
                .unwrap_or(1),
        })
        .collect();
    // The claim's allowed amount is reported only line by line (AMT*B6); it is known when
    // every line reports it.
    let allowed = line_payments
        .iter()
        .map(|l| l.allowed)
        .sum::<Option<Cents>>()
        .filter(|_| !line_payments.is_empty());
    let event = Event::RemittancePosted(RemittancePosted {
        trace: trace.to_owned(),
        payer_id: coverage.payer_id.clone(),
        paid_on: remittance
            .payment
            .date
            .or(remittance.production_date)
            .unwrap_or(ctx.today),
        status,
        billed: Cents(payment.billed_cents),
        paid: Cents(payment.paid_cents),
        allowed,
        patient_share: adjudication::patient_share(&adjustments),
        remarks: adjudication::remarks(payment),
        payer_claim_number: payment.payer_claim_control_number.map(str::to_owned),
        adjustments,
        lines: line_payments,
    });
    Ok(Some((event, Outcome::Posted)))
}

/// The secondary coverage, when a payment just posted was processed as primary without
/// being forwarded (CLP02 1, not 19) and left the patient a share the secondary may pay.
fn secondary_due(after: &Claim, posted: &[Paid<'_>]) -> Option<Coverage> {
    let billed_primary = after
        .coverage
        .as_ref()
        .is_some_and(|c| c.order == PayerOrder::Primary);
    let processed_as_primary = posted
        .iter()
        .any(|p| adjudication::status(p.payment.status) == ClaimPaymentStatus::Processed(1));
    let secondary = after.encounter.as_ref()?.secondary_coverage.clone()?;
    (billed_primary && processed_as_primary && after.ledger.patient_responsibility.is_positive())
        .then_some(secondary)
}

/// The primary's standing posting (processed as primary) whose balance goes on.
fn primary_posting(after: &Claim) -> Option<&RemittancePosted> {
    after
        .postings
        .iter()
        .rev()
        .find(|p| p.status == ClaimPaymentStatus::Processed(1))
}

/// True when insurance is done with the claim and the patient owes: paid in full of what
/// the payer owed, nothing denied pending, a patient share left.
fn owes_after_insurance(after: &Claim) -> bool {
    after.status() == ClaimStatus::Paid
        && after.ledger.denied == Cents::ZERO
        && after.ledger.patient_responsibility.is_positive()
}
