//! Reading the 837P batches the system sends, as a clearinghouse's front end reads them:
//! the envelope's control numbers, and per transaction set the claim (CLM01 id, CLM02 total,
//! frequency), who it is for and its service lines (SV1).
//!
//! Only what the acknowledgments and remittances need is kept. The patient's name and member
//! id are kept too, because a 277CA and an 835 name the patient; they stay in memory and are
//! never logged.

use chrono::NaiveDate;
use claims_x12::date::parse_date;
use claims_x12::envelope::{read_interchanges, transactions};
use claims_x12::money::parse_cents;
use claims_x12::X12Error;

/// One 837 interchange: its control numbers and claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilledBatch {
    /// ISA13 as written (nine digits).
    pub interchange_control: String,
    /// GS06, which the 999 names in AK102.
    pub group_control: String,
    /// ISA06 / GS02: the submitter, to whom acknowledgments go back.
    pub submitter: String,
    /// GS03: the clearinghouse as the submitter names it.
    pub receiver: String,
    /// 1000A NM103: the submitter's name.
    pub submitter_name: String,
    pub claims: Vec<BilledClaim>,
}

/// One claim: one transaction set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilledClaim {
    pub st02: String,
    /// CLM01: the system's claim id.
    pub claim_id: String,
    /// CLM02.
    pub charge_cents: i64,
    /// CLM05-3: `1` original, `7` replacement, `8` void.
    pub frequency: String,
    /// REF*F8 of a replacement: the payer's claim number.
    pub payer_claim_number: Option<String>,
    /// 2010BB NM103 and NM109.
    pub payer_name: String,
    pub payer_x12_id: String,
    /// 2010AA NM103 and NM109 (NPI).
    pub billing_name: String,
    pub billing_npi: String,
    /// The patient (2010CA when present, else the insured of 2010BA).
    pub patient_last: String,
    pub patient_first: String,
    /// 2010BA NM109.
    pub member_id: String,
    /// Position of the 2010BA NM1 counted from ST (= 1), for a 999's IK302.
    pub subscriber_position: usize,
    /// The first DTP*472.
    pub service_date: Option<NaiveDate>,
    pub lines: Vec<BilledLine>,
}

/// One SV1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BilledLine {
    pub procedure: String,
    pub modifiers: Vec<String>,
    pub charge_cents: i64,
    pub units: String,
}

/// Reads every claim of an 837 file (normally one interchange, one group).
pub fn read_837(text: &str) -> Result<BilledBatch, X12Error> {
    let interchanges = read_interchanges(text)?;
    let Some(first) = interchanges.first() else {
        return Err(X12Error::Empty);
    };
    let group = first.groups.first();
    let mut batch = BilledBatch {
        interchange_control: first.control_number.to_owned(),
        group_control: group
            .map(|g| g.control_number.to_owned())
            .unwrap_or_default(),
        submitter: first.sender_id.to_owned(),
        receiver: group.map(|g| g.receiver.to_owned()).unwrap_or_default(),
        submitter_name: String::new(),
        claims: Vec::new(),
    };
    for transaction in transactions(&interchanges) {
        let mut claim = BilledClaim {
            st02: transaction.control_number.to_owned(),
            claim_id: String::new(),
            charge_cents: 0,
            frequency: "1".into(),
            payer_claim_number: None,
            payer_name: String::new(),
            payer_x12_id: String::new(),
            billing_name: String::new(),
            billing_npi: String::new(),
            patient_last: String::new(),
            patient_first: String::new(),
            member_id: String::new(),
            subscriber_position: 0,
            service_date: None,
            lines: Vec::new(),
        };
        let mut patient_loop = false;
        for (index, segment) in transaction.body.iter().enumerate() {
            match (segment.id(), segment.element(1)) {
                ("NM1", "41") => batch.submitter_name = segment.element(3).to_owned(),
                ("NM1", "85") => {
                    claim.billing_name = segment.element(3).to_owned();
                    claim.billing_npi = segment.element(9).to_owned();
                }
                ("NM1", "IL") => {
                    claim.member_id = segment.element(9).to_owned();
                    claim.subscriber_position = index + 2;
                    if !patient_loop {
                        claim.patient_last = segment.element(3).to_owned();
                        claim.patient_first = segment.element(4).to_owned();
                    }
                }
                ("NM1", "QC") => {
                    patient_loop = true;
                    claim.patient_last = segment.element(3).to_owned();
                    claim.patient_first = segment.element(4).to_owned();
                }
                ("NM1", "PR") if claim.payer_x12_id.is_empty() => {
                    claim.payer_name = segment.element(3).to_owned();
                    claim.payer_x12_id = segment.element(9).to_owned();
                }
                ("CLM", id) => {
                    claim.claim_id = id.to_owned();
                    claim.charge_cents = amount(segment, 2)?;
                    claim.frequency = segment.component(5, 3).unwrap_or("1").to_owned();
                }
                ("REF", "F8") => claim.payer_claim_number = segment.get(2).map(str::to_owned),
                ("SV1", _) => {
                    let composite = segment.components(1);
                    claim.lines.push(BilledLine {
                        procedure: composite.get(1).copied().unwrap_or_default().to_owned(),
                        modifiers: composite
                            .iter()
                            .skip(2)
                            .filter(|m| !m.is_empty())
                            .map(|m| (*m).to_owned())
                            .collect(),
                        charge_cents: amount(segment, 2)?,
                        units: segment.element(4).to_owned(),
                    });
                }
                ("DTP", "472") if claim.service_date.is_none() => {
                    claim.service_date = parse_date(segment.element(3)).ok();
                }
                _ => {}
            }
        }
        if claim.claim_id.is_empty() {
            return Err(transaction
                .header
                .misplaced("the transaction set has no CLM segment"));
        }
        batch.claims.push(claim);
    }
    Ok(batch)
}

