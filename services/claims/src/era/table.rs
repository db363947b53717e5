//! An inspection as text for a person at a terminal: one block per transaction, one row
//! per claim with its lines under it, the balancing verdict last. Money is dollars with
//! two decimals, right-aligned so columns add up by eye.

use std::fmt::Write;

use super::report::{format_dollars, AdjustmentReport, Inspection, TransactionReport};

pub fn render(inspection: &Inspection) -> String {
    let mut out = String::new();
    for transaction in &inspection.transactions {
        render_transaction(&mut out, transaction);
        out.push('\n');
    }
    let t = &inspection.totals;
    let verdict = if t.balanced {
        "balanced".to_owned()
    } else {
        format!("NOT BALANCED ({} imbalances)", t.imbalances)
    };
    let _ = writeln!(
        out,
        "total: {} transactions, {} claims, claims paid {}, payments {}, {verdict}",
        t.transactions,
        t.claims,
        format_dollars(t.claims_paid),
        format_dollars(t.payments),
    );
    out
}

fn render_transaction(out: &mut String, t: &TransactionReport) {
    let payer_id = t
        .payer
        .id
        .as_deref()
        .map_or(String::new(), |id| format!(" ({id})"));
    let date = t
        .payment
        .date
        .map_or("no date".to_owned(), |d| d.to_string());
    let _ = writeln!(
        out,
        "transaction {}: payer {}{payer_id}, trace {}, payment {} {} on {date}",
        t.control_number,
        t.payer.name,
        t.trace_number,
        format_dollars(t.payment.amount),
        t.payment.method,
    );
    let _ = writeln!(
        out,
        "  {:<38} {:>6} {:>12} {:>12} {:>12}  {:<20} adjustments",
        "claim (CLP01)", "status", "billed", "paid", "patient", "payer claim number"
    );
    for claim in &t.claims {
        let patient = claim
            .patient_responsibility
            .map_or("-".to_owned(), format_dollars);
        let _ = writeln!(
            out,
            "  {:<38} {:>6} {:>12} {:>12} {:>12}  {:<20} {}",
            claim.claim_id,
            claim.status,
            format_dollars(claim.billed),
            format_dollars(claim.paid),
            patient,
            claim.payer_claim_number.as_deref().unwrap_or("-"),
            adjustments(&claim.adjustments),
        );
        for line in &claim.lines {
            let _ = writeln!(
                out,
                "      line {:<32} {:>12} {:>12}  {}",
                line.procedure,
                format_dollars(line.charge),
                format_dollars(line.paid),
                adjustments(&line.adjustments),
            );
        }
    }
    if !t.provider_adjustments.is_empty() {
        let plb: Vec<String> = t
            .provider_adjustments
            .iter()
            .map(|p| format!("{} {}", p.reason, format_dollars(p.amount)))
            .collect();
        let _ = writeln!(out, "  provider adjustments (PLB): {}", plb.join(", "));
    }
    if t.warnings > 0 {
        let _ = writeln!(out, "  {} segments skipped by the reader", t.warnings);
    }
    if t.balanced {
        let _ = writeln!(out, "  balanced");
    } else {
        let _ = writeln!(out, "  NOT BALANCED:");
        for problem in &t.imbalances {
            let difference = problem.difference.as_deref().unwrap_or("?");
            let _ = writeln!(
                out,
                "    {} difference {difference}: {}",
                problem.path, problem.message
            );
        }
    }
}

fn adjustments(list: &[AdjustmentReport]) -> String {
    if list.is_empty() {
        return "-".to_owned();
    }
    let parts: Vec<String> = list
        .iter()
        .map(|a| format!("{}-{} {}", a.group, a.reason, format_dollars(a.amount)))
        .collect();
    parts.join(", ")
}
