//! Rule `icd10.sequela_principal`: a sequela code (7th character S, "sequela" in the injury and
//! poisoning chapters) describes the cause of a late effect, and the ICD-10-CM guidelines put
//! the residual condition first, then the sequela code; so it cannot be the principal (first)
//! diagnosis.

use claims_events::event::CodingIssue;

use super::{issue, CodingCheck, Reference};

pub const NAME: &str = "icd10.sequela_principal";

pub(crate) fn check(claim: &CodingCheck<'_>, reference: &Reference, out: &mut Vec<CodingIssue>) {
    let Some(principal) = claim.coding.diagnoses.first() else {
        return;
    };
    // Only a 7-character code ending in S can be a sequela: skip the lookup for all others.
    let code = principal.as_str();
    if code.len() != 8 || !code.ends_with('S') || !reference.code_set().is_sequela(code) {
        return;
    }
    out.push(issue(
        NAME,
        "$.diagnoses[0]".to_string(),
        format!(
            "{code} is a sequela (7th character S) and cannot be the principal diagnosis: list \
             the residual condition being treated first and {code} after it"
        ),
    ));
}
