//! What one CLP loop says, in the log's terms: the claim status, the CAS adjustments with
//! the claim line each belongs to, the patient's share by kind, and the remark codes.
//!
//! The X12 reader keeps the 835's own vocabulary; the events keep the system's. Translating
//! in one place means the posting decision never looks at a raw code, and a new CLP02 or
//! CAS group the guide adds is one match arm here rather than a surprise in the ledger.

use claims_events::event::{Adjustment, AdjustmentGroup, ClaimPaymentStatus, PatientShare};
use claims_events::Cents;
use claims_x12::remittance as x12;

/// CLP02 as the events record it. Codes the events have no variant for (23 not our claim,
/// 25 predetermination pricing) are kept as sent.
pub fn status(status: x12::ClaimStatus) -> ClaimPaymentStatus {
    use x12::ClaimStatus as S;
    match status {
        S::ProcessedAsPrimary => ClaimPaymentStatus::Processed(1),
        S::ProcessedAsSecondary => ClaimPaymentStatus::Processed(2),
        S::ProcessedAsTertiary => ClaimPaymentStatus::Processed(3),
        S::Denied => ClaimPaymentStatus::Denied,
        S::PrimaryForwarded => ClaimPaymentStatus::ProcessedAndForwarded(19),
        S::SecondaryForwarded => ClaimPaymentStatus::ProcessedAndForwarded(20),
        S::TertiaryForwarded => ClaimPaymentStatus::ProcessedAndForwarded(21),
        S::Reversal => ClaimPaymentStatus::Reversal,
        other => ClaimPaymentStatus::Other(other.code().to_owned()),
    }
}

fn group(group: x12::AdjustmentGroup) -> AdjustmentGroup {
    use x12::AdjustmentGroup as G;
    match group {
        G::Contractual => AdjustmentGroup::Contractual,
        G::PatientResponsibility => AdjustmentGroup::PatientResponsibility,
        G::Other => AdjustmentGroup::Other,
        G::PayerInitiated => AdjustmentGroup::PayerInitiated,
        G::Correction => AdjustmentGroup::Correction,
    }
}

/// One CAS triplet as an event adjustment on claim line `line` (`None`: claim level).
pub fn adjustment(cas: &x12::Adjustment, line: Option<u16>) -> Adjustment {
    Adjustment {
        group: group(cas.group),
        reason: cas.reason.to_owned(),
        amount: Cents(cas.amount_cents),
        line,
    }
}

/// Every adjustment of a claim payment: claim level first, then each service line's with
/// the claim line it was matched to (`lines[i]` is the claim line of the i-th SVC).
pub fn adjustments(payment: &x12::ClaimPayment, lines: &[u16]) -> Vec<Adjustment> {
    let claim_level = payment.adjustments.iter().map(|cas| adjustment(cas, None));
    let line_level = payment.lines.iter().zip(lines).flat_map(|(svc, &line)| {
        svc.adjustments
            .iter()
            .map(move |cas| adjustment(cas, Some(line)))
    });
    claim_level.chain(line_level).collect()
}

/// The patient's share by kind, from the PR adjustments: CARC 1 deductible, 2 coinsurance,
/// 3 copay, anything else (96 non-covered, 204 not in the plan, ...) other.
pub fn patient_share(adjustments: &[Adjustment]) -> PatientShare {
    let mut share = PatientShare::default();
    for adjustment in adjustments {
        if adjustment.group != AdjustmentGroup::PatientResponsibility {
            continue;
        }
        let slot = match adjustment.reason.as_str() {
            "1" => &mut share.deductible,
            "2" => &mut share.coinsurance,
            "3" => &mut share.copay,
            _ => &mut share.other,
        };
        *slot += adjustment.amount;
    }
    share
}

/// The remark codes (MOA, MIA, LQ*HE), each once, in the order the payer gave them.
pub fn remarks(payment: &x12::ClaimPayment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in payment.remark_codes() {
        if !out.iter().any(|seen| seen == code) {
            out.push(code.to_owned());
        }
    }
    out
}

/// A patient share with every part negated: what a reversal's negative PR amounts take back.
pub fn negated(share: PatientShare) -> PatientShare {
    PatientShare {
        deductible: -share.deductible,
        coinsurance: -share.coinsurance,
        copay: -share.copay,
        other: -share.other,
    }
}

/// SVC05 as whole units; `None` when absent or not a whole number (`1.5` days).
pub fn units(text: Option<&str>) -> Option<u32> {
    let text = text?;
    let whole = match text.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
        Some(_) => return None,
        None => text,
    };
    whole.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cas(group: AdjustmentGroup, reason: &str, cents: i64) -> Adjustment {
        Adjustment {
            group,
            reason: reason.into(),
            amount: Cents(cents),
            line: None,
        }
    }

    #[test]
    fn patient_responsibility_splits_by_reason() {
        use AdjustmentGroup::*;
        let share = patient_share(&[
            cas(PatientResponsibility, "1", 500),
            cas(PatientResponsibility, "2", 1950),
            cas(PatientResponsibility, "3", 2000),
            cas(PatientResponsibility, "96", 100),
            cas(Contractual, "1", 9999),
        ]);
        assert_eq!(share.deductible, Cents(500));
        assert_eq!(share.coinsurance, Cents(1950));
        assert_eq!(share.copay, Cents(2000));
        assert_eq!(share.other, Cents(100));
        assert_eq!(share.total(), Cents(4550));
    }

    #[test]
    fn units_are_whole_numbers_or_nothing() {
        assert_eq!(units(Some("1")), Some(1));
        assert_eq!(units(Some("2.00")), Some(2));
        assert_eq!(units(Some("1.5")), None);
        assert_eq!(units(Some("x")), None);
        assert_eq!(units(None), None);
    }
}
