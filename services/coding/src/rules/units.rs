//! Rules `units.positive` (a line bills at least one unit) and `mue.units`: the units of a code
//! within its medically unlikely edit. A line edit (MUE adjudication indicator 1) limits each
//! line; a date-of-service edit (2 or 3) limits all lines of the code on one date of service
//! together, and is reported once, at the first of those lines.

use claims_events::event::CodingIssue;
use claims_events::ServiceLine;

use super::tables::{Adjudication, CodeKey, MueLimit};
use super::{issue, CodingCheck, Reference};

pub const POSITIVE: &str = "units.positive";
pub const MUE: &str = "mue.units";

pub(crate) fn check(claim: &CodingCheck<'_>, reference: &Reference, out: &mut Vec<CodingIssue>) {
    for (i, line) in claim.coding.lines.iter().enumerate() {
        if line.units == 0 {
            out.push(issue(
                POSITIVE,
                format!("$.lines[{i}].units"),
                format!(
                    "line {} bills 0 units of {}: bill at least 1",
                    i + 1,
                    line.procedure
                ),
            ));
        }
    }
    let mue = reference.mue();
    if mue.is_empty() {
        return;
    }
    let lines = claim.compared_lines();
    for (i, line) in lines.iter().enumerate() {
        let Some(limit) = CodeKey::parse(line.procedure.as_str()).and_then(|k| mue.limit(k)) else {
            continue;
        };
        if !limit.adjudication.per_date_of_service() {
            if line.units > limit.units {
                out.push(over_limit(
                    i,
                    line,
                    u64::from(line.units),
                    &[i],
                    limit,
                    claim,
                ));
            }
            continue;
        }
        let date = claim.line_date(line);
        let same = |other: &ServiceLine| {
            other.procedure == line.procedure && claim.line_date(other) == date
        };
        if lines[..i].iter().any(same) {
            continue; // counted with the first line of this code and date
        }
        let total: u64 = lines[i..]
            .iter()
            .filter(|l| same(l))
            .map(|l| u64::from(l.units))
            .sum();
        if total > u64::from(limit.units) {
            let indexes: Vec<usize> = (i..lines.len()).filter(|&k| same(&lines[k])).collect();
            out.push(over_limit(i, line, total, &indexes, limit, claim));
        }
    }
}

fn over_limit(
    i: usize,
    line: &ServiceLine,
    units: u64,
    lines: &[usize],
    limit: &MueLimit,
    claim: &CodingCheck<'_>,
) -> CodingIssue {
    let code = &line.procedure;
    let max = limit.units;
    let on = if lines.len() == 1 {
        format!("line {}", i + 1)
    } else {
        let numbers: Vec<String> = lines.iter().map(|k| (k + 1).to_string()).collect();
        format!("lines {}", numbers.join(", "))
    };
    let date = claim.line_date(line);
    let why = if limit.rationale.is_empty() {
        String::new()
    } else {
        format!(" (CMS rationale: {})", limit.rationale)
    };
    let message = match limit.adjudication {
        Adjudication::Line => format!(
            "{units} units of {code} on {on} exceed its MUE of {max} per line{why}: correct the \
             units, or if more were medically necessary report them on another line with the \
             modifier that explains them (76, 77, 91 or an anatomic modifier)"
        ),
        Adjudication::DateOfServicePolicy => format!(
            "{units} units of {code} on {date} ({on}) exceed its MUE of {max} per date of \
             service{why}, an absolute limit set by CMS policy: units above {max} are never paid; \
             correct the units"
        ),
        Adjudication::DateOfServiceClinical => format!(
            "{units} units of {code} on {date} ({on}) exceed its MUE of {max} per date of \
             service{why}: the line is denied as billed; correct the units, or keep them only if \
             the record shows they were medically necessary, and appeal with it"
        ),
    };
    issue(MUE, format!("$.lines[{i}].units"), message)
}
