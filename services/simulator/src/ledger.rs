//! The simulator's own books: every claim it caused, the path it chose for it, and every
//! payment a payer sent, in cents, so a test (or a curious operator) can compare what the
//! system did with what the partners did.
//!
//! A claim's path is predicted when its encounter is generated, from the same pure decisions
//! the clearinghouse and payers act on ([`crate::decisions`]): which problem it carries, how
//! the front end answers, what the payer decides, and what a biller does about it (when the
//! simulated operators run). The prediction ends in the statuses the claim may rest in; the
//! payments are recorded as the payers actually send them.

use std::collections::BTreeMap;

use serde::Serialize;

use claims_events::ClaimId;

use crate::decisions::{decision, verdict, Decision, Denial, Verdict};
use crate::encounter::{Generated, Intake};

/// What a biller does about a denial (the denial service's recommended actions that the
/// operator commands can carry out today).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Work {
    /// `denial-correct`: send a corrected claim (CARC 16, 252) or fix a rejected one.
    Correct,
    /// `appeal-file`: appeal; the payer overturns it and pays (CARC 50, 167, 197).
    Appeal,
    /// `bill-patient`: the payer put the amount on the patient (PR group).
    BillPatient,
    /// `write-off` of the denied amount (duplicates, wrong payer, timely filing, non-covered,
    /// bundled).
    WriteOff(&'static str),
}

/// The action for a denial.
pub fn work_for(denial: &Denial) -> Work {
    match (denial.group, denial.carc) {
        (_, "16" | "252") => Work::Correct,
        (_, "50" | "167" | "197") => Work::Appeal,
        ("PR", _) => Work::BillPatient,
        (_, "29") => Work::WriteOff("timely_filing"),
        (_, "96" | "204") => Work::WriteOff("non_covered"),
        _ => Work::WriteOff("other"),
    }
}

/// One claim in the books.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRecord {
    pub number: u64,
    pub claim_id: ClaimId,
    pub partner: &'static str,
    pub encounter_id: String,
    pub payer_id: &'static str,
    pub charge_cents: i64,
    /// The codes as they should be (what coders and billers send in corrections).
    pub diagnoses: Vec<String>,
    pub lines: serde_json::Value,
    /// The path chosen for it, in words (`coding problem, corrected`, `999 rejected`, ...).
    pub path: Vec<String>,
    /// The outcome in one word: invalid, lapsed, coding, rejected, paid, partial, denied.
    pub outcome: &'static str,
    /// Statuses (`ClaimStatus::as_str`) the claim may rest in once everything has happened;
    /// empty for an encounter refused at intake (no claim exists).
    pub final_statuses: Vec<&'static str>,
    /// Every payment sent by a payer: (trace, CLP04 in cents; negative for a reversal).
    pub payments: Vec<(String, i64)>,
    /// Operator actions done: (command kind, receipt outcome).
    pub worked: Vec<(String, String)>,
}

