//! Events in plain language, as an auditor or a biller reads a claim's history:
//! "Payment of $450.00 posted from 835 trace 7170066655; $50.00 contractual adjustment CO-A2".
//!
//! Patient names, birth dates and member ids are left out: these lines are printed and shown
//! on screens where the claim id is the reference.

use crate::event::*;

/// One line describing `event`.
pub fn describe(event: &Event) -> String {
    match event {
        Event::ClaimRegistered(e) => {
            let enc = &e.encounter;
            format!(
                "Claim registered from encounter {} of {}: {} line(s), {} diagnosis code(s), {} charged, date of service {}, billed to {}",
                enc.encounter_id,
                enc.partner,
                enc.coding.lines.len(),
                enc.coding.diagnoses.len(),
                enc.coding.total_charge(),
                enc.service_date,
                enc.coverage.payer_id
            )
        }
        Event::EncounterAmended(e) => format!("Encounter amended by the practice: {} changed", list(&e.changed)),
        Event::EligibilityConfirmed(e) => format!(
            "Coverage confirmed with {} ({}) from {}{}",
            e.payer_id,
            e.plan,
            e.coverage_start,
            e.coverage_end.map(|end| format!(" to {end}")).unwrap_or_default()
        ),
        Event::EligibilityPending(e) => format!("Held for eligibility with {}: {}", e.payer_id, e.reason),
        Event::CoverageLapsed(e) => format!("Stopped: coverage with {} not in force: {}", e.payer_id, e.reason),
        Event::ClaimCoded(e) => format!("Coding checks passed against {}", e.code_set),
        Event::CodingIssuesFound(e) => format!(
            "{} coding issue(s) found against {}: {}",
            e.issues.len(),
            e.code_set,
            e.issues.iter().map(|i| format!("{} at {}", i.rule, i.path)).collect::<Vec<_>>().join("; ")
        ),
        Event::CodingCorrected(e) => format!(
            "Codes corrected by operator {}: diagnoses {}",
            e.operator,
            e.coding.diagnoses.iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
        ),
        Event::ScrubFailed(e) => format!(
            "Held back from {}: {}",
            e.payer_id,
            e.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ")
        ),
        Event::ClaimSubmitted(e) => format!(
            "Submitted to {} through {} ({} claim, frequency {}), {} billed, interchange {} group {} transaction {}",
            e.payer_id,
            e.clearinghouse,
            order(e.payer_order),
            e.frequency.code(),
            e.charge,
            e.interchange_control,
            e.group_control,
            e.transaction_control
        ),
        Event::ClaimAccepted(e) => format!(
            "Accepted by the payer ({}){}",
            ack(e.acknowledgment),
            e.payer_claim_number.as_ref().map(|n| format!(", payer claim number {n}")).unwrap_or_default()
        ),
        Event::ClaimRejected(e) => format!(
            "Rejected at the front end ({}): {}",
            ack(e.acknowledgment),
            e.reasons.iter().map(|r| format!("{} {}", r.code, r.message)).collect::<Vec<_>>().join("; ")
        ),
        Event::FollowUpDue(e) => format!("Follow-up due: no answer {} days after submission on {}", e.days_waiting, e.submitted_on),
        Event::RemittancePosted(e) => {
            let mut text = match e.status {
                ClaimPaymentStatus::Denied => format!("Denial posted from 835 trace {}", e.trace),
                _ => format!("Payment of {} posted from 835 trace {}", e.paid, e.trace),
            };
            for adjustment in &e.adjustments {
                text.push_str(&format!("; {}", adjustment_text(adjustment)));
            }
            if e.patient_share.total().is_positive() {
                text.push_str(&format!("; patient owes {}", e.patient_share.total()));
            }
            text
        }
        Event::PaymentReversed(e) => format!("Payment of {} from trace {} reversed by trace {}", e.paid, e.reversed_trace, e.trace),
        Event::DenialTriaged(e) => format!(
            "Denial {}{} triaged as {:?}: {:?}, {} at risk{}",
            e.group.map(|g| format!("{}-", g.code())).unwrap_or_default(),
            e.reason,
            e.category,
            e.action,
            e.amount_at_risk,
            e.deadline.map(|d| format!(", deadline {d}")).unwrap_or_default()
        ),
        Event::BalanceWrittenOff(e) => format!("{} written off ({:?}) by {}", e.amount, e.reason, decided_by(&e.decided_by)),
        Event::DuplicateLinked(e) => format!(
            "Duplicate denial linked to the original claim{}; not resubmitted ({})",
            e.payer_claim_number.as_ref().map(|n| format!(" {n}")).unwrap_or_default(),
            decided_by(&e.decided_by)
        ),
        Event::PatientResponsibilityTransferred(e) => {
            format!("{} moved to patient responsibility (CARC {}) by {}", e.amount, e.reason, decided_by(&e.decided_by))
        }
        Event::CorrectedClaimPrepared(e) => {
            format!("Corrected claim (frequency {}) prepared by operator {}", e.frequency.code(), e.operator)
        }
        Event::AppealFiled(e) => format!("Level {} appeal filed by operator {}, deadline {}: {}", e.level, e.operator, e.deadline, e.reason),
        Event::RebilledToPayer(e) => format!("Rebilled to {} by operator {}: {}", e.coverage.payer_id, e.operator, e.reason),
        Event::PatientBilled(e) => format!("Statement for {} sent to the patient", e.amount),
        Event::DeadlineApproaching(e) => format!("{:?} deadline {} approaching: {} days left", e.kind, e.deadline, e.days_left),
        Event::DeadlinePassed(e) => format!("{:?} deadline {} passed", e.kind, e.deadline),
        Event::ClaimClosed(e) => format!("Claim closed: {}", e.reason),
        Event::RebilledToPayerV2(e) => format!(
            "Rebilled to {} (a coverage the encounter did not name) by operator {}: {}",
            e.coverage.payer_id, e.operator, e.reason
        ),
        Event::SecondaryBillingQueued(e) => format!(
            "Primary payment {} left {}: billing the secondary payer {}",
            e.primary_trace, e.balance, e.coverage.payer_id
        ),
    }
}

