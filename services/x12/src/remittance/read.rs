//! Reading an 835 transaction set loop by loop.
//!
//! The 835 has no closing segments for its loops: a loop ends where the next one begins.
//! So the reader keeps a scope (header, payer, payee, claim, service line, summary) and
//! gives each segment to the innermost open loop that accepts it: a CAS after an SVC
//! adjusts the line, a CAS after a CLP adjusts the claim. A segment that carries money but
//! has no place (a CAS before any CLP) is an error; any other segment with no place is
//! skipped with a warning.
//!
//! Money, codes and identifiers are strict: a bad one fails the transaction, because
//! posting would otherwise invent or lose money. Dates only describe the money, and public
//! samples get them wrong (an impossible BPR16, a date shifted into BPR15), so a missing
//! or impossible date is left out with a warning instead.

use super::claim::{ClaimPayment, QualifiedDate, Remark};
use super::codes::read_cas;
use super::segments::{amt, bpr, clp, lenient_date, mia, moa, plb, svc, trn};
use super::{Party, Payment, ProviderAdjustment, Remittance, Trace};
use crate::common::{EntityName, Reference, Warning};
use crate::envelope::{read_interchanges, transactions, Transaction};
use crate::error::X12Error;
use crate::segment::Segment;
use chrono::NaiveDate;

/// Reads every 835 transaction set in `input`, one [`Remittance`] each.
///
/// Fails on a broken envelope, on a transaction set that is not an 835, and on any value
/// that makes the money or the claims ambiguous.
pub fn read_835(input: &str) -> Result<Vec<Remittance>, X12Error> {
    let interchanges = read_interchanges(input)?;
    transactions(&interchanges).map(read_remittance).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Header,
    Payer,
    Payee,
    Claim,
    Line,
    Summary,
}

struct Builder {
    scope: Scope,
    header_number: Option<u32>,
    payment: Option<Payment>,
    trace: Option<Trace>,
    receiver_id: Option<String>,
    production_date: Option<NaiveDate>,
    payer: Option<Party>,
    payee: Option<Party>,
    claims: Vec<ClaimPayment>,
    provider_adjustments: Vec<ProviderAdjustment>,
    warnings: Vec<Warning>,
}

fn read_remittance(transaction: &Transaction<'_>) -> Result<Remittance, X12Error> {
    if transaction.set_id != "835" {
        return Err(X12Error::WrongTransaction {
            at: transaction.header.location(),
            expected: "an 835 (005010X221A1)",
            found: transaction.describe(),
        });
    }
    let mut b = Builder {
        scope: Scope::Header,
        header_number: None,
        payment: None,
        trace: None,
        receiver_id: None,
        production_date: None,
        payer: None,
        payee: None,
        claims: Vec::new(),
        provider_adjustments: Vec::new(),
        warnings: Vec::new(),
    };
    for seg in &transaction.body {
        b.accept(seg)?;
    }
    let missing = |segment, what| X12Error::MissingSegment {
        at: transaction.header.location(),
        control_number: transaction.control_number.to_owned(),
        segment,
        what,
    };
    Ok(Remittance {
        control_number: transaction.control_number.to_owned(),
        payment: b.payment.ok_or_else(|| missing("BPR", "the payment"))?,
        trace: b
            .trace
            .ok_or_else(|| missing("TRN", "the check or EFT trace"))?,
        receiver_id: b.receiver_id,
        production_date: b.production_date,
        payer: b.payer.ok_or_else(|| missing("N1*PR", "the payer"))?,
        payee: b.payee.ok_or_else(|| missing("N1*PE", "the payee"))?,
        claims: b.claims,
        provider_adjustments: b.provider_adjustments,
        warnings: b.warnings,
    })
}

impl Builder {
    fn accept(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        match (seg.id(), self.scope) {
            ("BPR", Scope::Header) if self.payment.is_none() => {
                self.payment = Some(bpr(seg, &mut self.warnings)?);
            }
            ("TRN", Scope::Header) if self.trace.is_none() => self.trace = Some(trn(seg)?),
            ("REF", Scope::Header) if seg.element(1) == "EV" => self.receiver_id = seg.text(2),
            ("DTM", Scope::Header) if seg.element(1) == "405" => {
                self.production_date = lenient_date(seg, 2, &mut self.warnings);
            }
            ("REF" | "DTM" | "CUR", Scope::Header) => {}
            ("N1", Scope::Header | Scope::Payer | Scope::Payee) => self.party(seg)?,
            ("REF", Scope::Payer | Scope::Payee) => self.party_reference(seg)?,
            ("N3" | "N4" | "PER", Scope::Payer | Scope::Payee) => {}
            ("LX", Scope::Header | Scope::Payer | Scope::Payee | Scope::Claim | Scope::Line) => {
                self.header_number = seg.count(1)?;
                self.scope = Scope::Header;
            }
            ("TS3" | "TS2", _) if self.scope != Scope::Summary => {}
            ("CLP", _) if self.scope != Scope::Summary => {
                self.claims.push(clp(seg, self.header_number)?);
                self.scope = Scope::Claim;
            }
            ("PLB", _) => {
                self.provider_adjustments
                    .push(plb(seg, &mut self.warnings)?);
                self.scope = Scope::Summary;
            }
            (id, Scope::Line) if id != "SVC" => self.line_segment(seg)?,
            (_, Scope::Claim | Scope::Line) => self.claim_segment(seg)?,
            ("CAS" | "SVC", _) => {
                return Err(seg.misplaced(format!(
                    "{} before any CLP: the amount cannot be given to a claim",
                    seg.id()
                )))
            }
            _ => self
                .warnings
                .push(Warning::skipped(seg, "in the 835 header")),
        }
        Ok(())
    }

