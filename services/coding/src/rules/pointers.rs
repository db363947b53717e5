//! Rules on a line's diagnosis pointers, the one-based positions of the diagnoses that justify
//! the service: `pointer.count` (1 to 4 per line), `pointer.range` (each names a diagnosis on the
//! claim, and the claim carries at most 12), `pointer.duplicate` (each once).

use claims_events::event::CodingIssue;

use super::counts::MAX_DIAGNOSES;
use super::{issue, CodingCheck};

pub const COUNT: &str = "pointer.count";
pub const RANGE: &str = "pointer.range";
pub const DUPLICATE: &str = "pointer.duplicate";

/// Most pointers on one line (837P SV107-1 to SV107-4).
pub const MAX_POINTERS: usize = 4;

pub(crate) fn check(claim: &CodingCheck<'_>, out: &mut Vec<CodingIssue>) {
    let diagnoses = claim.coding.diagnoses.len();
    let reachable = diagnoses.min(MAX_DIAGNOSES);
    for (i, line) in claim.coding.lines.iter().enumerate() {
        let pointers = &line.diagnosis_pointers;
        let n = i + 1;
        if pointers.is_empty() || pointers.len() > MAX_POINTERS {
            let message = if pointers.is_empty() {
                format!(
                    "line {n} points at no diagnosis: point it at the diagnosis that justifies {}",
                    line.procedure
                )
            } else {
                format!(
                    "line {n} has {} diagnosis pointers; a line carries 1 to {MAX_POINTERS}: keep the \
                     most relevant, the primary reason first",
                    pointers.len()
                )
            };
            out.push(issue(
                COUNT,
                format!("$.lines[{i}].diagnosis_pointers"),
                message,
            ));
        }
        for (k, &pointer) in pointers.iter().enumerate() {
            let path = format!("$.lines[{i}].diagnosis_pointers[{k}]");
            let p = usize::from(pointer);
            if p == 0 || p > reachable {
                let message = if diagnoses == 0 {
                    format!("pointer {pointer} on line {n} has no diagnosis to point at: add the diagnosis")
                } else if p == 0 {
                    format!("pointers count from 1 (the first diagnosis): use 1 to {reachable} on line {n}")
                } else if p > MAX_DIAGNOSES {
                    format!("pointer {pointer} on line {n} is beyond the {MAX_DIAGNOSES} diagnoses a claim carries")
                } else {
                    format!(
                        "pointer {pointer} on line {n} points past the {diagnoses} diagnoses on the claim: \
                         use 1 to {diagnoses}, or add the diagnosis it means"
                    )
                };
                out.push(issue(RANGE, path, message));
            } else if pointers[..k].contains(&pointer) {
                out.push(issue(
                    DUPLICATE,
                    path,
                    format!(
                        "pointer {pointer} is repeated on line {n}: point at each diagnosis once"
                    ),
                ));
            }
        }
    }
}
