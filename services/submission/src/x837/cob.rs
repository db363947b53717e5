//! Coordination of benefits: what earlier payers did, reported to the payer billed now.
//!
//! A secondary payer pays what the primary left, so it needs the primary's adjudication:
//! loop 2320 (the other payer's SBR, its claim-level CAS adjustments and its paid amount
//! AMT*D), 2330A (the insured of that coverage), 2330B (that payer), and per service line
//! 2430 (SVD paid amount, line CAS, DTP*573 date of adjudication). The numbers come from the
//! posted remittance, and clearinghouses check that they balance (claim charge minus every
//! adjustment of that payer equals what it paid, per claim and per line), so they are
//! checked here first: an unbalanced COB claim is rejected at the front end anyway, and the
//! biller is better told now, with the amounts.

use claims_events::event::LinePayment;
use claims_events::{Cents, ServiceLine};
use claims_x12::date::format_date;
use claims_x12::money::format_cents;
use claims_x12::writer::Element;
use claims_x12::X12Writer;

use super::error::Problem;
use super::input::{ClaimToBill, PriorAdjudication};
use super::lines::procedure_composite;
use super::parties::{insured, order_code, relationship_code};
use super::segments::{adjustments, organization, person, required_id};

/// Refuses prior adjudications whose amounts do not balance against this claim's lines.
pub(super) fn check_balance(claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    for prior in &claim.prior_payers {
        let unbalanced = |problem: String| Problem::PriorPayerUnbalanced {
            payer: prior.payer.name.clone(),
            problem,
        };
        let remittance = prior.remittance;
        let adjusted: Cents = remittance.adjustments.iter().map(|a| a.amount).sum();
        let charge = claim.coding.total_charge();
        if charge - adjusted != remittance.paid {
            return Err(unbalanced(format!(
                "the claim charge {charge} minus adjustments {adjusted} is not the paid {}",
                remittance.paid
            )));
        }
        for adjustment in &remittance.adjustments {
            if let Some(line) = adjustment.line {
                if line_payment(prior, usize::from(line)).is_none() {
                    return Err(unbalanced(format!(
                        "an adjustment names line {line}, which the payer did not report"
                    )));
                }
            }
        }
        for payment in &remittance.lines {
            let number = usize::from(payment.line);
            let Some(line) = number
                .checked_sub(1)
                .and_then(|i| claim.coding.lines.get(i))
            else {
                return Err(unbalanced(format!(
                    "a payment names line {number}, which the claim does not have"
                )));
            };
            let line_adjusted = line_adjustments(prior, number).map(|a| a.amount).sum();
            if line.charge - line_adjusted != payment.paid {
                return Err(unbalanced(format!(
                    "line {number}: the charge {} minus adjustments {line_adjusted} is not the paid {}",
                    line.charge, payment.paid
                )));
            }
        }
    }
    Ok(())
}

/// Loops 2320, 2330A and 2330B for each prior payer, in payer order.
pub(super) fn prior_payers(w: &mut X12Writer, claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    for prior in &claim.prior_payers {
        let subscriber = prior.subscriber;
        let payer_id = required_id(&prior.payer.x12_payer_id, "a prior payer's X12 id")?;
        let member_id = required_id(&subscriber.member_id, "a prior payer's member id")?;
        let filing = required_id(
            &prior.payer.claim_filing_indicator,
            "a prior payer's claim filing indicator",
        )?;
        let group = subscriber.group_number.as_deref().unwrap_or("");
        let relationship = relationship_code(subscriber.relationship);
        let sbr01 = order_code(prior.payer_order);
        w.segment(
            "SBR",
            &[sbr01, relationship, group, "", "", "", "", "", filing],
        )?;
        adjustments(
            w,
            prior
                .remittance
                .adjustments
                .iter()
                .filter(|a| a.line.is_none()),
        )?;
        w.segment("AMT", &["D", &format_cents(prior.remittance.paid.0)])?;
        // Benefits assigned and release of information signed, as in CLM08 and CLM09.
        w.segment("OI", &["", "", "Y", "", "", "Y"])?;

        let insured = insured(claim.encounter, subscriber)?;
        person(
            w,
            "IL",
            (&insured.last_name, &insured.first_name),
            "a prior payer's insured's last name",
            "MI",
            member_id,
        )?;
        organization(
            w,
            "PR",
            &prior.payer.name,
            "a prior payer's name",
            "PI",
            payer_id,
        )?;
        if prior.remittance.lines.is_empty() {
            // Without 2430 loops the adjudication date goes here instead.
            let paid_on = format_date(prior.remittance.paid_on);
            w.segment("DTP", &["573", "D8", &paid_on])?;
        }
    }
    Ok(())
}

/// Loop 2430 for line `number`, once per prior payer that reported the line.
pub(super) fn line_adjudications(
    w: &mut X12Writer,
    claim: &ClaimToBill<'_>,
    number: usize,
    line: &ServiceLine,
) -> Result<(), Problem> {
    for prior in &claim.prior_payers {
        let Some(payment) = line_payment(prior, number) else {
            continue;
        };
        let paid = format_cents(payment.paid.0);
        let procedure = procedure_composite(line);
        let procedure: Vec<&str> = procedure.iter().map(String::as_str).collect();
        let units = if payment.units > 0 {
            payment.units
        } else {
            line.units
        };
        let units = units.to_string();
        w.segment_with(
            "SVD",
            &[
                Element::Simple(&prior.payer.x12_payer_id),
                Element::Simple(&paid),
                Element::Composite(&procedure),
                Element::Simple(""),
                Element::Simple(&units),
            ],
        )?;
        adjustments(w, line_adjustments(prior, number))?;
        let paid_on = format_date(prior.remittance.paid_on);
        w.segment("DTP", &["573", "D8", &paid_on])?;
    }
    Ok(())
}

/// What the prior payer reported for line `number` (one-based).
fn line_payment<'a>(prior: &PriorAdjudication<'a>, number: usize) -> Option<&'a LinePayment> {
    prior
        .remittance
        .lines
        .iter()
        .find(|p| usize::from(p.line) == number)
}

/// The prior payer's adjustments on line `number` (one-based).
fn line_adjustments<'a>(
    prior: &PriorAdjudication<'a>,
    number: usize,
) -> impl Iterator<Item = &'a claims_events::event::Adjustment> {
    prior
        .remittance
        .adjustments
        .iter()
        .filter(move |a| a.line.map(usize::from) == Some(number))
}
