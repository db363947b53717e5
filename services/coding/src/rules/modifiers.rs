//! Rules on a line's modifiers: `modifier.count` (a claim line carries at most four),
//! `modifier.duplicate` (each once), and `modifier.ncci_bypass`, the two misuses of the NCCI
//! distinct-service modifiers CMS names: 59 together with one of its specific forms XE, XS, XP
//! or XU on the same line (use the specific one alone), and 59 or an X modifier on an E/M code
//! (modifier 25 is the one that marks a separately identifiable E/M service).

use claims_events::event::CodingIssue;

use super::ncci_modifiers::{is_em, X_MODIFIERS};
use super::{issue, CodingCheck};

pub const COUNT: &str = "modifier.count";
pub const DUPLICATE: &str = "modifier.duplicate";
pub const NCCI_BYPASS: &str = "modifier.ncci_bypass";

/// Most modifiers on one claim line (837P SV101-3 to SV101-6).
pub const MAX_MODIFIERS: usize = 4;

pub(crate) fn check(claim: &CodingCheck<'_>, out: &mut Vec<CodingIssue>) {
    for (i, line) in claim.coding.lines.iter().enumerate() {
        let modifiers = &line.modifiers;
        let path = |k: usize| format!("$.lines[{i}].modifiers[{k}]");
        if modifiers.len() > MAX_MODIFIERS {
            out.push(issue(
                COUNT,
                path(MAX_MODIFIERS),
                format!(
                    "line {} has {} modifiers; a claim line carries at most {MAX_MODIFIERS}: keep \
                     those that affect payment first (e.g. 26/TC, 59/X, 25) and drop the rest",
                    i + 1,
                    modifiers.len()
                ),
            ));
        }
        for (k, modifier) in modifiers.iter().enumerate() {
            if modifiers[..k].contains(modifier) {
                out.push(issue(
                    DUPLICATE,
                    path(k),
                    format!(
                        "{modifier} is repeated on line {}: list each modifier once",
                        i + 1
                    ),
                ));
            }
        }
        let x = modifiers.iter().find(|m| X_MODIFIERS.contains(&m.as_str()));
        for (k, modifier) in modifiers.iter().enumerate() {
            let distinct = modifier.as_str() == "59" || X_MODIFIERS.contains(&modifier.as_str());
            if !distinct {
                continue;
            }
            if is_em(&line.procedure) {
                out.push(issue(
                    NCCI_BYPASS,
                    path(k),
                    format!(
                        "{modifier} does not apply to an E/M service ({}, line {}): use 25 if \
                         the visit was significant and separately identifiable",
                        line.procedure,
                        i + 1
                    ),
                ));
            } else if let (Some(x), "59") = (x, modifier.as_str()) {
                out.push(issue(
                    NCCI_BYPASS,
                    path(k),
                    format!(
                        "59 and {x} are both on line {}: {x} is the more specific form of 59; \
                         remove 59",
                        i + 1
                    ),
                ));
            }
        }
    }
}
