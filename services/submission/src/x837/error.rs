//! Why an 837P could not be written.
//!
//! A batch holds many claims, and one bad claim must not hold the others back: every
//! problem that belongs to one claim names it ([`X837Error::Claim`]), so the caller can take
//! that claim out, record why, and write the batch again. What remains are problems of the
//! batch itself (its envelope, its control numbers), which no single claim can fix.

use claims_events::ClaimId;
use claims_x12::X12Error;

/// Why a batch was not written. Nothing is partially written: the batch is all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum X837Error {
    /// One claim cannot be billed as it stands. Take it out of the batch, send it back to
    /// rework with the reason, and write the batch again.
    #[error("claim {claim_id}: {problem}")]
    Claim { claim_id: ClaimId, problem: Problem },
    /// A batch needs at least one claim: an empty transaction group is not valid X12.
    #[error("a batch needs at least one claim")]
    NoClaims,
    /// The submitter, receiver or control numbers do not fit the envelope (an id longer than
    /// 15 characters, a control number beyond nine digits, an empty name). A configuration
    /// error: fix the settings or the control-number allocation.
    #[error("the batch envelope cannot be written: {0}")]
    Envelope(Problem),
}

/// What is wrong, in words a biller can act on. Most variants are about one claim;
/// `Value`, `Empty` and `ControlNumber` also describe the envelope's settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A value that cannot go into X12 as it is: an identifier holding a delimiter or a
    /// control character (identifiers are never silently changed), or an envelope id
    /// longer than the ISA's fixed width.
    /// Boxed: X12 errors are large and most results carry none.
    #[error("{0}")]
    Value(Box<X12Error>),
    /// A control number beyond the nine digits X12 allows (GS06, ST02), or zero.
    #[error("{element} must be 1 to 999999999, not {value}")]
    ControlNumber { element: &'static str, value: u64 },
    /// A required text is empty (after removing characters X12 cannot carry).
    #[error("{what} is empty")]
    Empty { what: &'static str },
    /// The claim has no service line, or more than the 50 an 837P claim may carry.
    #[error("a claim has 1 to 50 service lines, this one has {0}")]
    LineCount(usize),
    /// No diagnosis, or more than the 12 the HI segment holds.
    #[error("a claim has 1 to 12 diagnoses, this one has {0}")]
    DiagnosisCount(usize),
    /// A line with more than four modifiers.
    #[error("line {line} has {count} modifiers; SV101 carries at most 4")]
    TooManyModifiers { line: usize, count: usize },
    /// A line without diagnosis pointers, with more than four, or pointing past the list.
    #[error("line {line} has diagnosis pointers {pointers:?}; 1 to 4 are needed, each naming one of the claim's {diagnoses} diagnoses")]
    BadPointers {
        line: usize,
        pointers: Vec<u8>,
        diagnoses: usize,
    },
    /// A line with a negative charge: credits are not billed on an 837.
    #[error("line {line} has a negative charge")]
    NegativeCharge { line: usize },
    /// A line billed with zero units.
    #[error("line {line} has no units")]
    NoUnits { line: usize },
    /// A replacement (7) or void (8) without the payer's claim control number: the payer
    /// cannot tell which claim it replaces. Wait for the 277CA or 835 that carries it.
    #[error("frequency {frequency} needs the payer's claim number (REF*F8)")]
    MissingPayerClaimNumber { frequency: &'static str },
    /// The patient is not the insured but the insured's demographics are missing: 2010BA
    /// cannot name the subscriber. Registration must supply them.
    #[error("the patient is not the insured, and the insured's name is missing")]
    MissingInsured,
    /// `payer_order` and the coverage's order disagree: the wrong coverage was picked.
    #[error("billed as {billed:?} but the coverage is {coverage:?}")]
    PayerOrderMismatch {
        billed: claims_events::PayerOrder,
        coverage: claims_events::PayerOrder,
    },
    /// The billing provider's ZIP code is not nine digits, as 2010AA N403 requires.
    #[error("the billing provider's ZIP code `{0}` must be nine digits (ZIP+4)")]
    BillingZip(String),
    /// A prior payer's amounts do not add up the way COB balancing requires
    /// (charge minus adjustments equals paid, per claim and per line); a clearinghouse
    /// rejects such a claim. Check the posted remittance.
    #[error("prior payer {payer}: {problem}")]
    PriorPayerUnbalanced { payer: String, problem: String },
}

impl From<X12Error> for Problem {
    fn from(error: X12Error) -> Self {
        Problem::Value(Box::new(error))
    }
}
