//! Operator commands of denial handling, parsed at the edge into typed actions.
//!
//! Each command is JSON on its own inbox subject, `inbox.ops.<kind>`, with a schema named
//! after it (`denial-correct/v1`, ...; see docs/contracts/operator-commands.md). One subject
//! per kind keeps the documented `inbox.<source>.<kind>` shape, so the coding service's
//! `inbox.ops.code-correct` and these never overlap. Parsing checks the command's own shape
//! only ([`parse`]); whether it applies to the claim is the decider's business (`action`).

mod parse;

use claims_events::event::WriteOffReason;
use claims_events::{Cents, ClaimCoding, ClaimId, PayerId};

/// The kinds of denial command, one inbox subject each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Correct,
    Appeal,
    Rebill,
    BillPatient,
    WriteOff,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Correct,
        Kind::Appeal,
        Kind::Rebill,
        Kind::BillPatient,
        Kind::WriteOff,
    ];

    /// The `<kind>` of `inbox.ops.<kind>`.
    pub fn subject_kind(self) -> &'static str {
        match self {
            Kind::Correct => "denial-correct",
            Kind::Appeal => "appeal-file",
            Kind::Rebill => "rebill",
            Kind::BillPatient => "bill-patient",
            Kind::WriteOff => "write-off",
        }
    }

    pub fn schema(self) -> String {
        format!("{}/v1", self.subject_kind())
    }
}

/// A parsed command: who wants what done to which claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub claim_id: ClaimId,
    pub operator: String,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// New codes, sent again as a corrected claim.
    Correct {
        coding: ClaimCoding,
        note: Option<String>,
    },
    /// An appeal at `level` (1 = the first, e.g. Medicare redetermination).
    Appeal {
        level: u8,
        reason: String,
        note: Option<String>,
    },
    /// Bill `payer_id`: one of the encounter's coverages, or, with `insured`, a coverage
    /// the practice gave later.
    Rebill {
        payer_id: PayerId,
        reason: String,
        insured: Option<NewCoverage>,
    },
    /// Send the patient a statement, after moving `transfer` of the open balance to them.
    BillPatient {
        transfer: Cents,
        note: Option<String>,
    },
    WriteOff {
        amount: Cents,
        reason: WriteOffReason,
        note: Option<String>,
    },
}

/// One thing wrong with a command, as its receipt reports it (receipt/v1 `errors`).
pub use claims_runtime::Problem;

pub use parse::parse;

/// A coverage the encounter did not name, given with a rebill: the patient is its insured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCoverage {
    pub member_id: String,
    pub group_number: Option<String>,
    pub plan: Option<String>,
}
