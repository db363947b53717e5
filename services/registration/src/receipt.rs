//! Receipts: the answer every partner gets for every inbox message, on
//! `outbox.<partner>.receipts`, accepted with the claim id or rejected with every problem.

use serde::Serialize;

use claims_events::ClaimId;

use crate::intake::Problem;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum ReceiptStatus {
    Accepted,
    Rejected,
}

/// `receipt/v1` (docs/contracts/receipt.v1.schema.json).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Receipt {
    pub schema: &'static str,
    /// The `Nats-Msg-Id` the partner sent.
    pub message_id: Option<String>,
    pub status: ReceiptStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_id: Option<String>,
    /// What happened: `registered`, `amended`, `unchanged` for accepted encounters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
}

impl Receipt {
    pub fn accepted(
        message_id: Option<String>,
        claim_id: ClaimId,
        outcome: &'static str,
    ) -> Receipt {
        Receipt {
            schema: "receipt/v1",
            message_id,
            status: ReceiptStatus::Accepted,
            claim_id: Some(claim_id.to_string()),
            outcome: Some(outcome),
            errors: Vec::new(),
        }
    }

    /// An accepted message that concerns no single claim (an eligibility answer).
    pub fn recorded(message_id: Option<String>) -> Receipt {
        Receipt {
            schema: "receipt/v1",
            message_id,
            status: ReceiptStatus::Accepted,
            claim_id: None,
            outcome: Some("recorded"),
            errors: Vec::new(),
        }
    }

    pub fn rejected(
        message_id: Option<String>,
        claim_id: Option<ClaimId>,
        errors: Vec<Problem>,
    ) -> Receipt {
        Receipt {
            schema: "receipt/v1",
            message_id,
            status: ReceiptStatus::Rejected,
            claim_id: claim_id.map(|id| id.to_string()),
            outcome: None,
            errors,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a receipt always serialises")
    }
}
