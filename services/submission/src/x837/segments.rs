//! Segments that several loops share: names (NM1), addresses (N3/N4), demographics (DMG)
//! and adjustments (CAS).
//!
//! Billing provider, subscriber, patient, payers and prior payers all name someone and
//! often give an address; writing those segments in one place keeps the free-text cleaning
//! (see [`super::text`]) and the element limits the same everywhere.

use claims_events::event::{Adjustment, AdjustmentGroup};
use claims_events::{Address, Person, Sex};
use claims_x12::date::format_date;
use claims_x12::money::format_cents;
use claims_x12::X12Writer;

use super::error::Problem;
use super::text::free_text;

/// NM103 (last or organisation name) holds at most 60 characters.
const LAST_NAME: usize = 60;
/// NM104 (first name) holds at most 35 characters.
const FIRST_NAME: usize = 35;
/// N301 and N302 hold at most 55 characters.
const ADDRESS_LINE: usize = 55;
/// N401 holds at most 30 characters.
const CITY: usize = 30;
/// CAS carries at most six reason / amount / quantity triplets.
const TRIPLETS_PER_CAS: usize = 6;

/// Free text that may not be empty once cleaned.
pub(super) fn required_text(
    w: &X12Writer,
    value: &str,
    max: usize,
    what: &'static str,
) -> Result<String, Problem> {
    let text = free_text(&w.delimiters(), value, max);
    if text.is_empty() {
        return Err(Problem::Empty { what });
    }
    Ok(text)
}

/// An identifier that must be present. Identifiers are written exactly as given (the
/// writer refuses one holding a delimiter), so only emptiness is checked here.
pub(super) fn required_id<'a>(value: &'a str, what: &'static str) -> Result<&'a str, Problem> {
    if value.trim().is_empty() {
        return Err(Problem::Empty { what });
    }
    Ok(value)
}

/// `NM1*<entity>*2*<name>*****<id qualifier>*<id>`: an organisation.
pub(super) fn organization(
    w: &mut X12Writer,
    entity: &str,
    name: &str,
    what: &'static str,
    id_qualifier: &str,
    id: &str,
) -> Result<(), Problem> {
    let name = required_text(w, name, LAST_NAME, what)?;
    w.segment(
        "NM1",
        &[entity, "2", &name, "", "", "", "", id_qualifier, id],
    )?;
    Ok(())
}

/// `NM1*<entity>*1*<last>*<first>****<id qualifier>*<id>`: a person; the first name is
/// left out when there is none, the id when `id` is empty.
pub(super) fn person(
    w: &mut X12Writer,
    entity: &str,
    (last, first): (&str, &str),
    what: &'static str,
    id_qualifier: &str,
    id: &str,
) -> Result<(), Problem> {
    let last = required_text(w, last, LAST_NAME, what)?;
    let first = free_text(&w.delimiters(), first, FIRST_NAME);
    let id_qualifier = if id.is_empty() { "" } else { id_qualifier };
    w.segment(
        "NM1",
        &[entity, "1", &last, &first, "", "", "", id_qualifier, id],
    )?;
    Ok(())
}

/// N3 and N4. State and ZIP are codes and written as they are (the writer refuses a
/// delimiter in them); the street and city are cleaned.
pub(super) fn address(
    w: &mut X12Writer,
    address: &Address,
    what: &'static str,
) -> Result<(), Problem> {
    let d = w.delimiters();
    let line1 = required_text(w, &address.line1, ADDRESS_LINE, what)?;
    let line2 = address
        .line2
        .as_deref()
        .map(|line| free_text(&d, line, ADDRESS_LINE))
        .unwrap_or_default();
    w.segment("N3", &[&line1, &line2])?;
    let city = required_text(w, &address.city, CITY, what)?;
    w.segment("N4", &[&city, &address.state, &address.zip])?;
    Ok(())
}

/// `DMG*D8*<birth date>*<F|M|U>`.
pub(super) fn demographics(w: &mut X12Writer, person: &Person) -> Result<(), Problem> {
    let sex = match person.sex {
        Sex::Female => "F",
        Sex::Male => "M",
        Sex::Unknown => "U",
    };
    w.segment("DMG", &["D8", &format_date(person.birth_date), sex])?;
    Ok(())
}

/// CAS segments: one per adjustment group, in the order the groups first appear, with up to
/// six reason / amount triplets each (a group with more continues in another CAS).
pub(super) fn adjustments<'a>(
    w: &mut X12Writer,
    adjustments: impl IntoIterator<Item = &'a Adjustment>,
) -> Result<(), Problem> {
    let mut groups: Vec<(AdjustmentGroup, Vec<&Adjustment>)> = Vec::new();
    for adjustment in adjustments {
        match groups.iter_mut().find(|(g, _)| *g == adjustment.group) {
            Some((_, members)) => members.push(adjustment),
            None => groups.push((adjustment.group, vec![adjustment])),
        }
    }
    for (group, members) in &groups {
        for chunk in members.chunks(TRIPLETS_PER_CAS) {
            let mut elements = vec![group.code().to_owned()];
            for adjustment in chunk {
                elements.push(reason_code(adjustment));
                elements.push(format_cents(adjustment.amount.0));
                elements.push(String::new());
            }
            let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
            w.segment("CAS", &refs)?;
        }
    }
    Ok(())
}

/// The CARC alone: a posted reason may still carry its group (`CO-45`), which CAS01 holds.
fn reason_code(adjustment: &Adjustment) -> String {
    let reason = adjustment.reason.trim();
    match reason.split_once('-') {
        Some((group, code)) if group == adjustment.group.code() => code.to_owned(),
        _ => reason.to_owned(),
    }
}
