//! One function per 835 segment, from a segment to the typed record it fills.
//!
//! Kept apart from the loop walker in `read` so that each reads on its own: the walker
//! decides where a segment belongs, these decide what it says. Money, codes and
//! identifiers are strict; dates are lenient (see `lenient_date`), because a bad date
//! does not change what was paid.

use chrono::NaiveDate;

use super::claim::{
    ClaimPayment, InpatientAdjudication, OutpatientAdjudication, QualifiedAmount, ServiceLine,
};
use super::codes::{ClaimStatus, Procedure};
use super::{Payment, ProviderAdjustment, ProviderAdjustmentItem, Trace};
use crate::common::Warning;
use crate::date::parse_date;
use crate::error::X12Error;
use crate::segment::Segment;

/// Element `n` as a date; a missing or impossible date is `None` with a warning.
pub(super) fn lenient_date(
    seg: &Segment<'_>,
    n: usize,
    warnings: &mut Vec<Warning>,
) -> Option<NaiveDate> {
    let name = seg.element_name(n);
    let message = match seg.get(n).map(parse_date) {
        Some(Ok(date)) => return Some(date),
        Some(Err(e)) => format!("{name} `{}` {e}; the date is left out", seg.element(n)),
        None => format!("{name} (a date) is missing; left out"),
    };
    warnings.push(Warning::new(seg, message));
    None
}

pub(super) fn bpr<'a>(
    seg: &Segment<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<Payment<'a>, X12Error> {
    Ok(Payment {
        handling_code: seg.required(1)?,
        amount_cents: seg.required_cents(2)?,
        credit_debit: seg.required(3)?,
        method: seg.required(4)?,
        format: seg.get(5),
        date: lenient_date(seg, 16, warnings),
    })
}

pub(super) fn trn<'a>(seg: &Segment<'a>) -> Result<Trace<'a>, X12Error> {
    Ok(Trace {
        trace_type: seg.required(1)?,
        number: seg.required(2)?,
        payer_id: seg.get(3),
        supplemental_code: seg.get(4),
    })
}

pub(super) fn clp<'a>(
    seg: &Segment<'a>,
    header_number: Option<u32>,
) -> Result<ClaimPayment<'a>, X12Error> {
    let status = ClaimStatus::from_code(seg.required(2)?)
        .ok_or_else(|| seg.invalid(2, "is not a claim status code of the 835 guide"))?;
    Ok(ClaimPayment {
        header_number,
        patient_control_number: seg.required(1)?,
        status,
        billed_cents: seg.required_cents(3)?,
        paid_cents: seg.required_cents(4)?,
        patient_responsibility_cents: seg.cents(5)?,
        filing_indicator: seg.get(6),
        payer_claim_control_number: seg.get(7),
        facility_code: seg.get(8),
        frequency_code: seg.get(9),
        adjustments: Vec::new(),
        patient: None,
        insured: None,
        corrected_insured: None,
        rendering_provider: None,
        crossover_carrier: None,
        corrected_priority_payer: None,
        other_names: Vec::new(),
        inpatient: None,
        outpatient: None,
        references: Vec::new(),
        statement_from: None,
        statement_to: None,
        received: None,
        other_dates: Vec::new(),
        amounts: Vec::new(),
        lines: Vec::new(),
    })
}

pub(super) fn svc<'a>(
    seg: &Segment<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<ServiceLine<'a>, X12Error> {
    seg.required(1)?;
    let (procedure, note) = Procedure::from_composite(seg, 1);
    warnings.extend(note.map(|n| Warning::new(seg, n)));
    let (original_procedure, note) = Procedure::from_composite(seg, 6);
    warnings.extend(note.map(|n| Warning::new(seg, n)));
    Ok(ServiceLine {
        procedure: procedure.unwrap_or_default(),
        charge_cents: seg.required_cents(2)?,
        paid_cents: seg.required_cents(3)?,
        revenue_code: seg.get(4),
        units: seg.get(5),
        original_procedure,
        original_units: seg.get(7),
        adjustments: Vec::new(),
        service_date: None,
        period_start: None,
        period_end: None,
        references: Vec::new(),
        amounts: Vec::new(),
        remarks: Vec::new(),
    })
}

pub(super) fn amt<'a>(seg: &Segment<'a>) -> Result<QualifiedAmount<'a>, X12Error> {
    Ok(QualifiedAmount {
        qualifier: seg.required(1)?,
        cents: seg.required_cents(2)?,
    })
}

pub(super) fn moa<'a>(seg: &Segment<'a>) -> Result<OutpatientAdjudication<'a>, X12Error> {
    Ok(OutpatientAdjudication {
        reimbursement_rate: seg.get(1),
        hcpcs_payable_cents: seg.cents(2)?,
        remark_codes: (3..=7).filter_map(|n| seg.get(n)).collect(),
        esrd_payment_cents: seg.cents(8)?,
        nonpayable_professional_cents: seg.cents(9)?,
    })
}

pub(super) fn mia<'a>(seg: &Segment<'a>) -> InpatientAdjudication<'a> {
    InpatientAdjudication {
        covered_days: seg.get(1),
        remark_codes: [5, 20, 21, 22, 23]
            .into_iter()
            .filter_map(|n| seg.get(n))
            .collect(),
    }
}

pub(super) fn plb<'a>(
    seg: &Segment<'a>,
    warnings: &mut Vec<Warning>,
) -> Result<ProviderAdjustment<'a>, X12Error> {
    let mut items = Vec::new();
    for first in (3..=13).step_by(2) {
        if seg.get(first).is_none() && seg.get(first + 1).is_none() {
            continue;
        }
        items.push(ProviderAdjustmentItem {
            reason: seg.component(first, 1).ok_or_else(|| {
                seg.invalid(first, "has no adjustment reason code before its amount")
            })?,
            reference: seg.component(first, 2),
            amount_cents: seg.required_cents(first + 1)?,
        });
    }
    if items.is_empty() {
        return Err(seg.invalid(3, "is empty; a PLB needs at least one reason and amount"));
    }
    Ok(ProviderAdjustment {
        provider_id: seg.required(1)?,
        fiscal_period_end: lenient_date(seg, 2, warnings),
        items,
    })
}
