//! Rule `icd10.excludes1`: two diagnoses an Excludes1 note says are never coded together
//! ("NOT CODED HERE"), such as type 1 and type 2 diabetes. Every pair of diagnoses is asked of
//! the code set, which follows notes up the hierarchy (a note on E11 governs E11.9). The issue
//! is reported at the later code of the pair and quotes the note.

use claims_events::event::CodingIssue;

use super::counts::MAX_DIAGNOSES;
use super::{issue, CodingCheck, Reference};

pub const NAME: &str = "icd10.excludes1";

pub(crate) fn check(claim: &CodingCheck<'_>, reference: &Reference, out: &mut Vec<CodingIssue>) {
    let diagnoses = &claim.coding.diagnoses;
    // Pairs grow with the square of the list: beyond the twelve a claim can carry (already an
    // issue of its own), later codes are not paired.
    let diagnoses = &diagnoses[..diagnoses.len().min(MAX_DIAGNOSES)];
    for (j, later) in diagnoses.iter().enumerate() {
        for (i, earlier) in diagnoses[..j].iter().enumerate() {
            if earlier == later {
                continue;
            }
            let Some(note) = reference
                .code_set()
                .excludes1(earlier.as_str(), later.as_str())
            else {
                continue;
            };
            out.push(issue(
                NAME,
                format!("$.diagnoses[{j}]"),
                format!(
                    "{later} may not be coded with {earlier} (diagnosis {}): the Excludes1 note at \
                     {} excludes \"{}\"; keep the one the record supports",
                    i + 1,
                    note.note_on,
                    note.text
                ),
            ));
        }
    }
}