fn adjustment_text(adjustment: &Adjustment) -> String {
    let kind = match adjustment.group {
        AdjustmentGroup::Contractual => "contractual adjustment",
        AdjustmentGroup::PatientResponsibility => "patient responsibility",
        AdjustmentGroup::Other => "other adjustment",
        AdjustmentGroup::PayerInitiated => "payer-initiated reduction",
        AdjustmentGroup::Correction => "correction",
    };
    let line = adjustment
        .line
        .map(|l| format!(" on line {l}"))
        .unwrap_or_default();
    format!(
        "{} {kind} {}-{}{line}",
        adjustment.amount,
        adjustment.group.code(),
        adjustment.reason
    )
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "nothing".into()
    } else {
        items.join(", ")
    }
}

fn order(order: crate::PayerOrder) -> &'static str {
    match order {
        crate::PayerOrder::Primary => "primary",
        crate::PayerOrder::Secondary => "secondary",
        crate::PayerOrder::Tertiary => "tertiary",
    }
}

fn ack(ack: Acknowledgment) -> &'static str {
    match ack {
        Acknowledgment::Implementation999 => "999",
        Acknowledgment::ClaimAck277 => "277CA",
    }
}

fn decided_by(decision: &Decision) -> String {
    match decision {
        Decision::Rule(rule) => format!("rule {rule}"),
        Decision::Operator(id) => format!("operator {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cents, PayerId};

    #[test]
    fn a_payment_reads_like_a_remittance_advice() {
        let event = Event::RemittancePosted(RemittancePosted {
            trace: "7170066655".into(),
            payer_id: "medicare-il".parse::<PayerId>().unwrap(),
            paid_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            status: ClaimPaymentStatus::Processed(1),
            billed: Cents(50000),
            paid: Cents(45000),
            allowed: None,
            patient_share: PatientShare::default(),
            adjustments: vec![Adjustment {
                group: AdjustmentGroup::Contractual,
                reason: "A2".into(),
                amount: Cents(5000),
                line: None,
            }],
            remarks: vec![],
            payer_claim_number: None,
            lines: vec![],
        });
        assert_eq!(
            describe(&event),
            "Payment of $450.00 posted from 835 trace 7170066655; $50.00 contractual adjustment CO-A2"
        );
    }
}
