//! One claim of an 835 (loop 2100, CLP) and its service lines (loop 2110, SVC), typed.
//!
//! These records are what posting works from: CLP01 finds our claim, CLP04 and the CAS
//! adjustments say where the billed amount went, the lines say which procedure was paid
//! what. Money is in cents and dates are `NaiveDate`; identifiers and codes the system only
//! passes along stay strings.

use chrono::NaiveDate;

use super::codes::{Adjustment, ClaimStatus, Procedure};
use crate::common::{find_reference, EntityName, Reference};

/// A claim's payment information (CLP and the segments of its loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPayment<'a> {
    /// LX01 of the header group the claim sits in, when the 835 groups claims.
    pub header_number: Option<u32>,
    /// CLP01, the patient control number: the CLM01 we sent, our claim id.
    pub patient_control_number: &'a str,
    /// CLP02.
    pub status: ClaimStatus,
    /// CLP03, the total charge billed.
    pub billed_cents: i64,
    /// CLP04, what this payer paid.
    pub paid_cents: i64,
    /// CLP05, the patient's share, when given.
    pub patient_responsibility_cents: Option<i64>,
    /// CLP06, the claim filing indicator (`12` PPO, `MB` Medicare Part B, ...).
    pub filing_indicator: Option<&'a str>,
    /// CLP07, the payer's claim control number (the one a corrected claim quotes in REF*F8).
    pub payer_claim_control_number: Option<&'a str>,
    /// CLP08, the facility type code.
    pub facility_code: Option<&'a str>,
    /// CLP09, the claim frequency code.
    pub frequency_code: Option<&'a str>,
    /// Claim-level CAS adjustments, one per triplet.
    pub adjustments: Vec<Adjustment<'a>>,
    /// NM1*QC.
    pub patient: Option<EntityName<'a>>,
    /// NM1*IL, when the insured is not the patient.
    pub insured: Option<EntityName<'a>>,
    /// NM1*74, the insured's name or id as the payer corrected it.
    pub corrected_insured: Option<Box<EntityName<'a>>>,
    /// NM1*82.
    pub rendering_provider: Option<Box<EntityName<'a>>>,
    /// NM1*TT, the payer the claim was forwarded to (crossover).
    pub crossover_carrier: Option<Box<EntityName<'a>>>,
    /// NM1*PR, the payer the payer believes to be primary.
    pub corrected_priority_payer: Option<Box<EntityName<'a>>>,
    /// Any other NM1 of the claim loop.
    pub other_names: Vec<EntityName<'a>>,
    /// MIA (inpatient adjudication).
    pub inpatient: Option<Box<InpatientAdjudication<'a>>>,
    /// MOA (outpatient adjudication).
    pub outpatient: Option<Box<OutpatientAdjudication<'a>>>,
    /// REF segments of the claim loop (`1K`, `F8`, `EA`, `1L`, ...).
    pub references: Vec<Reference<'a>>,
    /// DTM*232, the statement period's first day.
    pub statement_from: Option<NaiveDate>,
    /// DTM*233, the statement period's last day.
    pub statement_to: Option<NaiveDate>,
    /// DTM*050, when the payer received the claim.
    pub received: Option<NaiveDate>,
    /// Other DTM segments of the claim loop (`036` coverage expiration, ...).
    pub other_dates: Vec<QualifiedDate<'a>>,
    /// AMT segments of the claim loop (`AU` coverage amount, `I` interest, ...).
    pub amounts: Vec<QualifiedAmount<'a>>,
    /// The service lines, in order.
    pub lines: Vec<ServiceLine<'a>>,
}

impl<'a> ClaimPayment<'a> {
    /// Our claim id: CLP01.
    pub fn claim_id(&self) -> &'a str {
        self.patient_control_number
    }

    /// The first REF of the claim loop with `qualifier`.
    pub fn reference(&self, qualifier: &str) -> Option<&'a str> {
        find_reference(&self.references, qualifier)
    }

    /// The first AMT of the claim loop with `qualifier`.
    pub fn amount(&self, qualifier: &str) -> Option<i64> {
        find_amount(&self.amounts, qualifier)
    }

    /// AMT*AU, the coverage amount.
    pub fn coverage_amount_cents(&self) -> Option<i64> {
        self.amount("AU")
    }

    /// Claim-level and line-level adjustments together.
    pub fn all_adjustments(&self) -> impl Iterator<Item = &Adjustment<'a>> {
        self.adjustments
            .iter()
            .chain(self.lines.iter().flat_map(|l| &l.adjustments))
    }

    /// Every remark code (RARC) of the claim: MOA, MIA and the lines' LQ*HE, in that order.
    pub fn remark_codes(&self) -> Vec<&'a str> {
        let outpatient = self.outpatient.iter().flat_map(|m| &m.remark_codes);
        let inpatient = self.inpatient.iter().flat_map(|m| &m.remark_codes);
        let lines = self.lines.iter().flat_map(|l| &l.remarks);
        outpatient
            .chain(inpatient)
            .copied()
            .chain(lines.filter(|r| r.qualifier == "HE").map(|r| r.code))
            .collect()
    }
}

