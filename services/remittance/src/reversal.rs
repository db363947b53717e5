//! Reversals (CLP02 22): which earlier posting a reversal takes back, and what the claim's
//! history remembers of reversals already applied.
//!
//! A reversal names no trace: it arrives under the payer's new trace, with the original's
//! amounts negated. So it is matched to the claim's unreversed postings by amount (billed,
//! paid and patient share), preferring the one with the same payer claim number (CLP07),
//! then the newest. What it takes back is the matched posting exactly (its paid amount,
//! patient share and adjustments, positive as taken back), so the ledger returns to the cent
//! to where it was before that posting, whatever mix of CAS codes the payer reversed with.

use claims_events::event::PaymentReversed;
use claims_events::event::RemittancePosted;
use claims_events::{Cents, Claim, Event};

use crate::adjudication;
use crate::decide::Paid;
use crate::outcome::{Outcome, Suspense};

/// What the claim's history says about earlier reversals: the fold keeps only postings
/// not reversed, so a trace posted and then reversed is remembered here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// (reversal trace, reversed trace) of every `PaymentReversed`.
    reversals: Vec<(String, String)>,
}

impl History {
    pub fn of<'e>(events: impl IntoIterator<Item = &'e Event>) -> History {
        let reversals = events
            .into_iter()
            .filter_map(|event| match event {
                Event::PaymentReversed(r) => Some((r.trace.clone(), r.reversed_trace.clone())),
                _ => None,
            })
            .collect();
        History { reversals }
    }

    pub(crate) fn posted(&self, claim: &Claim, trace: &str) -> bool {
        claim.postings.iter().any(|p| p.trace == trace)
            || self.reversals.iter().any(|(_, r)| r == trace)
    }

    pub(crate) fn reversed_by(&self, trace: &str) -> bool {
        self.reversals.iter().any(|(t, _)| t == trace)
    }
}

/// A `PaymentReversed` taking back exactly what the matched posting posted, `None` if this
/// reversal was already applied, or why it cannot be.
pub(crate) fn reverse(
    running: &Claim,
    history: &History,
    paid: Paid<'_>,
) -> Result<Option<(Event, Outcome)>, Suspense> {
    let trace = paid.remittance.trace.number;
    if history.reversed_by(trace) {
        return Ok(None);
    }
    let payment = paid.payment;
    // The 835 writes a reversal with negated amounts; what it takes back is their opposite.
    let billed = Cents(payment.billed_cents).abs();
    let taken = Cents(payment.paid_cents).abs();
    let lines: Vec<u16> = (1..=payment.lines.len())
        .filter_map(|n| u16::try_from(n).ok())
        .collect();
    let share = adjudication::patient_share(&adjudication::adjustments(payment, &lines));
    let share_taken = if share.total().is_negative() {
        adjudication::negated(share)
    } else {
        share
    };
    let candidates: Vec<&RemittancePosted> = running
        .postings
        .iter()
        .filter(|p| {
            p.billed == billed && p.paid == taken && p.patient_share.total() == share_taken.total()
        })
        .collect();
    let same_number: Vec<&RemittancePosted> = candidates
        .iter()
        .copied()
        .filter(|p| {
            p.payer_claim_number.is_some()
                && p.payer_claim_number.as_deref() == payment.payer_claim_control_number
        })
        .collect();
    let chosen = same_number
        .last()
        .or(candidates.last())
        .ok_or(Suspense::ReversalUnmatched)?;
    if running
        .postings
        .iter()
        .filter(|p| p.trace == chosen.trace)
        .count()
        > 1
    {
        return Err(Suspense::ReversalAmbiguous);
    }
    let event = Event::PaymentReversed(PaymentReversed {
        trace: trace.to_owned(),
        reversed_trace: chosen.trace.clone(),
        paid: chosen.paid,
        patient_share: chosen.patient_share,
        adjustments: chosen.adjustments.clone(),
    });
    let outcome = Outcome::Reversed {
        reversed_trace: chosen.trace.clone(),
    };
    Ok(Some((event, outcome)))
}
