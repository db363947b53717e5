//! The clearinghouse's acknowledgments of one 837 batch: a 999 (005010X231A1) for the
//! syntax of every transaction set, then a 277CA (005010X214) for the claims the 999 let
//! through, accepted into adjudication with the payer's claim number (REF*1K) or rejected
//! with an STC category and status code.
//!
//! Both are written with the shared X12 writer, so envelopes and counts are right by
//! construction, in the shapes of `services/x12/tests/fixtures` (which pass pyx12's
//! `x12valid`; the tests here run it on these files too when it is installed).

use chrono::NaiveDateTime;
use claims_x12::date::format_date;
use claims_x12::money::format_cents;
use claims_x12::writer::{Element, GroupHeader, InterchangeHeader, Usage};
use claims_x12::{Delimiters, X12Error, X12Writer};

use crate::decisions::Verdict;
use crate::x837::{BilledBatch, BilledClaim};

/// Opens an interchange and a group from the clearinghouse back to the 837's submitter.
fn open(
    batch: &BilledBatch,
    functional_id: &str,
    version: &str,
    control: u32,
    created: NaiveDateTime,
) -> Result<X12Writer, X12Error> {
    let mut w = X12Writer::new(Delimiters::default());
    let (from, to) = (batch.receiver.as_str(), batch.submitter.as_str());
    w.begin_interchange(&InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: from.into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: to.into(),
        created,
        control_number: control,
        acknowledgment_requested: false,
        usage: Usage::Test,
    })?;
    w.begin_group(&GroupHeader {
        functional_id: functional_id.into(),
        sender: from.into(),
        receiver: to.into(),
        created,
        control_number: control,
        version: version.into(),
    })?;
    Ok(w)
}

/// The 999 for `batch`: each transaction set accepted, or rejected when its verdict is
/// `Reject999` (IK3/IK4 point at the subscriber's member id, IK5 `R`).
pub fn write_999(
    batch: &BilledBatch,
    verdicts: &[Verdict],
    control: u32,
    created: NaiveDateTime,
) -> Result<String, X12Error> {
    let mut w = open(batch, "FA", "005010X231A1", control, created)?;
    w.begin_transaction("999", 1, Some("005010X231A1"))?;
    w.segment("AK1", &["HC", &batch.group_control, "005010X222A1"])?;
    let mut accepted = 0;
    for (claim, verdict) in batch.claims.iter().zip(verdicts) {
        w.segment("AK2", &["837", &claim.st02, "005010X222A1"])?;
        if *verdict == Verdict::Reject999 {
            // 8: segment has data element errors; 7: invalid code value in NM109 (element 67).
            w.segment(
                "IK3",
                &["NM1", &claim.subscriber_position.to_string(), "2010", "8"],
            )?;
            w.segment("IK4", &["9", "67", "7"])?;
            w.segment("IK5", &["R", "5"])?;
        } else {
            accepted += 1;
            w.segment("IK5", &["A"])?;
        }
    }
    let total = batch.claims.len();
    let status = match accepted {
        0 => "R",
        n if n == total => "A",
        _ => "P",
    };
    let (total, accepted) = (total.to_string(), accepted.to_string());
    w.segment("AK9", &[status, &total, &total, &accepted])?;
    w.finish()
}

/// One claim's line in the 277CA: accepted with the payer's claim number, or rejected.
pub struct ClaimAnswer<'a> {
    pub claim: &'a BilledClaim,
    pub verdict: Verdict,
    pub payer_claim_number: String,
}

