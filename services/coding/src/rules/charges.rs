//! Rules on money: `charge.positive` (every line bills a positive charge),
//! `procedure.category_ii_charge` (CPT Category II codes, ending in F, are performance
//! measurement codes reported for quality programs: CMS has them billed at $0.00, or $0.01 where
//! a billing system refuses zero, and a real charge on one is a keying error), and `charge.total`
//! (a total the practice stated equals the sum of the lines; without a stated total there is
//! nothing to compare, since `ClaimCoding::total_charge` is that sum by definition).

use claims_events::event::CodingIssue;
use claims_events::{Cents, ProcedureKind};

use super::{issue, CodingCheck};

pub const POSITIVE: &str = "charge.positive";
pub const CATEGORY_II: &str = "procedure.category_ii_charge";
pub const TOTAL: &str = "charge.total";

/// The nominal charge CMS accepts on a Category II line when zero is refused.
const NOMINAL: Cents = Cents(1);

pub(crate) fn check(claim: &CodingCheck<'_>, out: &mut Vec<CodingIssue>) {
    for (i, line) in claim.coding.lines.iter().enumerate() {
        let code = &line.procedure;
        let charge = line.charge;
        let path = || format!("$.lines[{i}].charge");
        let tracking = code.kind() == ProcedureKind::CptCategoryII;
        if charge.is_negative() || (!tracking && !charge.is_positive()) {
            let usual = if tracking {
                "$0.00"
            } else {
                "the practice's usual fee"
            };
            out.push(issue(
                POSITIVE,
                path(),
                format!(
                    "line {} charges {charge} for {code}: a charge must be {usual}",
                    i + 1
                ),
            ));
        } else if tracking && charge > NOMINAL {
            out.push(issue(
                CATEGORY_II,
                path(),
                format!(
                    "line {} charges {charge} for {code}, a Category II performance measurement \
                     code: bill it at $0.00 (or $0.01 if your system refuses zero)",
                    i + 1
                ),
            ));
        }
    }
    if let Some(stated) = claim.stated_total {
        let sum = claim.coding.total_charge();
        if stated != sum {
            out.push(issue(
                TOTAL,
                "$.total_charge".to_string(),
                format!(
                    "the stated total {stated} does not equal the sum of the lines {sum} (a \
                     difference of {}): correct the total or the line charges",
                    (stated - sum).abs()
                ),
            ));
        }
    }
}
