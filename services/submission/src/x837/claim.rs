//! Loop 2300, the claim itself: CLM, the payer's claim number for a replacement or void,
//! the diagnoses (HI) and the rendering provider (2310B); then the prior payers' loops and
//! the service lines, in the order the implementation guide sets.
//!
//! CLM01 is the claim id, so every answer (999, 277CA, 835 CLP01) leads back to the claim;
//! CLM02 is always the sum of the lines, never a separately stored total that could drift.

use claims_events::event::Frequency;
use claims_x12::money::format_cents;
use claims_x12::writer::Element;
use claims_x12::X12Writer;

use super::cob;
use super::error::Problem;
use super::input::ClaimToBill;
use super::lines;
use super::segments::{person, required_id};

/// An 837P claim carries 1 to 50 service lines (2400 repeats at most 50 times).
const MAX_LINES: usize = 50;
/// HI holds twelve diagnoses: one principal (ABK) and eleven others (ABF).
const MAX_DIAGNOSES: usize = 12;

/// Loop 2300 and everything under it.
pub(super) fn claim(w: &mut X12Writer, claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    let coding = claim.coding;
    if coding.lines.is_empty() || coding.lines.len() > MAX_LINES {
        return Err(Problem::LineCount(coding.lines.len()));
    }
    if coding.diagnoses.is_empty() || coding.diagnoses.len() > MAX_DIAGNOSES {
        return Err(Problem::DiagnosisCount(coding.diagnoses.len()));
    }
    cob::check_balance(claim)?;

    let claim_id = claim.claim_id.to_string();
    let total = format_cents(coding.total_charge().0);
    let place = required_id(&claim.encounter.place_of_service, "the place of service")?;
    let location = [place, "B", claim.frequency.code()];
    w.segment_with(
        "CLM",
        &[
            Element::Simple(&claim_id),
            Element::Simple(&total),
            Element::Simple(""),
            Element::Simple(""),
            Element::Composite(&location),
            // Provider signature on file, assignment accepted, benefits assigned, release
            // of information signed: what a practice billing electronically attests.
            Element::Simple("Y"),
            Element::Simple("A"),
            Element::Simple("Y"),
            Element::Simple("Y"),
        ],
    )?;
    if claim.frequency != Frequency::Original {
        let number = claim
            .payer_claim_number
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .ok_or(Problem::MissingPayerClaimNumber {
                frequency: claim.frequency.code(),
            })?;
        w.segment("REF", &["F8", number])?;
    }
    diagnoses(w, claim)?;
    rendering_provider(w, claim)?;
    cob::prior_payers(w, claim)?;
    lines::service_lines(w, claim)
}

/// HI: the principal diagnosis as ABK, the others as ABF, without their dots.
fn diagnoses(w: &mut X12Writer, claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    let codes: Vec<String> = claim
        .coding
        .diagnoses
        .iter()
        .map(|code| code.without_dot())
        .collect();
    let composites: Vec<[&str; 2]> = codes
        .iter()
        .enumerate()
        .map(|(i, code)| [if i == 0 { "ABK" } else { "ABF" }, code.as_str()])
        .collect();
    let elements: Vec<Element<'_>> = composites
        .iter()
        .map(|pair| Element::Composite(pair))
        .collect();
    w.segment_with("HI", &elements)?;
    Ok(())
}

/// Loop 2310B, written only when someone other than the billing provider rendered the
/// care: when they are the same, the guide says to leave it out.
fn rendering_provider(w: &mut X12Writer, claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    let encounter = claim.encounter;
    let Some(rendering) = &encounter.rendering_provider else {
        return Ok(());
    };
    if rendering.npi == encounter.billing_provider.npi {
        return Ok(());
    }
    person(
        w,
        "82",
        (&rendering.last_name, &rendering.first_name),
        "the rendering provider's last name",
        "XX",
        rendering.npi.as_str(),
    )
}
