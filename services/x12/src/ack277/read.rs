//! Walking a 277CA's HL hierarchy into claim acknowledgments.
//!
//! The HL level code (HL03) decides what NM1, TRN, STC, QTY and AMT mean: the same STC is
//! a batch verdict under HL 21 and a claim verdict under HL PT. Within a patient level,
//! each TRN starts a claim and each SVC a line of it.

use super::{ClaimAckReport, ClaimAcknowledgment, LineAcknowledgment, PartyAck, StatusInfo};
use crate::common::{find_reference, EntityName, Reference, Warning};
use crate::envelope::{read_interchanges, transactions, Transaction};
use crate::error::X12Error;
use crate::remittance::Procedure;
use crate::segment::Segment;

/// Reads every 277CA transaction set in `input`.
///
/// Fails on a 277 of another guide (such as a 005010X212 status response), on a claim with
/// no TRN or no STC, and on malformed amounts and dates.
pub fn read_277ca(input: &str) -> Result<Vec<ClaimAckReport<'_>>, X12Error> {
    let interchanges = read_interchanges(input)?;
    transactions(&interchanges).map(read_report).collect()
}

/// The claim acknowledgments of every 277CA in `input`, in order.
pub fn claim_acknowledgments(input: &str) -> Result<Vec<ClaimAcknowledgment<'_>>, X12Error> {
    Ok(read_277ca(input)?
        .into_iter()
        .flat_map(|report| report.claims)
        .collect())
}

/// A claim being read: the acknowledgment so far and where its first STC was.
struct OpenClaim<'a> {
    ack: ClaimAcknowledgment<'a>,
    trn: crate::error::Location,
    has_stc: bool,
}

fn read_report<'a>(transaction: &Transaction<'a>) -> Result<ClaimAckReport<'a>, X12Error> {
    let is_277ca = transaction.version.is_empty() || transaction.version.contains("X214");
    if transaction.set_id != "277" || !is_277ca {
        return Err(X12Error::WrongTransaction {
            at: transaction.header.location(),
            expected: "a 277CA (005010X214)",
            found: transaction.describe(),
        });
    }
    let mut report = ClaimAckReport {
        control_number: transaction.control_number,
        reference: None,
        created: None,
        source: None,
        received: None,
        processed: None,
        receiver: None,
        providers: Vec::new(),
        claims: Vec::new(),
        warnings: Vec::new(),
    };
    let mut level = "";
    let mut patient: Option<EntityName<'a>> = None;
    let mut claim: Option<OpenClaim> = None;
    for seg in &transaction.body {
        if seg.id() == "HL" || (seg.id() == "TRN" && level == "PT") {
            close(&mut claim, &mut report)?;
        }
        match (seg.id(), level) {
            ("BHT", "") => {
                report.reference = seg.get(3);
                report.created = seg.date(4)?;
            }
            ("HL", _) => {
                level = seg.required(3)?;
                match level {
                    "21" => report.receiver = Some(PartyAck::default()),
                    "19" => report.providers.push(PartyAck::default()),
                    "PT" => patient = None,
                    _ => {}
                }
            }
            ("NM1", "20") => report.source = Some(EntityName::from_nm1(seg)?),
            ("NM1", "PT") => patient = Some(EntityName::from_nm1(seg)?),
            ("DTP", "20") => match seg.element(1) {
                "050" => report.received = Some(seg.date_period(3)?.0),
                "009" => report.processed = Some(seg.date_period(3)?.0),
                _ => report
                    .warnings
                    .push(Warning::skipped(seg, "for the source")),
            },
            ("TRN", "20") => {}
            (_, "21" | "19") => {
                let party = match level {
                    "21" => report.receiver.as_mut(),
                    _ => report.providers.last_mut(),
                };
                if let Some(party) = party {
                    party_segment(party, seg, &mut report.warnings)?;
                }
            }
            ("TRN", "PT") => {
                claim = Some(OpenClaim {
                    ack: new_claim(seg, patient.clone(), &report)?,
                    trn: seg.location(),
                    has_stc: false,
                });
            }
            (_, "PT") if claim.is_some() => {
                if let Some(open) = claim.as_mut() {
                    claim_segment(open, seg, &mut report.warnings)?;
                }
            }
            _ => report
                .warnings
                .push(Warning::skipped(seg, "at this level of the 277CA")),
        }
    }
    close(&mut claim, &mut report)?;
    Ok(report)
}