    fn party(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let party = Party {
            name: seg.element(2).to_owned(),
            id_qualifier: seg.text(3),
            id: seg.text(4),
            references: Vec::new(),
        };
        match seg.required(1)? {
            "PR" if self.payer.is_none() => (self.payer, self.scope) = (Some(party), Scope::Payer),
            "PE" if self.payee.is_none() => (self.payee, self.scope) = (Some(party), Scope::Payee),
            _ => self
                .warnings
                .push(Warning::skipped(seg, "after the payer and payee")),
        }
        Ok(())
    }

    fn party_reference(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let party = match self.scope {
            Scope::Payer => &mut self.payer,
            _ => &mut self.payee,
        };
        if let Some(party) = party {
            party.references.push(Reference::from_ref(seg)?);
        }
        Ok(())
    }

    fn claim_segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let Some(claim) = self.claims.last_mut() else {
            return Ok(());
        };
        match seg.id() {
            "CAS" => claim.adjustments.extend(read_cas(seg)?),
            "NM1" => {
                let name = EntityName::from_nm1(seg)?;
                let slot = match name.entity.as_str() {
                    "QC" => &mut claim.patient,
                    "IL" => &mut claim.insured,
                    "74" => &mut claim.corrected_insured,
                    "82" => &mut claim.rendering_provider,
                    "TT" => &mut claim.crossover_carrier,
                    "PR" => &mut claim.corrected_priority_payer,
                    _ => {
                        claim.other_names.push(name);
                        return Ok(());
                    }
                };
                *slot = Some(name);
            }
            "MIA" => claim.inpatient = Some(mia(seg)),
            "MOA" => claim.outpatient = Some(moa(seg)?),
            "REF" => claim.references.push(Reference::from_ref(seg)?),
            "DTM" => {
                let Some(date) = lenient_date(seg, 2, &mut self.warnings) else {
                    return Ok(());
                };
                match seg.required(1)? {
                    "232" => claim.statement_from = Some(date),
                    "233" => claim.statement_to = Some(date),
                    "050" => claim.received = Some(date),
                    other => claim.other_dates.push(QualifiedDate {
                        qualifier: other.to_owned(),
                        date,
                    }),
                }
            }
            "AMT" => claim.amounts.push(amt(seg)?),
            "SVC" => {
                let line = svc(seg, &mut self.warnings)?;
                claim.lines.push(line);
                self.scope = Scope::Line;
            }
            "PER" | "QTY" => {}
            _ => self
                .warnings
                .push(Warning::skipped(seg, "in a claim (loop 2100)")),
        }
        Ok(())
    }

    fn line_segment(&mut self, seg: &Segment<'_>) -> Result<(), X12Error> {
        let Some(line) = self.claims.last_mut().and_then(|c| c.lines.last_mut()) else {
            return Ok(());
        };
        match seg.id() {
            "CAS" => line.adjustments.extend(read_cas(seg)?),
            "DTM" => {
                let date = lenient_date(seg, 2, &mut self.warnings);
                if date.is_none() {
                    return Ok(());
                }
                match seg.required(1)? {
                    "472" => line.service_date = date,
                    "150" => line.period_start = date,
                    "151" => line.period_end = date,
                    _ => self
                        .warnings
                        .push(Warning::skipped(seg, "in a service line")),
                }
            }
            "REF" => line.references.push(Reference::from_ref(seg)?),
            "AMT" => line.amounts.push(amt(seg)?),
            "LQ" => line.remarks.push(Remark {
                qualifier: seg.required(1)?.to_owned(),
                code: seg.required(2)?.to_owned(),
            }),
            "QTY" => {}
            _ => self
                .warnings
                .push(Warning::skipped(seg, "in a service line (loop 2110)")),
        }
        Ok(())
    }
}
