//! People and addresses of an encounter: the patient, and the insured when that is someone
//! else.
//!
//! Demographics are what payers match a claim to a member with: a birth date after the
//! visit or a sex outside F/M/U is a front-end rejection, and an address without a USPS
//! state or a nine-digit ZIP where five are expected is returned unprocessed.

use chrono::NaiveDate;
use claims_events::{Address, Person, Sex};

use super::json::Node;
use super::problem::Problems;
use super::states::is_usps_state;
use super::text::{optional_text, text};
use super::values::{date, one_of};

pub(crate) const ADDRESS_FIELDS: &[&str] = &["line1", "line2", "city", "state", "zip"];
pub(crate) const PERSON_FIELDS: &[&str] =
    &["first_name", "last_name", "birth_date", "sex", "address"];

/// X12 lengths: NM103 (last or organisation name) 60, NM104 (first name) 35, N301/N302 55,
/// N401 30.
pub(crate) const MAX_LAST_NAME: usize = 60;
pub(crate) const MAX_FIRST_NAME: usize = 35;
const MAX_ADDRESS_LINE: usize = 55;
const MAX_CITY: usize = 30;

/// The dates a birth date is checked against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dates {
    pub today: NaiveDate,
    /// The encounter's date of service, when it could be read.
    pub service_date: Option<NaiveDate>,
}

/// The patient: an object of exactly [`PERSON_FIELDS`].
pub(crate) fn patient(node: &Node, dates: Dates, problems: &mut Problems) -> Option<Person> {
    node.object(PERSON_FIELDS, problems)?;
    person_fields(node, dates, problems)
}

/// The person fields of an object whose keys were checked by the caller (a subscriber
/// object carries them next to its own fields).
pub(crate) fn person_fields(node: &Node, dates: Dates, problems: &mut Problems) -> Option<Person> {
    let first_name = text(&node.field("first_name"), MAX_FIRST_NAME, problems);
    let last_name = text(&node.field("last_name"), MAX_LAST_NAME, problems);
    let birth_date = birth_date(&node.field("birth_date"), dates, problems);
    let sex = one_of(
        &node.field("sex"),
        &[("F", Sex::Female), ("M", Sex::Male), ("U", Sex::Unknown)],
        "sex.unknown",
        problems,
    );
    let address = address(&node.field("address"), problems);
    Some(Person {
        first_name: first_name?,
        last_name: last_name?,
        birth_date: birth_date?,
        sex: sex?,
        address: address?,
    })
}

/// A birth date: real, not in the future, and not after the date of service.
fn birth_date(node: &Node, dates: Dates, problems: &mut Problems) -> Option<NaiveDate> {
    let born = date(node, problems)?;
    if born > dates.today {
        problems.push(
            node.path(),
            "date.future",
            "birth_date is in the future: check the year",
        );
        return None;
    }
    if dates.service_date.is_some_and(|served| born > served) {
        problems.push(
            node.path(),
            "birth_date.after_service",
            "birth_date is after service_date: one of the two dates is wrong",
        );
        return None;
    }
    Some(born)
}

/// A postal address with a USPS state and a ZIP of 5 or 9 digits.
pub(crate) fn address(node: &Node, problems: &mut Problems) -> Option<Address> {
    node.object(ADDRESS_FIELDS, problems)?;
    let line1 = text(&node.field("line1"), MAX_ADDRESS_LINE, problems);
    let line2 = optional_text(&node.field("line2"), MAX_ADDRESS_LINE, problems);
    let city = text(&node.field("city"), MAX_CITY, problems);
    let state = state(&node.field("state"), problems);
    let zip = zip(&node.field("zip"), problems);
    Some(Address {
        line1: line1?,
        line2,
        city: city?,
        state: state?,
        zip: zip?,
    })
}

fn state(node: &Node, problems: &mut Problems) -> Option<String> {
    let code = node.string(problems)?;
    if !is_usps_state(code) {
        problems.push(
            node.path(),
            "state.unknown",
            "state must be a two-letter USPS code in capitals, such as IL, DC or PR",
        );
        return None;
    }
    Some(code.to_owned())
}

/// ZIP or ZIP+4, with or without the hyphen; kept without it, as X12 N403 carries it.
fn zip(node: &Node, problems: &mut Problems) -> Option<String> {
    let text = node.string(problems)?;
    let digits = match text.split_once('-') {
        Some((zip5, plus4)) if zip5.len() == 5 && plus4.len() == 4 => format!("{zip5}{plus4}"),
        Some(_) => String::new(),
        None => text.to_owned(),
    };
    if !(digits.len() == 5 || digits.len() == 9) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        problems.push(
            node.path(),
            "zip.format",
            "zip must be 5 or 9 digits, such as 62701 or 62701-1234",
        );
        return None;
    }
    Some(digits)
}
