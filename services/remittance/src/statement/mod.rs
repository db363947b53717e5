//! Patient statements: after insurance has paid, what the patient owes and why, in plain
//! language, published for the practice on `outbox.<practice>.statements`.
//!
//! A statement is `statement/v1` JSON (amounts as decimal strings) carrying the same
//! content as printable HTML in its `html` field, so the practice can post the data to its
//! own billing system or print the page, and the two can never disagree. It is built from
//! the claim as folded after posting: the totals are the claim's ledger, so the statement
//! adds up to the cent exactly as the books do (billed − insurance paid − adjusted = owed).
//! The patient's name and address are on it because it is mailed; birth date and member id
//! are not.
//!
//! - `explain`: adjustment reasons in words.
//! - `html`: the printable page, every text escaped.

mod explain;
mod html;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use claims_events::event::AdjustmentGroup;
use claims_events::{Address, Cents, Claim, ClaimId};
use claims_payers::PayerRegistry;

pub use explain::explain;

pub const SCHEMA: &str = "statement/v1";

/// `statement/v1`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Statement {
    pub schema: &'static str,
    /// Stable for the claim and the 835 that caused it: a re-sent statement has the same id.
    pub statement_id: Uuid,
    pub claim_id: String,
    /// The practice's own id for the visit (its encounter id).
    pub account: String,
    pub practice: Practice,
    pub patient: Patient,
    pub service_date: NaiveDate,
    pub insurance: Vec<InsurancePayment>,
    pub lines: Vec<StatementLine>,
    pub adjustments: Vec<Explained>,
    pub totals: Totals,
    pub you_owe_by_kind: OwedByKind,
    /// The statement in one paragraph.
    pub summary: String,
    /// The same statement as a printable HTML page.
    pub html: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Practice {
    pub partner: String,
    pub name: String,
    pub address: Address,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Patient {
    pub first_name: String,
    pub last_name: String,
    pub address: Address,
}

/// One payer's payment on the claim.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InsurancePayment {
    pub payer_id: String,
    pub payer_name: String,
    pub paid: String,
    pub paid_on: NaiveDate,
}

/// One billed service. The insurance columns are present when the payers reported the
/// service line by line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatementLine {
    pub line: u16,
    pub procedure: String,
    pub service_date: NaiveDate,
    pub billed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insurance_paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjusted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub you_owe: Option<String>,
}

/// One adjustment with its reason in words; `line` is `None` for the whole claim.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Explained {
    pub line: Option<u16>,
    pub group: &'static str,
    pub reason: String,
    pub amount: String,
    pub you_owe_this: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub billed: String,
    pub insurance_paid: String,
    pub adjusted: String,
    pub you_owe: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OwedByKind {
    pub deductible: String,
    pub coinsurance: String,
    pub copay: String,
    pub other: String,
}

/// The statement for `claim` (as folded after posting), or `None` for a claim without an
/// encounter.
pub fn build(
    claim: &Claim,
    claim_id: ClaimId,
    statement_id: Uuid,
    payers: &PayerRegistry,
) -> Option<Statement> {
    let encounter = claim.encounter.as_ref()?;
    let coding = claim.coding.as_ref().unwrap_or(&encounter.coding);
    let money = |c: Cents| c.to_decimal_string();
    let ledger = claim.ledger;
    let owed = ledger.patient_responsibility;
    let adjusted = ledger.charge - ledger.paid - owed;
    let by_line = !claim.postings.is_empty() && claim.postings.iter().all(|p| !p.lines.is_empty());
    let lines = coding
        .lines
        .iter()
        .zip(1u16..)
        .map(|(billed, n)| {
            let paid: Cents = claim
                .postings
                .iter()
                .flat_map(|p| &p.lines)
                .filter(|l| l.line == n)
                .map(|l| l.paid)
                .sum();
            let owes: Cents = claim
                .postings
                .iter()
                .flat_map(|p| &p.adjustments)
                .filter(|a| a.line == Some(n) && a.group == AdjustmentGroup::PatientResponsibility)
                .map(|a| a.amount)
                .sum();
            StatementLine {
                line: n,
                procedure: billed.procedure.as_str().to_owned(),
                service_date: billed.service_date.unwrap_or(encounter.service_date),
                billed: money(billed.charge),
                insurance_paid: by_line.then(|| money(paid)),
                adjusted: by_line.then(|| money(billed.charge - paid - owes)),
                you_owe: by_line.then(|| money(owes)),
            }
        })
        .collect();
    let mut sums: Vec<(Option<u16>, AdjustmentGroup, &str, Cents)> = Vec::new();
    for a in claim.postings.iter().flat_map(|p| &p.adjustments) {
        match sums.iter_mut().find(|(line, group, reason, _)| {
            *line == a.line && *group == a.group && *reason == a.reason
        }) {
            Some(sum) => sum.3 += a.amount,
            None => sums.push((a.line, a.group, &a.reason, a.amount)),
        }
    }
    let explained = sums
        .into_iter()
        .map(|(line, group, reason, amount)| Explained {
            line,
            group: group.code(),
            reason: reason.to_owned(),
            amount: money(amount),
            you_owe_this: group == AdjustmentGroup::PatientResponsibility,
            explanation: explain(group, reason),
        })
        .collect();
    let share = claim.postings.iter().fold(
        claims_events::event::PatientShare::default(),
        |mut sum, p| {
            sum.deductible += p.patient_share.deductible;
            sum.coinsurance += p.patient_share.coinsurance;
            sum.copay += p.patient_share.copay;
            sum.other += p.patient_share.other;
            sum
        },
    );
    let insurance = claim
        .postings
        .iter()
        .map(|p| InsurancePayment {
            payer_id: p.payer_id.to_string(),
            payer_name: payers
                .get(&p.payer_id)
                .map_or_else(|| p.payer_id.to_string(), |payer| payer.name.clone()),
            paid: money(p.paid),
            paid_on: p.paid_on,
        })
        .collect();
    let summary = format!(
        "For your visit on {}, the practice billed {}. Your insurance paid {} and {} was adjusted \
         (the reasons are listed below). You owe {}.",
        encounter.service_date, ledger.charge, ledger.paid, adjusted, owed
    );
    let mut statement = Statement {
        schema: SCHEMA,
        statement_id,
        claim_id: claim_id.to_string(),
        account: encounter.encounter_id.clone(),
        practice: Practice {
            partner: encounter.partner.to_string(),
            name: encounter.billing_provider.name.clone(),
            address: encounter.billing_provider.address.clone(),
        },
        patient: Patient {
            first_name: encounter.patient.first_name.clone(),
            last_name: encounter.patient.last_name.clone(),
            address: encounter.patient.address.clone(),
        },
        service_date: encounter.service_date,
        insurance,
        lines,
        adjustments: explained,
        totals: Totals {
            billed: money(ledger.charge),
            insurance_paid: money(ledger.paid),
            adjusted: money(adjusted),
            you_owe: money(owed),
        },
        you_owe_by_kind: OwedByKind {
            deductible: money(share.deductible),
            coinsurance: money(share.coinsurance),
            copay: money(share.copay),
            other: money(share.other),
        },
        summary,
        html: String::new(),
    };
    statement.html = html::render(&statement);
    Some(statement)
}

impl Statement {
    pub fn to_json(&self) -> Vec<u8> {
        // Strings, dates and lists of them: serialising cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}
