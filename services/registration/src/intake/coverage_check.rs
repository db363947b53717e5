//! Is the encounter's primary coverage in force for this patient on the dates of service?
//!
//! Wrong payer and lapsed coverage are the most common avoidable denials. Checking the
//! latest eligibility answer before billing turns a denial weeks later into a worklist
//! item now: a service before coverage began (CARC 26), after it ended (CARC 27), or billed
//! to a payer that does not cover the member (CARC 109) stops here. The decision is pure:
//! the caller looks the record up and records the outcome as an event.
//!
//! Reasons are written to the log and shown to operators, so they name payers, dates of
//! service and coverage dates, and which field did not match, but never a name, birth date
//! or member id.

use chrono::NaiveDate;
use claims_events::{Encounter, Person, Relationship};

use super::eligibility::{EligibilityRecord, EligibilityStatus};

/// The outcome of comparing an encounter with the eligibility on file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoverageCheck {
    /// The member is covered on every date of service: bill the payer.
    Confirmed {
        plan: String,
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    /// Coverage cannot be confirmed (no answer yet, or an answer that may be about someone
    /// else): the claim waits in the eligibility worklist.
    Pending { reason: String },
    /// The payer says the member was not covered on a date of service: billing it would be
    /// denied (CARC 26, 27 or 109), so the claim stops with the reason.
    Lapsed {
        reason: String,
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
}

/// Checks the encounter's primary coverage against `record`, the latest eligibility answer
/// on file for its (payer, member id), if any.
///
/// The record must be about the insured or the patient (names compared without case,
/// spaces or punctuation; first names also by their first word, for middle names). A record
/// that matches is then read for status and dates: inactive coverage, or any date of service
/// (the encounter's or a line's) outside `[coverage_start, coverage_end]`, is `Lapsed`.
pub fn check_coverage(encounter: &Encounter, record: Option<&EligibilityRecord>) -> CoverageCheck {
    let payer = &encounter.coverage.payer_id;
    let pending = |reason: String| CoverageCheck::Pending { reason };
    let Some(record) = record else {
        return pending(format!(
            "no eligibility on file for this member with {payer}"
        ));
    };
    if &record.payer_id != payer {
        return pending(format!(
            "the eligibility on file is from {}, not from {payer}",
            record.payer_id
        ));
    }
    if normalise(&record.member_id) != normalise(&encounter.subscriber.member_id) {
        return pending(format!(
            "the eligibility on file with {payer} is for a different member id than the subscriber's"
        ));
    }
    if let Some(mismatch) = identity_mismatch(encounter, record) {
        return pending(format!(
            "the eligibility on file with {payer} does not match the {mismatch}: check the spelling and dates with the patient"
        ));
    }
    let (start, end) = (record.coverage_start, record.coverage_end);
    let lapsed = |reason: String| CoverageCheck::Lapsed { reason, start, end };
    let period = match end {
        Some(end) => format!("{start} to {end}"),
        None => format!("{start} with no end date"),
    };
    if record.status == EligibilityStatus::Inactive {
        return lapsed(format!("{payer} reports the coverage inactive (on file: {period}); bill another payer or the patient"));
    }
    for served in dates_of_service(encounter) {
        if served < start {
            return lapsed(format!(
                "date of service {served} is before coverage with {payer} began on {start}"
            ));
        }
        if let Some(end) = end.filter(|end| served > *end) {
            return lapsed(format!(
                "date of service {served} is after coverage with {payer} ended on {end}"
            ));
        }
    }
    CoverageCheck::Confirmed {
        plan: record.plan.clone(),
        start,
        end,
    }
}

/// The encounter's date and every line's own date, earliest first.
fn dates_of_service(encounter: &Encounter) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = std::iter::once(encounter.service_date)
        .chain(
            encounter
                .coding
                .lines
                .iter()
                .filter_map(|line| line.service_date),
        )
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// `None` if the record is about the insured or the patient; otherwise which of them it
/// comes closest to and the fields that differ, in words (`subscriber's last name`).
fn identity_mismatch(encounter: &Encounter, record: &EligibilityRecord) -> Option<String> {
    let insured = match (
        &encounter.subscriber.relationship,
        &encounter.subscriber.person,
    ) {
        (Relationship::Insured, _) | (_, None) => None,
        (_, Some(person)) => Some(("subscriber", person)),
    };
    let candidates = insured.into_iter().chain([("patient", &encounter.patient)]);
    let mut closest: Option<(&str, Vec<&str>)> = None;
    for (who, person) in candidates {
        let differing = differing_fields(person, record);
        if differing.is_empty() {
            return None;
        }
        if closest
            .as_ref()
            .is_none_or(|(_, fields)| differing.len() < fields.len())
        {
            closest = Some((who, differing));
        }
    }
    closest.map(|(who, fields)| format!("{who}'s {}", fields.join(" and ")))
}

fn differing_fields(person: &Person, record: &EligibilityRecord) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if !first_names_match(&person.first_name, &record.first_name) {
        fields.push("first name");
    }
    if normalise(&person.last_name) != normalise(&record.last_name) {
        fields.push("last name");
    }
    if person.birth_date != record.birth_date {
        fields.push("birth date");
    }
    fields
}

/// "Ada" matches "ADA" and "Ada M." (a middle initial the payer keeps).
fn first_names_match(a: &str, b: &str) -> bool {
    let first_word = |s: &str| normalise(s.split_whitespace().next().unwrap_or(""));
    normalise(a) == normalise(b) || first_word(a) == first_word(b)
}

/// Upper-case letters and digits only: "O'Brien" and "OBRIEN", "1EG4-TE5-MK73" and
/// "1EG4TE5MK73" are the same.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
