//! The inspection of an 835: what `claims era inspect` shows, built from the parsed
//! remittances without any I/O.
//!
//! Amounts stay integer cents here and are written as dollars with two decimals
//! (`"1234.50"`) only when serialized, so sums and tests are exact. Patient and insured
//! names are never copied into the report (they are PHI, and an inspection is printed to
//! terminals and pasted into tickets): claims are named by CLP01 and the payer's claim
//! number only.

use chrono::NaiveDate;
use claims_remittance::balance;
use claims_remittance::receipt::Problem;
use claims_x12::remittance::{read_835, Adjustment, ClaimPayment, ClaimStatus, Remittance};
use claims_x12::X12Error;
use serde::{Serialize, Serializer};

/// Every transaction set of a file, and the file's totals.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub totals: Totals,
    pub transactions: Vec<TransactionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub transactions: usize,
    pub claims: usize,
    /// Sum of CLP04 over every claim of every transaction.
    #[serde(serialize_with = "dollars")]
    pub claims_paid: i64,
    /// Sum of BPR02 (negative for a debit) over every transaction.
    #[serde(serialize_with = "dollars")]
    pub payments: i64,
    /// Whether every transaction balances: the remittance service would post the file.
    pub balanced: bool,
    pub imbalances: usize,
}

