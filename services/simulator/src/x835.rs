//! The payers' 835 files (005010X221A1): one transaction set per payee (billing provider),
//! each one payment (BPR) with its trace (TRN), explained claim by claim (CLP, CAS) and line
//! by line (SVC, CAS, AMT*B6, LQ).
//!
//! A file is read back with the system's own 835 reader and checked with its balancing rules
//! (`claims_x12::remittance::check_balance`) before it is returned: a simulator that sent an
//! unbalanced file would be testing its own bug, not the system.

use chrono::{NaiveDate, NaiveDateTime};
use claims_x12::date::format_date;
use claims_x12::money::format_cents;
use claims_x12::remittance::{check_balance, read_835};
use claims_x12::writer::{Element, GroupHeader, InterchangeHeader, Usage};
use claims_x12::{Delimiters, X12Error, X12Writer};

use crate::adjudicate::{Cas, ClaimPaid};

/// Who pays, as the 835 names them.
#[derive(Debug, Clone)]
pub struct PayerParty {
    pub name: String,
    /// REF*2U: the payer id the system's registry knows the payer by.
    pub x12_payer_id: String,
    /// TRN03: `1` and the payer's tax id.
    pub trace_id: String,
    /// CLP06, the claim filing indicator as the 835 codes it (`MB`, `MC`, `12` for a
    /// commercial PPO; the 837's `BL` and `CI` are not 835 codes).
    pub filing_indicator: String,
    /// ISA06 / GS02.
    pub sender: String,
}

/// One payment to one payee.
#[derive(Debug, Clone)]
pub struct Payment {
    pub trace: String,
    pub payee_name: String,
    pub payee_npi: String,
    pub paid_on: NaiveDate,
    pub claims: Vec<ClaimPaid>,
}

impl Payment {
    /// BPR02: what the claims pay (no provider-level adjustments are sent).
    pub fn total(&self) -> i64 {
        self.claims.iter().map(|c| c.paid).sum()
    }
}

/// Why a file was not produced.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    X12(#[from] X12Error),
    #[error("the 835 would not balance: {0}")]
    Unbalanced(String),
}

/// One interchange holding `payments`, checked by the system's reader and balancing rules.
pub fn write_835(
    payer: &PayerParty,
    payments: &[Payment],
    control: u32,
    created: NaiveDateTime,
) -> Result<String, WriteError> {
    let mut w = X12Writer::new(Delimiters::default());
    w.begin_interchange(&InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: payer.sender.clone(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: "SUBM12345".into(),
        created,
        control_number: control,
        acknowledgment_requested: false,
        usage: Usage::Test,
    })?;
    w.begin_group(&GroupHeader {
        functional_id: "HP".into(),
        sender: payer.sender.clone(),
        receiver: "SUBM12345".into(),
        created,
        control_number: control,
        version: "005010X221A1".into(),
    })?;
    for (n, payment) in (1u32..).zip(payments) {
        w.begin_transaction("835", n, None)?;
        transaction(&mut w, payer, payment, created)?;
        w.finish_transaction()?;
    }
    let text = w.finish()?;
    let read = read_835(&text)?;
    let problems: Vec<String> = read
        .iter()
        .flat_map(check_balance)
        .map(|i| i.to_string())
        .collect();
    if !problems.is_empty() {
        return Err(WriteError::Unbalanced(problems.join("; ")));
    }
    Ok(text)
}

fn transaction(
    w: &mut X12Writer,
    payer: &PayerParty,
    payment: &Payment,
    created: NaiveDateTime,
) -> Result<(), X12Error> {
    let total = payment.total();
    let date = format_date(payment.paid_on);
    let amount = format_cents(total.abs());
    let credit = if total < 0 { "D" } else { "C" };
    if total == 0 {
        w.segment(
            "BPR",
            &[
                "H", "0", "C", "NON", "", "", "", "", "", "", "", "", "", "", "", &date,
            ],
        )?;
    } else {
        w.segment(
            "BPR",
            &[
                "I",
                &amount,
                credit,
                "ACH",
                "CCP",
                "01",
                "011000015",
                "DA",
                "123456789",
                &payer.trace_id,
                "",
                "01",
                "071000013",
                "DA",
                "987654321",
                &date,
            ],
        )?;
    }
    w.segment("TRN", &["1", &payment.trace, &payer.trace_id])?;
    w.segment("DTM", &["405", &format_date(created.date())])?;
    w.segment("N1", &["PR", &payer.name])?;
    w.segment("N3", &["PO BOX 1000"])?;
    w.segment("N4", &["CHICAGO", "IL", "60601"])?;
    w.segment("REF", &["2U", &payer.x12_payer_id])?;
    w.segment("PER", &["BL", "PROVIDER SERVICES", "TE", "8005550199"])?;
    w.segment("N1", &["PE", &payment.payee_name, "XX", &payment.payee_npi])?;
    w.segment("LX", &["1"])?;
    for claim in &payment.claims {
        write_claim(w, payer, claim)?;
    }
    Ok(())
}

fn write_claim(w: &mut X12Writer, payer: &PayerParty, c: &ClaimPaid) -> Result<(), X12Error> {
    let share = c.patient_share();
    let share = if share == 0 {
        String::new()
    } else {
        format_cents(share)
    };
    let (billed, paid) = (format_cents(c.billed), format_cents(c.paid));
    w.segment(
        "CLP",
        &[
            &c.claim_id,
            c.status,
            &billed,
            &paid,
            &share,
            &payer.filing_indicator,
            &c.icn,
            "11",
            "1",
        ],
    )?;
    write_cas(w, &c.adjustments)?;
    w.segment(
        "NM1",
        &[
            "QC",
            "1",
            &c.patient_last,
            &c.patient_first,
            "",
            "",
            "",
            "MI",
            &c.member_id,
        ],
    )?;
    if let Some(remark) = c.remark {
        w.segment("MOA", &["", "", remark])?;
    }
    for line in &c.lines {
        let mut procedure = vec!["HC", line.procedure.as_str()];
        procedure.extend(line.modifiers.iter().map(String::as_str));
        let (charge, paid) = (format_cents(line.charge), format_cents(line.paid));
        w.segment_with(
            "SVC",
            &[
                Element::Composite(&procedure),
                Element::Simple(&charge),
                Element::Simple(&paid),
                Element::Simple(""),
                Element::Simple(&line.units),
            ],
        )?;
        write_cas(w, &line.adjustments)?;
        if let Some(allowed) = line.allowed {
            w.segment("AMT", &["B6", &format_cents(allowed)])?;
        }
        if let Some(remark) = line.remark {
            w.segment("LQ", &["HE", remark])?;
        }
    }
    Ok(())
}

/// One CAS segment per group, in the order groups first appear, six triplets at most each.
fn write_cas(w: &mut X12Writer, adjustments: &[Cas]) -> Result<(), X12Error> {
    let mut groups: Vec<&str> = Vec::new();
    for cas in adjustments {
        if !groups.contains(&cas.group) {
            groups.push(cas.group);
        }
    }
    for group in groups {
        let triplets: Vec<&Cas> = adjustments.iter().filter(|c| c.group == group).collect();
        for chunk in triplets.chunks(6) {
            let mut elements = vec![group.to_owned()];
            for cas in chunk {
                elements.extend([
                    cas.reason.to_owned(),
                    format_cents(cas.cents),
                    String::new(),
                ]);
            }
            let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
            w.segment("CAS", &refs)?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "x835_tests.rs"]
mod tests;