fn amount(segment: &claims_x12::segment::Segment<'_>, n: usize) -> Result<i64, X12Error> {
    parse_cents(segment.element(n)).map_err(|e| segment.invalid(n, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BATCH: &str = "ISA*00*          *00*          *ZZ*SUBM12345      *ZZ*AVAILITY       *261126*1200*^*00501*000000042*0*T*:~\n\
GS*HC*SUBM12345*AVAILITY*20261126*1200*42*X*005010X222A1~\n\
ST*837*0001*005010X222A1~\nBHT*0019*00*000000042-0001*20261126*1200*CH~\n\
NM1*41*2*SPRINGFIELD BILLING SERVICE*****46*SUBM12345~\nPER*IC*BILLING OFFICE*TE*2175550100~\n\
NM1*40*2*AVAILITY*****46*AVAILITY~\nHL*1**20*1~\nPRV*BI*PXC*207Q00000X~\n\
NM1*85*2*SPRINGFIELD FAMILY PRACTICE*****XX*1234567893~\nN3*200 CLINIC RD~\nN4*SPRINGFIELD*IL*627011234~\nREF*EI*371234567~\n\
HL*2*1*22*1~\nSBR*P**GRP-1******BL~\nNM1*IL*1*EXAMPLE*TOM****MI*XOF912345678~\n\
NM1*PR*2*BLUE CROSS*****PI*00621~\nHL*3*2*23*0~\nPAT*19~\nNM1*QC*1*EXAMPLE*LILY~\n\
CLM*0a1b2c3d-0000-5000-8000-00000000abcd*149.5***11:B:7*Y*A*Y*Y~\nREF*F8*26331000123~\nHI*ABK:J029~\n\
LX*1~\nSV1*HC:99213*125*UN*1***1~\nDTP*472*D8*20261118~\nLX*2~\nSV1*HC:87880:QW*24.5*UN*1***1~\nDTP*472*D8*20261118~\n\
SE*28*0001~\nGE*1*42~\nIEA*1*000000042~\n";

    #[test]
    fn a_claim_is_read_with_its_lines_and_who_it_is_for() {
        let batch = read_837(BATCH).unwrap();
        assert_eq!(
            (
                batch.interchange_control.as_str(),
                batch.group_control.as_str()
            ),
            ("000000042", "42")
        );
        let claim = &batch.claims[0];
        assert_eq!(claim.claim_id, "0a1b2c3d-0000-5000-8000-00000000abcd");
        assert_eq!((claim.charge_cents, claim.frequency.as_str()), (14950, "7"));
        assert_eq!(claim.payer_claim_number.as_deref(), Some("26331000123"));
        assert_eq!(
            (claim.payer_x12_id.as_str(), claim.billing_npi.as_str()),
            ("00621", "1234567893")
        );
        assert_eq!(
            (claim.patient_first.as_str(), claim.member_id.as_str()),
            ("LILY", "XOF912345678")
        );
        assert_eq!(claim.subscriber_position, 14);
        assert_eq!(
            claim.lines[1],
            BilledLine {
                procedure: "87880".into(),
                modifiers: vec!["QW".into()],
                charge_cents: 2450,
                units: "1".into()
            }
        );
        assert_eq!(claim.service_date, NaiveDate::from_ymd_opt(2026, 11, 18));
    }
}
