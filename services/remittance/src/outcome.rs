//! What became of each claim payment (CLP loop) of an 835, and why a payment was not
//! applied: the vocabulary shared by the decision, the suspense list and the receipt.

use claims_events::claim::LedgerViolation;
use claims_events::PayerId;

use crate::lines::UnmatchedLine;

/// What posting did with one CLP loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Posted to the claim as `RemittancePosted`.
    Posted,
    /// A CLP02 22 took back the earlier posting with this trace (`PaymentReversed`).
    Reversed { reversed_trace: String },
    /// This trace was already posted to the claim, from this file or another: nothing new.
    AlreadyPosted,
    /// This reversal was already applied to the claim: nothing new.
    AlreadyReversed,
    /// Not applied to any claim: recorded in the suspense list for a person to resolve.
    Suspense(Suspense),
}

impl Outcome {
    /// A stable name for receipts and logs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Posted => "posted",
            Outcome::Reversed { .. } => "reversed",
            Outcome::AlreadyPosted => "already_posted",
            Outcome::AlreadyReversed => "already_reversed",
            Outcome::Suspense(_) => "suspense",
        }
    }

    /// True if the claim's log changed because of this payment.
    pub fn changed_claim(&self) -> bool {
        matches!(self, Outcome::Posted | Outcome::Reversed { .. })
    }
}

/// Why a payment went to suspense instead of onto a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suspense {
    /// CLP01 is not a claim id this system issues (a lower-case UUID).
    NotAClaimId,
    /// CLP01 is shaped like our claim ids, but no such claim is in the log.
    UnknownClaim,
    /// An SVC matches none of the claim's billed lines.
    LineUnmatched(UnmatchedLine),
    /// A reversal whose amounts match no posting on the claim.
    ReversalUnmatched,
    /// A reversal whose amounts match more than one posting of the same trace.
    ReversalAmbiguous,
    /// The 835 is from a registry payer that is none of the claim's coverages.
    OtherPayer(PayerId),
    /// CLP02 says no adjudication happened (23 not our claim, 25 predetermination only).
    StatusNotPostable(String),
    /// Applying the payment would leave a ledger part negative.
    Ledger(LedgerViolation),
}

impl Suspense {
    /// A stable code, `<subject>.<what>`, as receipts and suspense records carry it.
    pub fn code(&self) -> &'static str {
        match self {
            Suspense::NotAClaimId => "claim.not_ours",
            Suspense::UnknownClaim => "claim.unknown",
            Suspense::LineUnmatched(_) => "line.unmatched",
            Suspense::ReversalUnmatched => "reversal.unmatched",
            Suspense::ReversalAmbiguous => "reversal.ambiguous",
            Suspense::OtherPayer(_) => "payer.not_on_claim",
            Suspense::StatusNotPostable(_) => "status.not_postable",
            Suspense::Ledger(_) => "ledger.negative",
        }
    }

    /// What happened, for the person working the suspense list.
    pub fn message(&self) -> String {
        match self {
            Suspense::NotAClaimId => {
                "CLP01 is not a claim id issued by this system (the CLM01 we send is a lower-case \
                 UUID): held in suspense"
                    .into()
            }
            Suspense::UnknownClaim => "CLP01 names no claim in the log: held in suspense".into(),
            Suspense::LineUnmatched(line) => format!("{line}: held in suspense, nothing posted"),
            Suspense::ReversalUnmatched => {
                "the reversal's amounts match no payment posted on the claim: held in suspense"
                    .into()
            }
            Suspense::ReversalAmbiguous => {
                "the reversal matches several payments of the same trace: held in suspense".into()
            }
            Suspense::OtherPayer(payer) => format!(
                "the 835 is from {payer}, which the claim was never billed to: held in suspense"
            ),
            Suspense::StatusNotPostable(code) => {
                format!("CLP02 {code} carries no adjudication to post: held for review")
            }
            Suspense::Ledger(violation) => {
                format!("posting would make the claim's {violation}: held for review")
            }
        }
    }
}