/// One service line's payment (SVC and the segments of its loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLine<'a> {
    /// SVC01, the procedure as adjudicated.
    pub procedure: Procedure<'a>,
    /// SVC02, the line's charge.
    pub charge_cents: i64,
    /// SVC03, what was paid for the line.
    pub paid_cents: i64,
    /// SVC04, the NUBC revenue code, when given.
    pub revenue_code: Option<&'a str>,
    /// SVC05, the units paid, as written (`1.00`); absent means one.
    pub units: Option<&'a str>,
    /// SVC06, the procedure as submitted, when the payer changed it.
    pub original_procedure: Option<Procedure<'a>>,
    /// SVC07, the units as submitted, when they differ.
    pub original_units: Option<&'a str>,
    /// Line-level CAS adjustments, one per triplet.
    pub adjustments: Vec<Adjustment<'a>>,
    /// DTM*472, the date of service.
    pub service_date: Option<NaiveDate>,
    /// DTM*150, the first day of a service period.
    pub period_start: Option<NaiveDate>,
    /// DTM*151, the last day of a service period.
    pub period_end: Option<NaiveDate>,
    /// REF segments of the line (`6R` line item control number, `1B`, ...).
    pub references: Vec<Reference<'a>>,
    /// AMT segments of the line (`B6` allowed amount, ...).
    pub amounts: Vec<QualifiedAmount<'a>>,
    /// LQ segments: remark codes (`HE` RARC).
    pub remarks: Vec<Remark<'a>>,
}

impl<'a> ServiceLine<'a> {
    /// REF*6R: the line item control number we sent in the 837 (REF*6R of loop 2400).
    pub fn line_item_control_number(&self) -> Option<&'a str> {
        find_reference(&self.references, "6R")
    }

    /// AMT*B6: the allowed amount.
    pub fn allowed_cents(&self) -> Option<i64> {
        find_amount(&self.amounts, "B6")
    }
}

/// An AMT segment: a qualified amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifiedAmount<'a> {
    /// AMT01, such as `AU` or `B6`.
    pub qualifier: &'a str,
    /// AMT02.
    pub cents: i64,
}

fn find_amount(amounts: &[QualifiedAmount<'_>], qualifier: &str) -> Option<i64> {
    amounts
        .iter()
        .find(|a| a.qualifier == qualifier)
        .map(|a| a.cents)
}

/// A DTM segment the record has no named field for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifiedDate<'a> {
    /// DTM01.
    pub qualifier: &'a str,
    /// DTM02.
    pub date: NaiveDate,
}

/// An LQ segment: a remark code with its code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark<'a> {
    /// LQ01: `HE` for RARC, `RX` for NCPDP reject codes.
    pub qualifier: &'a str,
    /// LQ02, such as `N14`.
    pub code: &'a str,
}

/// MOA: outpatient adjudication information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutpatientAdjudication<'a> {
    /// MOA01, the reimbursement rate, as written.
    pub reimbursement_rate: Option<&'a str>,
    /// MOA02, the HCPCS payable amount.
    pub hcpcs_payable_cents: Option<i64>,
    /// MOA03 to MOA07: remark codes.
    pub remark_codes: Vec<&'a str>,
    /// MOA08, the ESRD payment amount.
    pub esrd_payment_cents: Option<i64>,
    /// MOA09, the non-payable professional component.
    pub nonpayable_professional_cents: Option<i64>,
}

/// MIA: inpatient adjudication information (only what posting uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InpatientAdjudication<'a> {
    /// MIA01, covered days or visits, as written.
    pub covered_days: Option<&'a str>,
    /// MIA05 and MIA20 to MIA23: remark codes.
    pub remark_codes: Vec<&'a str>,
}