fn new_claim<'a>(
    seg: &Segment<'a>,
    patient: Option<EntityName<'a>>,
    report: &ClaimAckReport<'a>,
) -> Result<ClaimAcknowledgment<'a>, X12Error> {
    Ok(ClaimAcknowledgment {
        claim_id: seg.required(2)?,
        accepted: false,
        category: "",
        status_code: "",
        entity: None,
        statuses: Vec::new(),
        status_date: None,
        action_code: None,
        charge_cents: None,
        message: None,
        payer_claim_number: None,
        clearinghouse_trace: None,
        references: Vec::new(),
        service_from: None,
        service_to: None,
        patient,
        billing_provider: report.providers.last().and_then(|p| p.name.clone()),
        lines: Vec::new(),
    })
}

fn close<'a>(
    claim: &mut Option<OpenClaim<'a>>,
    report: &mut ClaimAckReport<'a>,
) -> Result<(), X12Error> {
    let Some(OpenClaim { mut ack, trn, .. }) = claim.take() else {
        return Ok(());
    };
    let Some(first) = ack.statuses.first().cloned() else {
        return Err(X12Error::Structure {
            at: trn,
            problem: format!("claim {} has no STC status", ack.claim_id),
        });
    };
    ack.accepted = ack.statuses.iter().all(StatusInfo::is_acceptance);
    ack.category = first.category;
    ack.status_code = first.code;
    ack.entity = first.entity;
    ack.payer_claim_number = find_reference(&ack.references, "1K");
    ack.clearinghouse_trace = find_reference(&ack.references, "D9");
    report.claims.push(ack);
    Ok(())
}

fn claim_segment<'a>(
    open: &mut OpenClaim<'a>,
    seg: &Segment<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<(), X12Error> {
    let claim = &mut open.ack;
    if seg.id() == "SVC" {
        seg.required(1)?;
        let (procedure, note) = Procedure::from_composite(seg, 1);
        warnings.extend(note.map(|n| Warning::new(seg, n)));
        claim.lines.push(LineAcknowledgment {
            procedure: procedure.unwrap_or_default(),
            charge_cents: seg.cents(2)?,
            statuses: Vec::new(),
            line_item_control_number: None,
            service_from: None,
            service_to: None,
        });
        return Ok(());
    }
    if let Some(line) = claim.lines.last_mut() {
        match seg.id() {
            "STC" => line.statuses.extend(statuses(seg)?),
            "REF" if seg.element(1) == "FJ" => line.line_item_control_number = seg.get(2),
            "DTP" if seg.element(1) == "472" => {
                let (from, to) = seg.date_period(3)?;
                (line.service_from, line.service_to) = (Some(from), Some(to));
            }
            _ => warnings.push(Warning::skipped(seg, "in a service line")),
        }
        return Ok(());
    }
    match seg.id() {
        "STC" => {
            if !open.has_stc {
                claim.status_date = seg.date(2)?;
                claim.action_code = seg.get(3);
                claim.charge_cents = seg.cents(4)?;
                claim.message = seg.get(12);
                open.has_stc = true;
            } else if claim.message.is_none() {
                claim.message = seg.get(12);
            }
            claim.statuses.extend(statuses(seg)?);
        }
        "REF" => claim.references.push(Reference::from_ref(seg)?),
        "DTP" if seg.element(1) == "472" => {
            let (from, to) = seg.date_period(3)?;
            (claim.service_from, claim.service_to) = (Some(from), Some(to));
        }
        _ => warnings.push(Warning::skipped(seg, "in a claim")),
    }
    Ok(())
}

fn party_segment<'a>(
    party: &mut PartyAck<'a>,
    seg: &Segment<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<(), X12Error> {
    match (seg.id(), seg.element(1)) {
        ("NM1", _) => party.name = Some(EntityName::from_nm1(seg)?),
        ("TRN", _) => party.trace = seg.get(2),
        ("STC", _) => party.statuses.extend(statuses(seg)?),
        ("QTY", "90") => party.accepted_count = seg.count(2)?,
        ("QTY", "AA") => party.rejected_count = seg.count(2)?,
        ("AMT", "YU") => party.accepted_cents = seg.cents(2)?,
        ("AMT", "YY") => party.rejected_cents = seg.cents(2)?,
        _ => warnings.push(Warning::skipped(seg, "for the receiver or provider")),
    }
    Ok(())
}

/// The status composites of an STC: STC01, STC10 and STC11.
fn statuses<'a>(seg: &Segment<'a>) -> Result<Vec<StatusInfo<'a>>, X12Error> {
    seg.required(1)?;
    let mut found = Vec::new();
    for n in [1, 10, 11] {
        let Some(category) = seg.component(n, 1) else {
            continue;
        };
        let code = seg
            .component(n, 2)
            .ok_or_else(|| seg.invalid(n, "has a status category but no status code after it"))?;
        found.push(StatusInfo {
            category,
            code,
            entity: seg.component(n, 3),
        });
    }
    if found.is_empty() {
        return Err(seg.invalid(1, "has no status category"));
    }
    Ok(found)
}
