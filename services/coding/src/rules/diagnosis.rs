//! Rules on each diagnosis code against the code set: `icd10.not_billable` (a category or
//! subcategory, not a leaf), `icd10.seventh_character` (missing or not one the code takes),
//! `icd10.placeholder` (the X filling empty positions is missing), `icd10.unknown` (not in the
//! code set), and `diagnosis.duplicate` (the same code listed twice). The messages are the code
//! set's own verdicts, which name a code to use instead.

use claims_codes::Validity;
use claims_events::event::CodingIssue;

use super::{issue, CodingCheck, Reference};

pub const NOT_BILLABLE: &str = "icd10.not_billable";
pub const SEVENTH_CHARACTER: &str = "icd10.seventh_character";
pub const PLACEHOLDER: &str = "icd10.placeholder";
pub const UNKNOWN: &str = "icd10.unknown";
pub const DUPLICATE: &str = "diagnosis.duplicate";

/// Each diagnosis must be a billable code of the loaded code set.
pub(crate) fn check_codes(
    claim: &CodingCheck<'_>,
    reference: &Reference,
    out: &mut Vec<CodingIssue>,
) {
    for (i, code) in claim.coding.diagnoses.iter().enumerate() {
        if reference.billable().contains(code.as_str()) {
            continue;
        }
        let verdict = reference.code_set().validate(code.as_str());
        let rule = match verdict {
            Validity::Billable { .. } => continue,
            Validity::NotBillable { .. } => NOT_BILLABLE,
            Validity::SeventhCharacterRequired { .. }
            | Validity::InvalidSeventhCharacter { .. } => SEVENTH_CHARACTER,
            Validity::MissingPlaceholder { .. } => PLACEHOLDER,
            Validity::Unknown { .. } => UNKNOWN,
        };
        out.push(issue(
            rule,
            format!("$.diagnoses[{i}]"),
            verdict.to_string(),
        ));
    }
}

/// A code listed twice is reported at its second position.
pub(crate) fn check_duplicates(claim: &CodingCheck<'_>, out: &mut Vec<CodingIssue>) {
    let diagnoses = &claim.coding.diagnoses;
    for (i, code) in diagnoses.iter().enumerate() {
        if let Some(first) = diagnoses[..i].iter().position(|earlier| earlier == code) {
            out.push(issue(
                DUPLICATE,
                format!("$.diagnoses[{i}]"),
                format!(
                    "{code} is listed twice (diagnoses {} and {}): list it once and point the \
                     lines at that one",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
}