/// Predicts the path of a generated encounter with `lines` service lines.
pub fn predict(seed: u64, generated: &Generated, lines: usize, operators: bool) -> ClaimRecord {
    let id = generated.claim_id.to_string();
    let mut record = ClaimRecord {
        number: generated.number,
        claim_id: generated.claim_id,
        partner: generated.partner,
        encounter_id: generated.encounter_id.clone(),
        payer_id: generated.payer_id,
        charge_cents: generated.charge_cents,
        diagnoses: generated.diagnoses.clone(),
        lines: generated.lines.clone(),
        path: Vec::new(),
        outcome: "paid",
        final_statuses: Vec::new(),
        payments: Vec::new(),
        worked: Vec::new(),
    };
    let rest =
        |record: &mut ClaimRecord, outcome: &'static str, step: &str, statuses: &[&'static str]| {
            record.outcome = outcome;
            record.path.push(step.to_owned());
            record.final_statuses = statuses.to_vec();
        };
    const PAID: &[&str] = &["paid", "patient_billed", "closed"];
    match generated.intake {
        Intake::InvalidNpi => {
            rest(
                &mut record,
                "invalid",
                "refused at intake (NPI check digit)",
                &[],
            );
            return record;
        }
        Intake::Lapsed => {
            rest(
                &mut record,
                "lapsed",
                "coverage ended before the date of service",
                &["coverage_lapsed"],
            );
            return record;
        }
        Intake::CodingProblem if !operators => {
            rest(&mut record, "coding", "held for coding", &["coding_issues"]);
            return record;
        }
        Intake::CodingProblem => record
            .path
            .push("coding problem, corrected by a coder".into()),
        Intake::Clean => {}
    }
    match verdict(seed, &id, 0) {
        Verdict::Accept => {}
        rejected if !operators => {
            let step = if rejected == Verdict::Reject999 {
                "999 rejected"
            } else {
                "277CA rejected"
            };
            rest(&mut record, "rejected", step, &["rejected"]);
            return record;
        }
        _ => record
            .path
            .push("front-end rejection, corrected and sent again".into()),
    }
    match decision(seed, &id, 0, lines) {
        Decision::Paid => rest(&mut record, "paid", "paid", PAID),
        Decision::PaidThenReversed => {
            rest(&mut record, "paid", "paid, reversed and paid again", PAID)
        }
        Decision::Partial(d) if d.carc == "45" => rest(
            &mut record,
            "partial",
            "PI-45 on a line, written off by rule",
            &["written_off"],
        ),
        Decision::Partial(d) if d.group == "PR" => rest(
            &mut record,
            "partial",
            "a line left to the patient",
            &["patient_billed"],
        ),
        Decision::Partial(d) if !operators => rest(
            &mut record,
            "partial",
            &format!("a line denied {}-{}", d.group, d.carc),
            &["partially_paid"],
        ),
        Decision::Partial(d) => rest(
            &mut record,
            "partial",
            &format!("a line denied {}-{}, written off", d.group, d.carc),
            &["written_off"],
        ),
        Decision::Denied(d) if !operators => rest(
            &mut record,
            "denied",
            &format!("denied {}-{}", d.group, d.carc),
            &["denied"],
        ),
        Decision::Denied(d) => {
            let step = format!("denied {}-{}", d.group, d.carc);
            match work_for(&d) {
                Work::Correct => rest(
                    &mut record,
                    "denied",
                    &format!("{step}, corrected and paid"),
                    PAID,
                ),
                Work::Appeal => rest(
                    &mut record,
                    "denied",
                    &format!("{step}, appealed and paid"),
                    PAID,
                ),
                Work::BillPatient => rest(
                    &mut record,
                    "denied",
                    &format!("{step}, billed to the patient"),
                    &["patient_billed"],
                ),
                Work::WriteOff(_) => rest(
                    &mut record,
                    "denied",
                    &format!("{step}, written off"),
                    &["written_off"],
                ),
            }
        }
    }
    record
}

/// The books of one simulator run.
#[derive(Debug, Default, Serialize)]
pub struct Ledger {
    pub claims: BTreeMap<ClaimId, ClaimRecord>,
    /// Claim payments sent for claim ids the simulator did not create (none expected).
    pub unknown_payments: Vec<(String, String, i64)>,
}

impl Ledger {
    pub fn add(&mut self, record: ClaimRecord) {
        self.claims.entry(record.claim_id).or_insert(record);
    }

    /// Records a claim payment as a payer sent it (once per file, not per delivery).
    pub fn paid(&mut self, claim_id: &str, trace: &str, cents: i64) {
        match claim_id
            .parse()
            .ok()
            .and_then(|id: ClaimId| self.claims.get_mut(&id))
        {
            Some(record) => record.payments.push((trace.to_owned(), cents)),
            None => self
                .unknown_payments
                .push((claim_id.to_owned(), trace.to_owned(), cents)),
        }
    }

    pub fn worked(&mut self, claim_id: &ClaimId, kind: &str, outcome: &str) {
        if let Some(record) = self.claims.get_mut(claim_id) {
            record.worked.push((kind.to_owned(), outcome.to_owned()));
        }
    }

    /// Every claim payment the payers sent, in cents (reversals negative).
    pub fn total_paid(&self) -> i64 {
        self.claims
            .values()
            .flat_map(|c| &c.payments)
            .map(|p| p.1)
            .sum::<i64>()
            + self.unknown_payments.iter().map(|p| p.2).sum::<i64>()
    }

    /// How many claims have each predicted outcome.
    pub fn outcomes(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for record in self.claims.values() {
            *counts.entry(record.outcome).or_default() += 1;
        }
        counts
    }
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
