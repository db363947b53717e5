//! Rule `ncci.ptp`: two lines on the same date of service that form an NCCI procedure-to-
//! procedure pair. The edit's modifier indicator decides: 0, the column 2 code is never paid
//! with the column 1 code; 1, it is paid when an NCCI-associated modifier shows the services
//! were distinct (see `ncci_modifiers`), and the issue names the modifier to consider; 9, the
//! edit does not apply. Edits count only on dates from their effective date through their
//! deletion date. The issue is reported at the column 2 line, the one that would be denied.

use claims_events::event::CodingIssue;
use claims_events::ServiceLine;

use super::ncci_modifiers::{bypasses, is_em};
use super::tables::{CodeKey, ModifierIndicator, PtpEdit};
use super::{issue, CodingCheck, Reference};

pub const NAME: &str = "ncci.ptp";

pub(crate) fn check(claim: &CodingCheck<'_>, reference: &Reference, out: &mut Vec<CodingIssue>) {
    let ncci = reference.ncci();
    if ncci.is_empty() {
        return;
    }
    let lines = claim.compared_lines();
    for (i, first) in lines.iter().enumerate() {
        let Some(a) = CodeKey::parse(first.procedure.as_str()) else {
            continue;
        };
        let date = claim.line_date(first);
        for (j, second) in lines.iter().enumerate().skip(i + 1) {
            if second.procedure == first.procedure || claim.line_date(second) != date {
                continue;
            }
            let Some(b) = CodeKey::parse(second.procedure.as_str()) else {
                continue;
            };
            let Some(edit) = ncci.edit_on(a, b, date) else {
                continue;
            };
            let allowed = match edit.indicator {
                ModifierIndicator::NotApplicable => continue,
                ModifierIndicator::Allowed => true,
                ModifierIndicator::NotAllowed => false,
            };
            if allowed && bypasses(first, second) {
                continue;
            }
            // Column 1 is paid, column 2 denied: report at the column 2 line.
            let (col1, col2) = if edit.column2 == b {
                ((i, first), (j, second))
            } else {
                ((j, second), (i, first))
            };
            out.push(pair_issue(col1, col2, &edit));
        }
    }
}

fn pair_issue(
    col1: (usize, &ServiceLine),
    col2: (usize, &ServiceLine),
    edit: &PtpEdit<'_>,
) -> CodingIssue {
    let (i1, l1) = col1;
    let (i2, l2) = col2;
    let (c1, c2, n1, n2) = (&l1.procedure, &l2.procedure, i1 + 1, i2 + 1);
    let why = if edit.rationale.is_empty() {
        String::new()
    } else {
        format!(" ({})", edit.rationale)
    };
    let message = match edit.indicator {
        ModifierIndicator::NotAllowed => format!(
            "{c2} (line {n2}) is not paid with {c1} (line {n1}) on the same date of service: NCCI \
             PTP edit{why}, modifier indicator 0, which no modifier bypasses; remove line {n2}, or \
             correct its date if it was performed on another day"
        ),
        _ => {
            let consider = if is_em(c1) || is_em(c2) {
                let (k, em) = if is_em(c1) { (n1, c1) } else { (n2, c2) };
                format!("append 25 to the E/M service {em} on line {k} if it was significant and separately identifiable")
            } else {
                format!(
                    "append 59, or the more specific XE, XS, XP or XU, to line {n2} if the service \
                     was distinct (LT/RT or a digit modifier on both lines when the sites differ)"
                )
            };
            format!(
                "{c2} (line {n2}) is bundled into {c1} (line {n1}) on the same date of service: NCCI \
                 PTP edit{why}, modifier indicator 1; {consider}; otherwise remove line {n2}"
            )
        }
    };
    issue(NAME, format!("$.lines[{i2}].procedure"), message)
}