/// One payment (ST/SE): who paid, how much, when, for which claims, and whether it
/// balances.
#[derive(Debug, Clone, Serialize)]
pub struct TransactionReport {
    /// ST02.
    pub control_number: String,
    pub payer: PayerReport,
    /// TRN02: the check or EFT trace number.
    pub trace_number: String,
    pub payment: PaymentReport,
    pub provider_adjustments: Vec<ProviderAdjustmentReport>,
    pub claims: Vec<ClaimReport>,
    pub balanced: bool,
    /// The problems the remittance service would refuse the file with, empty when balanced.
    pub imbalances: Vec<Problem>,
    /// Segments the reader skipped (only counted: their text could quote patient data).
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PayerReport {
    /// N102 of N1*PR.
    pub name: String,
    /// REF*2U, else N104.
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaymentReport {
    /// BPR02 with BPR03's sign: negative when the payer takes money back.
    #[serde(serialize_with = "dollars")]
    pub amount: i64,
    /// BPR04: ACH, CHK, NON, ...
    pub method: String,
    /// BPR16, when the payer gave a valid one.
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProviderAdjustmentReport {
    /// PLB reason (`WO`, `L6`, ...).
    pub reason: String,
    /// Positive reduces the payment.
    #[serde(serialize_with = "dollars")]
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimReport {
    /// CLP01: our claim id as we sent it in CLM01.
    pub claim_id: String,
    /// CLP02's code, such as `1`.
    pub status: String,
    /// What CLP02 means, such as `processed as primary`.
    pub status_meaning: String,
    /// CLP03.
    #[serde(serialize_with = "dollars")]
    pub billed: i64,
    /// CLP04.
    #[serde(serialize_with = "dollars")]
    pub paid: i64,
    /// CLP05, when given.
    #[serde(serialize_with = "optional_dollars")]
    pub patient_responsibility: Option<i64>,
    /// CLP07.
    pub payer_claim_number: Option<String>,
    /// Claim- and line-level adjustments summed by group and CARC, in order of first
    /// appearance: the claim's whole story in one list.
    pub adjustments: Vec<AdjustmentReport>,
    pub lines: Vec<LineReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdjustmentReport {
    /// CAS01: CO, PR, OA, PI or CR.
    pub group: String,
    /// The CARC, such as `45`.
    pub reason: String,
    #[serde(serialize_with = "dollars")]
    pub amount: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct LineReport {
    /// SVC01, such as `HC:99213:25`.
    pub procedure: String,
    /// SVC02.
    #[serde(serialize_with = "dollars")]
    pub charge: i64,
    /// SVC03.
    #[serde(serialize_with = "dollars")]
    pub paid: i64,
    /// The line's own CAS adjustments, by group and CARC.
    pub adjustments: Vec<AdjustmentReport>,
}

/// Reads `text` as an 835 and inspects it.
pub fn inspect_text(text: &str) -> Result<Inspection, X12Error> {
    Ok(inspect(&read_835(text)?))
}

/// The inspection of parsed remittances.
pub fn inspect(remittances: &[Remittance]) -> Inspection {
    let transactions: Vec<TransactionReport> = remittances.iter().map(transaction).collect();
    let totals = Totals {
        transactions: transactions.len(),
        claims: transactions.iter().map(|t| t.claims.len()).sum(),
        claims_paid: transactions
            .iter()
            .flat_map(|t| &t.claims)
            .map(|c| c.paid)
            .sum(),
        payments: transactions.iter().map(|t| t.payment.amount).sum(),
        balanced: transactions.iter().all(|t| t.balanced),
        imbalances: transactions.iter().map(|t| t.imbalances.len()).sum(),
    };
    Inspection {
        totals,
        transactions,
    }
}

fn transaction(remittance: &Remittance<'_>) -> TransactionReport {
    // The service's own balancing problems, so inspect and a refused import agree word for word.
    let imbalances = balance::problems(std::slice::from_ref(remittance));
    TransactionReport {
        control_number: remittance.control_number.to_owned(),
        payer: PayerReport {
            name: remittance.payer.name.to_owned(),
            id: remittance.payer.payer_id().map(str::to_owned),
        },
        trace_number: remittance.trace.number.to_owned(),
        payment: PaymentReport {
            amount: remittance.payment.signed_amount_cents(),
            method: remittance.payment.method.to_owned(),
            date: remittance.payment.date,
        },
        provider_adjustments: remittance
            .provider_adjustments
            .iter()
            .flat_map(|p| &p.items)
            .map(|item| ProviderAdjustmentReport {
                reason: item.reason.to_owned(),
                amount: item.amount_cents,
            })
            .collect(),
        claims: remittance.claims.iter().map(claim).collect(),
        balanced: imbalances.is_empty(),
        imbalances,
        warnings: remittance.warnings.len(),
    }
}

fn claim(payment: &ClaimPayment<'_>) -> ClaimReport {
    ClaimReport {
        claim_id: payment.claim_id().to_owned(),
        status: payment.status.code().to_owned(),
        status_meaning: status_meaning(payment.status).to_owned(),
        billed: payment.billed_cents,
        paid: payment.paid_cents,
        patient_responsibility: payment.patient_responsibility_cents,
        payer_claim_number: payment.payer_claim_control_number.map(str::to_owned),
        adjustments: by_group_and_reason(payment.all_adjustments()),
        lines: payment
            .lines
            .iter()
            .map(|line| LineReport {
                procedure: line.procedure.to_string(),
                charge: line.charge_cents,
                paid: line.paid_cents,
                adjustments: by_group_and_reason(&line.adjustments),
            })
            .collect(),
    }
}

/// Adjustments summed per (group, CARC), in order of first appearance.
fn by_group_and_reason<'r, 'a: 'r>(
    adjustments: impl IntoIterator<Item = &'r Adjustment<'a>>,
) -> Vec<AdjustmentReport> {
    let mut summed: Vec<AdjustmentReport> = Vec::new();
    for adjustment in adjustments {
        let group = adjustment.group.code();
        match summed
            .iter_mut()
            .find(|s| s.group == group && s.reason == adjustment.reason)
        {
            Some(existing) => {
                existing.amount = existing.amount.saturating_add(adjustment.amount_cents)
            }
            None => summed.push(AdjustmentReport {
                group: group.to_owned(),
                reason: adjustment.reason.to_owned(),
                amount: adjustment.amount_cents,
            }),
        }
    }
    summed
}

fn status_meaning(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::ProcessedAsPrimary => "processed as primary",
        ClaimStatus::ProcessedAsSecondary => "processed as secondary",
        ClaimStatus::ProcessedAsTertiary => "processed as tertiary",
        ClaimStatus::Denied => "denied",
        ClaimStatus::PrimaryForwarded => "processed as primary, forwarded",
        ClaimStatus::SecondaryForwarded => "processed as secondary, forwarded",
        ClaimStatus::TertiaryForwarded => "processed as tertiary, forwarded",
        ClaimStatus::Reversal => "reversal of a previous payment",
        ClaimStatus::NotOurClaimForwarded => "not our claim, forwarded",
        ClaimStatus::PredeterminationOnly => "predetermination pricing only",
    }
}

/// Cents as dollars with two decimals, `"1234.50"`, as every JSON contract writes money.
pub fn format_dollars(cents: i64) -> String {
    claims_events::Cents(cents).to_decimal_string()
}

fn dollars<S: Serializer>(cents: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format_dollars(*cents))
}

fn optional_dollars<S: Serializer>(cents: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
    match cents {
        Some(cents) => dollars(cents, serializer),
        None => serializer.serialize_none(),
    }
}
