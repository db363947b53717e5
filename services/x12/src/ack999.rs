//! The 999 implementation acknowledgment (005010X231A1): did the clearinghouse accept the
//! syntax of the functional group we sent, transaction set by transaction set?
//!
//! A 999 answers one GS of ours (AK1 names its GS06), then one AK2 ... IK5 per transaction
//! set (AK2 names its ST02, IK5 says accepted, accepted with errors or rejected), with IK3
//! and IK4 pointing at the offending segment and element, and AK9 summing up the group.
//! A rejection here is not a denial: the claims never reached a payer, and the IK3/IK4
//! details say what to fix before sending again.

use crate::common::Warning;
use crate::envelope::{read_interchanges, transactions, Transaction};
use crate::error::X12Error;
use crate::segment::Segment;

/// IK501 / AK901: the verdict on a transaction set or a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AckStatus {
    /// `A`: accepted.
    Accepted,
    /// `E`: accepted, but errors were noted.
    AcceptedWithErrors,
    /// `P` (AK9 only): some transaction sets accepted, some rejected.
    PartiallyAccepted,
    /// `R`: rejected.
    Rejected,
    /// `M`: rejected, message authentication code failed.
    RejectedAuthentication,
    /// `W`: rejected, assurance failed validity tests.
    RejectedAssurance,
    /// `X`: rejected, content could not be analysed after decryption.
    RejectedUnreadable,
}

impl AckStatus {
    /// The status for a code, or `None` for a code outside the guide's list.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "A" => Self::Accepted,
            "E" => Self::AcceptedWithErrors,
            "P" => Self::PartiallyAccepted,
            "R" => Self::Rejected,
            "M" => Self::RejectedAuthentication,
            "W" => Self::RejectedAssurance,
            "X" => Self::RejectedUnreadable,
            _ => return None,
        })
    }

    /// Whether the acknowledged data goes on to the payer (`A` or `E`).
    pub fn is_accepted(self) -> bool {
        matches!(self, Self::Accepted | Self::AcceptedWithErrors)
    }
}

/// One 999 transaction set: the answer to one functional group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplementationAck {
    /// ST02 of the 999.
    pub control_number: String,
    /// AK101, the functional id of the acknowledged group (`HC` for 837s).
    pub functional_id: String,
    /// AK102: the GS06 of the group we sent.
    pub group_control_number: String,
    /// AK103, the acknowledged group's GS08, when given.
    pub group_version: Option<String>,
    /// One entry per AK2 loop.
    pub transactions: Vec<TransactionAck>,
    /// AK901.
    pub group_status: AckStatus,
    /// AK902, AK903, AK904: sets included, received, accepted.
    pub set_counts: (Option<u32>, Option<u32>, Option<u32>),
    /// AK905 to AK909: functional group syntax error codes.
    pub group_errors: Vec<String>,
    /// Segments skipped (CTX context segments, anything unknown).
    pub warnings: Vec<Warning>,
}

/// The verdict on one transaction set we sent (AK2 ... IK5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionAck {
    /// AK201, such as `837`.
    pub set_id: String,
    /// AK202: the ST02 we sent.
    pub control_number: String,
    /// AK203, the implementation guide, when given.
    pub version: Option<String>,
    /// IK501.
    pub status: AckStatus,
    /// IK502 to IK506: transaction set syntax error codes.
    pub errors: Vec<String>,
    /// IK3 loops.
    pub segment_errors: Vec<SegmentError>,
}

/// IK3: a segment of ours with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentError {
    /// IK301, the segment id, such as `NM1`.
    pub segment_id: String,
    /// IK302, its position in our transaction set (ST is 1).
    pub position: Option<u32>,
    /// IK303, the loop identifier code of an LS/LE-bounded loop (rarely sent).
    pub loop_id: Option<String>,
    /// IK304, the segment syntax error code (`8` segment has data element errors, ...).
    pub error_code: Option<String>,
    /// IK4 segments under it.
    pub element_errors: Vec<ElementError>,
}

/// IK4: an element of ours with an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementError {
    /// IK401-1, the element's position in the segment.
    pub position: Option<u32>,
    /// IK401-2, the component's position, for composites.
    pub component: Option<u32>,
    /// IK401-3, the repetition, for repeated elements.
    pub repetition: Option<u32>,
    /// IK402, the data element reference number.
    pub reference_number: Option<String>,
    /// IK403, the element syntax error code (`1` required missing, `7` invalid code, ...).
    pub error_code: String,
    /// IK404, a copy of the bad value.
    pub bad_value: Option<String>,
}

