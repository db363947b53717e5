//! Loop 2400, the service lines: LX, SV1 and the date of service, then what each prior
//! payer paid on the line (2430).
//!
//! SV1 points at diagnoses by their position in HI (1 to 12), so a pointer past the list
//! would silently attach the line to nothing; it is refused here rather than left to the
//! payer to deny.

use claims_events::ServiceLine;
use claims_x12::date::format_date;
use claims_x12::money::format_cents;
use claims_x12::writer::Element;
use claims_x12::X12Writer;

use super::cob;
use super::error::Problem;
use super::input::ClaimToBill;

/// SV101 carries a procedure code and at most four modifiers.
const MAX_MODIFIERS: usize = 4;
/// SV107 carries at most four diagnosis pointers.
const MAX_POINTERS: usize = 4;

/// Every 2400 loop of the claim, numbered from 1.
pub(super) fn service_lines(w: &mut X12Writer, claim: &ClaimToBill<'_>) -> Result<(), Problem> {
    let diagnoses = claim.coding.diagnoses.len();
    for (i, line) in claim.coding.lines.iter().enumerate() {
        let number = i + 1;
        check_line(number, line, diagnoses)?;
        w.segment("LX", &[&number.to_string()])?;
        let procedure = procedure_composite(line);
        let procedure: Vec<&str> = procedure.iter().map(String::as_str).collect();
        let pointers: Vec<String> = line.diagnosis_pointers.iter().map(u8::to_string).collect();
        let pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let charge = format_cents(line.charge.0);
        let units = line.units.to_string();
        w.segment_with(
            "SV1",
            &[
                Element::Composite(&procedure),
                Element::Simple(&charge),
                Element::Simple("UN"),
                Element::Simple(&units),
                Element::Simple(""),
                Element::Simple(""),
                Element::Composite(&pointers),
            ],
        )?;
        let date = line.service_date.unwrap_or(claim.encounter.service_date);
        w.segment("DTP", &["472", "D8", &format_date(date)])?;
        cob::line_adjudications(w, claim, number, line)?;
    }
    Ok(())
}

/// `HC`, the procedure code and its modifiers: SV101, and SVD03 for prior payers.
pub(super) fn procedure_composite(line: &ServiceLine) -> Vec<String> {
    let mut parts = vec!["HC".to_owned(), line.procedure.as_str().to_owned()];
    parts.extend(line.modifiers.iter().map(|m| m.as_str().to_owned()));
    parts
}

/// Refuses what SV1 cannot carry: too many modifiers, a negative charge, no units, bad
/// pointers.
fn check_line(number: usize, line: &ServiceLine, diagnoses: usize) -> Result<(), Problem> {
    if line.modifiers.len() > MAX_MODIFIERS {
        return Err(Problem::TooManyModifiers {
            line: number,
            count: line.modifiers.len(),
        });
    }
    if line.charge.is_negative() {
        return Err(Problem::NegativeCharge { line: number });
    }
    if line.units == 0 {
        return Err(Problem::NoUnits { line: number });
    }
    let pointers = &line.diagnosis_pointers;
    let in_range = |p: &u8| (1..=diagnoses).contains(&usize::from(*p));
    if pointers.is_empty() || pointers.len() > MAX_POINTERS || !pointers.iter().all(in_range) {
        return Err(Problem::BadPointers {
            line: number,
            pointers: pointers.clone(),
            diagnoses,
        });
    }
    Ok(())
}
