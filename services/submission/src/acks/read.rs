//! Reading an acknowledgment file into verdicts, before anything is matched to our batches
//! and claims. Pure: X12 text in, verdicts or the problem that makes the file unreadable.
//!
//! The kind of file is told by its first transaction set (ST01 `999` or `277`); the X12
//! readers then refuse any set of another kind in the same file, so a file is all one kind.
//! Rejection reasons are built from codes and positions only: a 999 may quote the bad value
//! (IK404), which can be a member id, and reasons are shown on screens.

use claims_events::event::RejectionReason;
use claims_x12::ack277::{claim_acknowledgments, ClaimAcknowledgment};
use claims_x12::ack999::{read_999, ImplementationAck, TransactionAck};
use claims_x12::envelope::read_interchanges;

use crate::receipt::Problem;

/// What a file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckFile {
    /// 999s: per group of ours (its GS06), the verdict on each of its sets.
    Implementation(Vec<GroupVerdict>),
    /// 277CAs: per claim, accepted into adjudication or not.
    ClaimAcks(Vec<ClaimVerdict>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupVerdict {
    /// AK102: the GS06 (and ISA13) of our batch.
    pub group_control: u32,
    /// One per AK2.
    pub sets: Vec<SetVerdict>,
    /// The whole group rejected by AK9 without a verdict per set: every set is rejected.
    pub group_rejection: Option<Vec<RejectionReason>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetVerdict {
    /// AK202: our ST02.
    pub transaction_control: String,
    /// `None` when accepted (IK501 `A` or `E`).
    pub rejection: Option<Vec<RejectionReason>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVerdict {
    /// TRN02 as sent: our CLM01, to be parsed as a claim id.
    pub claim_id: String,
    pub verdict: Verdict277,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict277 {
    Accepted {
        payer_claim_number: Option<String>,
        /// `category:code` of the first STC.
        status_code: String,
    },
    Rejected(Vec<RejectionReason>),
}

/// Reads a 999 or 277CA file.
pub fn read_file(text: &str) -> Result<AckFile, Problem> {
    let syntax = |e: claims_x12::X12Error| Problem::new("$", "x12.syntax", e.to_string());
    let interchanges = read_interchanges(text).map_err(syntax)?;
    let first = interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
        .next()
        .map(|t| t.set_id.to_owned());
    match first.as_deref() {
        Some("999") => {
            let acks = read_999(text).map_err(syntax)?;
            acks.iter()
                .map(group)
                .collect::<Result<_, _>>()
                .map(AckFile::Implementation)
        }
        Some("277") => {
            let acks = claim_acknowledgments(text).map_err(syntax)?;
            Ok(AckFile::ClaimAcks(acks.iter().map(claim).collect()))
        }
        Some(other) => Err(Problem::new(
            "ST01",
            "ack.unsupported",
            format!("a {other} transaction is not an acknowledgment: send 999 or 277CA files here"),
        )),
        None => Err(Problem::new(
            "$",
            "ack.empty",
            "the file holds no transaction set",
        )),
    }
}

fn group(ack: &ImplementationAck) -> Result<GroupVerdict, Problem> {
    if ack.functional_id != "HC" {
        return Err(Problem::new(
            "AK101",
            "ack.unmatched_batch",
            format!(
                "the 999 acknowledges a `{}` group; only 837 (HC) groups are sent",
                ack.functional_id
            ),
        ));
    }
    let group_control = ack
        .group_control_number
        .trim()
        .parse::<u32>()
        .map_err(|_| {
            Problem::new(
                "AK102",
                "ack.unmatched_batch",
                format!(
                    "`{}` is not a group control number we send",
                    ack.group_control_number
                ),
            )
        })?;
    let group_rejection = (!ack.group_status.is_accepted()
        && ack.transactions.is_empty()
        && ack.group_status != claims_x12::ack999::AckStatus::PartiallyAccepted)
        .then(|| {
            let mut reasons: Vec<RejectionReason> = ack
                .group_errors
                .iter()
                .map(|code| {
                    reason(
                        format!("AK9:{code}"),
                        format!("functional group error {code}"),
                    )
                })
                .collect();
            if reasons.is_empty() {
                reasons.push(reason(
                    "AK9:R".into(),
                    "the clearinghouse rejected the whole batch".into(),
                ));
            }
            reasons
        });
    Ok(GroupVerdict {
        group_control,
        sets: ack.transactions.iter().map(set).collect(),
        group_rejection,
    })
}

fn set(ack: &TransactionAck) -> SetVerdict {
    let rejection = (!ack.status.is_accepted()).then(|| {
        let mut reasons: Vec<RejectionReason> = Vec::new();
        for segment in &ack.segment_errors {
            let at = segment.position.map_or(String::new(), |p| {
                format!(" (segment {p} of the transaction)")
            });
            let code = segment.error_code.as_deref().unwrap_or("");
            reasons.push(reason(
                format!("IK3:{}:{code}", segment.segment_id),
                format!("{}{at}: {}", segment.segment_id, segment_error(code)),
            ));
            for element in &segment.element_errors {
                let position = element.position.map_or("?".into(), |p| p.to_string());
                reasons.push(reason(
                    format!("IK4:{position}:{}", element.error_code),
                    format!(
                        "{}{position}: {}",
                        segment.segment_id,
                        element_error(&element.error_code)
                    ),
                ));
            }
        }
        for code in &ack.errors {
            reasons.push(reason(
                format!("IK5:{code}"),
                format!("transaction set error {code}"),
            ));
        }
        if reasons.is_empty() {
            reasons.push(reason(
                "IK5:R".into(),
                "the clearinghouse rejected the claim's syntax".into(),
            ));
        }
        reasons
    });
    SetVerdict {
        transaction_control: ack.control_number.clone(),
        rejection,
    }
}

fn claim(ack: &ClaimAcknowledgment<'_>) -> ClaimVerdict {
    let verdict = if ack.accepted {
        Verdict277::Accepted {
            payer_claim_number: ack.payer_claim_number.map(str::to_owned),
            status_code: format!("{}:{}", ack.category, ack.status_code),
        }
    } else {
        let reasons = ack
            .statuses
            .iter()
            .filter(|s| !s.is_acceptance())
            .enumerate()
            .map(|(n, s)| {
                let mut code = format!("{}:{}", s.category, s.code);
                if let Some(entity) = &s.entity {
                    code = format!("{code}:{entity}");
                }
                // STC12, the clearinghouse's own words, goes with the first status.
                let message = match (n, &ack.message) {
                    (0, Some(text)) => text.to_string(),
                    _ => format!("rejected with claim status {}:{}", s.category, s.code),
                };
                reason(code, message)
            })
            .collect();
        Verdict277::Rejected(reasons)
    };
    ClaimVerdict {
        claim_id: ack.claim_id.to_owned(),
        verdict,
    }
}

fn reason(code: String, message: String) -> RejectionReason {
    RejectionReason { code, message }
}

/// IK304, the segment syntax error codes of the 999 guide.
fn segment_error(code: &str) -> &'static str {
    match code {
        "1" => "unrecognized segment",
        "2" => "unexpected segment",
        "3" => "required segment missing",
        "4" => "loop occurs over maximum times",
        "5" => "segment exceeds maximum use",
        "6" => "segment not in the defined transaction set",
        "7" => "segment not in proper sequence",
        "8" => "segment has data element errors",
        "I4" => "implementation: segment not used",
        "I6" => "implementation dependent segment missing",
        "I7" => "implementation loop occurs under minimum times",
        "I8" => "implementation segment below minimum use",
        "I9" => "implementation dependent 'not used' segment present",
        _ => "segment error",
    }
}

/// IK403, the element syntax error codes of the 999 guide.
fn element_error(code: &str) -> &'static str {
    match code {
        "1" => "required data element missing",
        "2" => "conditional required data element missing",
        "3" => "too many data elements",
        "4" => "data element too short",
        "5" => "data element too long",
        "6" => "invalid character in data element",
        "7" => "invalid code value",
        "8" => "invalid date",
        "9" => "invalid time",
        "10" => "exclusion condition violated",
        "12" => "too many repetitions",
        "13" => "too many components",
        "I10" => "implementation 'not used' data element present",
        "I11" => "implementation too few repetitions",
        "I12" => "implementation pattern match failure",
        "I13" => "implementation dependent 'not used' data element present",
        "I6" => "code value not used in implementation",
        "I9" => "implementation dependent data element missing",
        _ => "data element error",
    }
}
