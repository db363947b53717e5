//! Which billed line each SVC of an 835 pays.
//!
//! The 835 does not number lines the way the claim does: a payer may drop lines it did not
//! adjudicate, reorder them, or report a changed code (with the billed one in SVC06). The
//! ledger posts by claim line, and a secondary claim reports the primary's payment per line
//! (837P loop 2430), so every SVC must land on exactly one billed line or the payment is not
//! posted at all. Rules, in order, over the lines not yet taken:
//!
//! 1. REF*6R, the line item control number, when it names a line (`3`, or `...-3`) whose
//!    procedure is the one paid;
//! 2. a line with the same procedure code at the same position;
//! 3. the first line with the same procedure code and the same charge;
//! 4. the first line with the same procedure code.
//!
//! The procedure compared is SVC06 (as submitted) when the payer sent one, else SVC01.

use claims_events::ServiceLine;
use claims_x12::remittance as x12;

/// An SVC no billed line matches: the payment goes to suspense rather than onto a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedLine {
    /// 1-based position of the SVC within the CLP loop.
    pub svc: usize,
    /// The procedure code compared.
    pub procedure: String,
}

impl std::fmt::Display for UnmatchedLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "service line {} (procedure {}) matches no billed line left on the claim",
            self.svc, self.procedure
        )
    }
}

/// For each SVC, the 1-based claim line it pays.
pub fn match_lines(
    billed: &[ServiceLine],
    paid: &[x12::ServiceLine],
) -> Result<Vec<u16>, UnmatchedLine> {
    let mut taken = vec![false; billed.len()];
    let mut matched = Vec::with_capacity(paid.len());
    for (index, svc) in paid.iter().enumerate() {
        let code = submitted_code(svc);
        let same_code =
            |i: usize| !taken[i] && billed[i].procedure.as_str().eq_ignore_ascii_case(code);
        let by_control = svc
            .line_item_control_number()
            .and_then(line_number)
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < billed.len() && same_code(i));
        let found = by_control
            .or_else(|| (index < billed.len() && same_code(index)).then_some(index))
            .or_else(|| {
                (0..billed.len()).find(|&i| same_code(i) && billed[i].charge.0 == svc.charge_cents)
            })
            .or_else(|| (0..billed.len()).find(|&i| same_code(i)));
        let Some(i) = found else {
            return Err(UnmatchedLine {
                svc: index + 1,
                procedure: code.to_owned(),
            });
        };
        taken[i] = true;
        // A claim has at most 50 lines (837P), so its position fits.
        matched.push(u16::try_from(i + 1).unwrap_or(u16::MAX));
    }
    Ok(matched)
}

/// The code the line was billed under: SVC06 when the payer changed it, else SVC01.
fn submitted_code<'a>(svc: &x12::ServiceLine<'a>) -> &'a str {
    svc.original_procedure
        .as_ref()
        .filter(|p| !p.code.is_empty())
        .unwrap_or(&svc.procedure)
        .code
}

/// The line number in a line item control number: all digits, or digits after the last `-`.
fn line_number(control: &str) -> Option<usize> {
    let digits = control.rsplit('-').next().unwrap_or(control);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::{sample, Cents};

    fn svc(code: &str, cents: i64, control: Option<&str>) -> x12::ServiceLine<'static> {
        let charge = claims_x12::money::format_cents(cents);
        let text = format!(
            "ISA*00*          *00*          *ZZ*P              *ZZ*R              *261210*0900*^*00501*000000001*0*T*:~\
             GS*HP*P*R*20261210*0900*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*NON************20261210~\
             TRN*1*T1*1~N1*PR*P~N1*PE*R*XX*1234567893~CLP*C*1*{charge}*0~SVC*HC:{code}*{charge}*0~\
             CAS*CO*45*{charge}~{}SE*{}*0001~GE*1*1~IEA*1*000000001~",
            control.map(|c| format!("REF*6R*{c}~")).unwrap_or_default(),
            if control.is_some() { 10 } else { 9 },
        );
        // The records borrow the text: a test's few hundred bytes may live until it ends.
        let remittances = x12::read_835(text.leak()).expect("test 835 reads");
        remittances[0].claims[0].lines[0].clone()
    }

    fn billed() -> Vec<ServiceLine> {
        let mut lines = sample::encounter("p", "e").coding.lines;
        let mut third = lines[1].clone();
        third.charge = Cents(2500);
        lines.push(third);
        lines
    }

    #[test]
    fn lines_match_by_position_then_charge_then_code() {
        // Billed: 99213 $125, 82947 $18, 82947 $25.
        let paid = [
            svc("82947", 2500, None),
            svc("99213", 12500, None),
            svc("82947", 1800, None),
        ];
        assert_eq!(match_lines(&billed(), &paid), Ok(vec![3, 1, 2]));
    }

    #[test]
    fn a_line_item_control_number_wins_when_its_procedure_agrees() {
        let paid = [
            svc("82947", 1800, Some("LINE-0001-3")),
            svc("82947", 1800, None),
        ];
        assert_eq!(match_lines(&billed(), &paid), Ok(vec![3, 2]));
        let wrong = [svc("82947", 1800, Some("1"))];
        assert_eq!(match_lines(&billed(), &wrong), Ok(vec![2]));
    }

    #[test]
    fn a_procedure_never_billed_is_unmatched() {
        let paid = [svc("99213", 12500, None), svc("99214", 12500, None)];
        assert_eq!(
            match_lines(&billed(), &paid),
            Err(UnmatchedLine {
                svc: 2,
                procedure: "99214".into()
            })
        );
        let twice = [svc("99213", 12500, None), svc("99213", 12500, None)];
        assert!(match_lines(&billed(), &twice).is_err());
    }
}