/// The 277CA for the claims the 999 accepted (`answers`, in batch order).
pub fn write_277ca(
    batch: &BilledBatch,
    answers: &[ClaimAnswer<'_>],
    control: u32,
    created: NaiveDateTime,
) -> Result<String, X12Error> {
    let mut w = open(batch, "HN", "005010X214", control, created)?;
    let date = format_date(created.date());
    let time = created.format("%H%M").to_string();
    let reference = control.to_string();
    w.begin_transaction("277", 1, Some("005010X214"))?;
    w.segment("BHT", &["0085", "08", &reference, &date, &time, "TH"])?;
    let payer = answers.first().map(|a| a.claim);
    w.segment("HL", &["1", "", "20", "1"])?;
    let (payer_name, payer_id) = payer.map_or(("PAYER", "PAYER"), |c| {
        (c.payer_name.as_str(), c.payer_x12_id.as_str())
    });
    w.segment(
        "NM1",
        &["PR", "2", payer_name, "", "", "", "", "PI", payer_id],
    )?;
    w.segment("TRN", &["1", &reference])?;
    w.segment("DTP", &["050", "D8", &date])?;
    w.segment("DTP", &["009", "D8", &date])?;
    w.segment("HL", &["2", "1", "21", "1"])?;
    let submitter = if batch.submitter_name.is_empty() {
        batch.submitter.as_str()
    } else {
        batch.submitter_name.as_str()
    };
    w.segment(
        "NM1",
        &["41", "2", submitter, "", "", "", "", "46", &batch.submitter],
    )?;
    w.segment("TRN", &["2", &batch.group_control])?;
    let all: Vec<&ClaimAnswer<'_>> = answers.iter().collect();
    let total = format_cents(all.iter().map(|a| a.claim.charge_cents).sum());
    stc(&mut w, &["A1", "19"], &date, "WQ", &total)?;
    counts(&mut w, &all, ("90", "AA"))?;
    let mut hl = 2;
    let mut providers: Vec<&str> = answers
        .iter()
        .map(|a| a.claim.billing_npi.as_str())
        .collect();
    providers.dedup();
    providers.sort_unstable();
    providers.dedup();
    for npi in providers {
        let theirs: Vec<&ClaimAnswer<'_>> = answers
            .iter()
            .filter(|a| a.claim.billing_npi == npi)
            .collect();
        hl += 1;
        let provider_hl = hl;
        w.segment("HL", &[&provider_hl.to_string(), "2", "19", "1"])?;
        w.segment(
            "NM1",
            &[
                "85",
                "2",
                &theirs[0].claim.billing_name,
                "",
                "",
                "",
                "",
                "XX",
                npi,
            ],
        )?;
        w.segment("TRN", &["1", "0"])?;
        let total = format_cents(theirs.iter().map(|a| a.claim.charge_cents).sum());
        stc(&mut w, &["A1", "19"], "", "WQ", &total)?;
        counts(&mut w, &theirs, ("QA", "QC"))?;
        for answer in theirs {
            hl += 1;
            claim(&mut w, answer, hl, provider_hl, &date)?;
        }
    }
    w.finish()
}

/// STC with its status composite (category, status code[, entity]).
fn stc(
    w: &mut X12Writer,
    status: &[&str],
    date: &str,
    action: &str,
    charge: &str,
) -> Result<(), X12Error> {
    w.segment_with(
        "STC",
        &[
            Element::Composite(status),
            Element::Simple(date),
            Element::Simple(action),
            Element::Simple(charge),
        ],
    )
}

/// QTY and AMT of accepted and rejected claims (qualifiers differ by level).
fn counts(
    w: &mut X12Writer,
    answers: &[&ClaimAnswer<'_>],
    (accepted_q, rejected_q): (&str, &str),
) -> Result<(), X12Error> {
    let (accepted, rejected): (Vec<&&ClaimAnswer<'_>>, Vec<&&ClaimAnswer<'_>>) =
        answers.iter().partition(|a| a.verdict == Verdict::Accept);
    if !accepted.is_empty() {
        w.segment("QTY", &[accepted_q, &accepted.len().to_string()])?;
    }
    if !rejected.is_empty() {
        w.segment("QTY", &[rejected_q, &rejected.len().to_string()])?;
    }
    let sum =
        |list: &[&&ClaimAnswer<'_>]| format_cents(list.iter().map(|a| a.claim.charge_cents).sum());
    if !accepted.is_empty() {
        w.segment("AMT", &["YU", &sum(&accepted)])?;
    }
    if !rejected.is_empty() {
        w.segment("AMT", &["YY", &sum(&rejected)])?;
    }
    Ok(())
}

/// Loop 2000D/2200D: the patient and the verdict on their claim.
fn claim(
    w: &mut X12Writer,
    answer: &ClaimAnswer<'_>,
    hl: usize,
    parent: usize,
    date: &str,
) -> Result<(), X12Error> {
    let claim = answer.claim;
    w.segment("HL", &[&hl.to_string(), &parent.to_string(), "PT"])?;
    w.segment(
        "NM1",
        &[
            "QC",
            "1",
            &claim.patient_last,
            &claim.patient_first,
            "",
            "",
            "",
            "MI",
            &claim.member_id,
        ],
    )?;
    w.segment("TRN", &["2", &claim.claim_id])?;
    let charge = format_cents(claim.charge_cents);
    match answer.verdict {
        Verdict::Reject277(category, code, entity, message) => {
            let status = [category, code, entity];
            let mut elements = vec![
                Element::Composite(&status),
                Element::Simple(date),
                Element::Simple("U"),
                Element::Simple(&charge),
            ];
            elements.extend(std::iter::repeat_n(Element::Simple(""), 7));
            elements.push(Element::Simple(message));
            w.segment_with("STC", &elements)?;
        }
        _ => {
            stc(w, &["A2", "20"], date, "WQ", &charge)?;
            w.segment("REF", &["1K", &answer.payer_claim_number])?;
        }
    }
    if let Some(service) = claim.service_date {
        w.segment("DTP", &["472", "D8", &format_date(service)])?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "acks_tests.rs"]
mod tests;