/// Reads every 999 transaction set in `input`.
pub fn read_999(input: &str) -> Result<Vec<ImplementationAck>, X12Error> {
    let interchanges = read_interchanges(input)?;
    transactions(&interchanges).map(read_ack).collect()
}

fn read_ack(transaction: &Transaction<'_>) -> Result<ImplementationAck, X12Error> {
    if transaction.set_id != "999" {
        return Err(X12Error::WrongTransaction {
            at: transaction.header.location(),
            expected: "a 999 (005010X231A1)",
            found: transaction.describe(),
        });
    }
    let mut ack1: Option<&Segment<'_>> = None;
    let mut ak9: Option<&Segment<'_>> = None;
    let mut sets: Vec<TransactionAck> = Vec::new();
    let mut warnings = Vec::new();
    for seg in &transaction.body {
        let open = sets.last_mut();
        match (seg.id(), open) {
            ("AK1", _) if ack1.is_none() => ack1 = Some(seg),
            ("AK9", _) => ak9 = Some(seg),
            ("AK2", _) => sets.push(TransactionAck {
                set_id: seg.required(1)?.to_owned(),
                control_number: seg.required(2)?.to_owned(),
                version: seg.text(3),
                status: AckStatus::Rejected,
                errors: Vec::new(),
                segment_errors: Vec::new(),
            }),
            ("IK3", Some(set)) => set.segment_errors.push(SegmentError {
                segment_id: seg.required(1)?.to_owned(),
                position: seg.count(2)?,
                loop_id: seg.text(3),
                error_code: seg.text(4),
                element_errors: Vec::new(),
            }),
            ("IK4", Some(set)) => {
                let Some(segment_error) = set.segment_errors.last_mut() else {
                    return Err(seg.misplaced("IK4 before any IK3 of its AK2 loop"));
                };
                segment_error.element_errors.push(element_error(seg)?);
            }
            ("IK5", Some(set)) => {
                set.status = status(seg, 1)?;
                set.errors = (2..=6).filter_map(|n| seg.text(n)).collect();
            }
            ("IK3" | "IK4" | "IK5", None) => {
                return Err(seg.misplaced(format!("{} before any AK2", seg.id())));
            }
            _ => warnings.push(Warning::skipped(seg, "where it is in a 999")),
        }
    }
    let missing = |segment, what| X12Error::MissingSegment {
        at: transaction.header.location(),
        control_number: transaction.control_number.to_owned(),
        segment,
        what,
    };
    let ak1 = ack1.ok_or_else(|| missing("AK1", "the acknowledged group"))?;
    let ak9 = ak9.ok_or_else(|| missing("AK9", "the group's verdict"))?;
    Ok(ImplementationAck {
        control_number: transaction.control_number.to_owned(),
        functional_id: ak1.required(1)?.to_owned(),
        group_control_number: ak1.required(2)?.to_owned(),
        group_version: ak1.text(3),
        transactions: sets,
        group_status: status(ak9, 1)?,
        set_counts: (ak9.count(2)?, ak9.count(3)?, ak9.count(4)?),
        group_errors: (5..=9).filter_map(|n| ak9.text(n)).collect(),
        warnings,
    })
}

fn status(seg: &Segment<'_>, n: usize) -> Result<AckStatus, X12Error> {
    AckStatus::from_code(seg.required(n)?)
        .ok_or_else(|| seg.invalid(n, "is not an acknowledgment code (A, E, P, R, M, W or X)"))
}

fn element_error(seg: &Segment<'_>) -> Result<ElementError, X12Error> {
    let number = |m: usize| -> Result<Option<u32>, X12Error> {
        seg.component(1, m)
            .map(|text| {
                text.parse::<u32>()
                    .map_err(|_| seg.invalid(1, "does not give the element position as numbers"))
            })
            .transpose()
    };
    Ok(ElementError {
        position: number(1)?,
        component: number(2)?,
        repetition: number(3)?,
        reference_number: seg.text(2),
        error_code: seg.required(3)?.to_owned(),
        bad_value: seg.text(4),
    })
}
