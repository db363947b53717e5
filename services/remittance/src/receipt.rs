//! The receipt an 835's sender gets on `outbox.<partner>.receipts`: `receipt/v1`, as for
//! every inbox message, with what became of each claim payment (CLP) when accepted, or every
//! problem when refused. Receivers ignore fields they do not know, so the per-payment list
//! extends the shared contract without a new version.

use std::collections::BTreeMap;

use serde::Serialize;

use claims_events::{Cents, ClaimId};
use claims_x12::remittance::{ClaimPayment, Remittance};

use crate::outcome::Outcome;

/// At most this many payments or problems are listed one by one, so that the receipt of a
/// large 835 stays well inside a NATS message (1 MB by default). Beyond it an accepted
/// receipt lists only the payments not posted, and `counts` still covers every one.
pub const LISTED: usize = 1000;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptStatus {
    Accepted,
    Rejected,
}

/// One problem with a refused 835.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// Where in the 835: `ST*0001/CLP*<CLP01>/SVC#2`, `ST*0001/BPR`, or `$` for the file.
    pub path: String,
    /// Stable code, `<subject>.<what is wrong>`.
    pub code: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// CLP01 of the claim concerned, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    /// Computed minus reported, in dollars and cents (`"1.00"`), for balancing problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
}

impl Problem {
    pub fn whole_file(code: &str, message: String) -> Problem {
        Problem {
            path: "$".into(),
            code: code.into(),
            message,
            claim: None,
            difference: None,
        }
    }
}

/// What became of one CLP loop of an accepted 835.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PaymentReport {
    /// ST02 of the transaction set.
    pub transaction: String,
    /// TRN02.
    pub trace: String,
    /// CLP01 as sent.
    pub clp01: String,
    /// Our claim id, when CLP01 is one of ours and in the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    /// CLP02.
    pub status: String,
    pub billed: String,
    pub paid: String,
    /// `posted`, `reversed`, `already_posted`, `already_reversed` or `suspense`.
    pub outcome: &'static str,
    /// For `suspense`: why, as a stable code and in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl PaymentReport {
    pub fn new(
        remittance: &Remittance,
        payment: &ClaimPayment,
        claim_id: Option<ClaimId>,
        outcome: &Outcome,
    ) -> Self {
        let (reason, message) = match outcome {
            Outcome::Suspense(why) => (Some(why.code().to_owned()), Some(why.message())),
            _ => (None, None),
        };
        PaymentReport {
            transaction: remittance.control_number.to_owned(),
            trace: remittance.trace.number.to_owned(),
            clp01: payment.claim_id().to_owned(),
            claim_id: claim_id.map(|id| id.to_string()),
            status: payment.status.code().to_owned(),
            billed: Cents(payment.billed_cents).to_decimal_string(),
            paid: Cents(payment.paid_cents).to_decimal_string(),
            outcome: outcome.as_str(),
            reason,
            message,
        }
    }
}

/// `receipt/v1` for an 835.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Receipt {
    pub schema: &'static str,
    /// The `Nats-Msg-Id` the partner sent.
    pub message_id: Option<String>,
    pub status: ReceiptStatus,
    /// Accepted: `posted` (something changed), `suspense` (nothing matched a claim),
    /// `unchanged` (everything was posted before) or `empty` (no claim payments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<PaymentReport>,
    /// How many payments had each outcome, listed or not.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<&'static str, usize>,
    /// Payments or problems left out of the lists above (see [`LISTED`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub unlisted: usize,
    /// What the X12 reader skipped or could not read (an impossible date), by segment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Receipt {
    pub fn accepted(
        message_id: Option<String>,
        mut payments: Vec<PaymentReport>,
        warnings: Vec<String>,
    ) -> Receipt {
        let mut counts = BTreeMap::new();
        for payment in &payments {
            *counts.entry(payment.outcome).or_insert(0) += 1;
        }
        let changed = payments
            .iter()
            .any(|p| matches!(p.outcome, "posted" | "reversed"));
        let all_suspense = !payments.is_empty() && payments.iter().all(|p| p.outcome == "suspense");
        let outcome = match () {
            _ if payments.is_empty() => "empty",
            _ if changed => "posted",
            _ if all_suspense => "suspense",
            _ => "unchanged",
        };
        let total = payments.len();
        if total > LISTED {
            payments.retain(|p| !matches!(p.outcome, "posted" | "reversed"));
            payments.truncate(LISTED);
        }
        Receipt {
            schema: "receipt/v1",
            message_id,
            status: ReceiptStatus::Accepted,
            outcome: Some(outcome),
            errors: Vec::new(),
            unlisted: total - payments.len(),
            payments,
            counts,
            warnings,
        }
    }

    pub fn rejected(message_id: Option<String>, mut errors: Vec<Problem>) -> Receipt {
        let total = errors.len();
        errors.truncate(LISTED);
        Receipt {
            unlisted: total - errors.len(),
            counts: BTreeMap::new(),
            schema: "receipt/v1",
            message_id,
            status: ReceiptStatus::Rejected,
            outcome: None,
            errors,
            payments: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        // Only strings, numbers and lists of them: serialising cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
