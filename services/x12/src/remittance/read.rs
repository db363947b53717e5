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
use crate::envelope::{walk_interchanges, Transaction, TransactionBody};
use crate::error::X12Error;
use crate::segment::Segment;
use chrono::NaiveDate;

/// Reads every 835 transaction set in `input`, one [`Remittance`] each, borrowing its
/// codes and identifiers from `input`.
///
/// Fails on a broken envelope, on a transaction set that is not an 835, and on any value
/// that makes the money or the claims ambiguous.
pub fn read_835(input: &str) -> Result<Vec<Remittance<'_>>, X12Error> {
    let mut reader = Reader::default();
    walk_interchanges(input, &mut reader)?;
    Ok(reader.done)
}

/// Builds each transaction's remittance from its segments as the envelope walker reads
/// them.
#[derive(Default)]
struct Reader<'a> {
    open: Option<Builder<'a>>,
    done: Vec<Remittance<'a>>,
}

impl<'a> TransactionBody<'a> for Reader<'a> {
    fn segment(
        &mut self,
        transaction: &mut Transaction<'a>,
        seg: Segment<'a>,
    ) -> Result<(), X12Error> {
        let builder = match &mut self.open {
            Some(builder) => builder,
            None => self.open.insert(Builder::new(transaction)?),
        };
        builder.accept(&seg)
    }

    fn close(&mut self, transaction: &mut Transaction<'a>) -> Result<(), X12Error> {
        let builder = match self.open.take() {
            Some(builder) => builder,
            None => Builder::new(transaction)?,
        };
        self.done.push(builder.finish(transaction)?);
        Ok(())
    }
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

struct Builder<'a> {
    scope: Scope,
    header_number: Option<u32>,
    payment: Option<Payment<'a>>,
    trace: Option<Trace<'a>>,
    receiver_id: Option<&'a str>,
    production_date: Option<NaiveDate>,
    payer: Option<Party<'a>>,
    payee: Option<Party<'a>>,
    claims: Vec<ClaimPayment<'a>>,
    provider_adjustments: Vec<ProviderAdjustment<'a>>,
    warnings: Vec<Warning>,
}

impl<'a> Builder<'a> {
    fn new(transaction: &Transaction<'a>) -> Result<Self, X12Error> {
        if transaction.set_id != "835" {
            return Err(X12Error::WrongTransaction {
                at: transaction.header.location(),
                expected: "an 835 (005010X221A1)",
                found: transaction.describe(),
            });
        }
        Ok(Builder {
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
        })
    }

    fn finish(self, transaction: &Transaction<'a>) -> Result<Remittance<'a>, X12Error> {
        let missing = |segment, what| X12Error::MissingSegment {
            at: transaction.header.location(),
            control_number: transaction.control_number.to_owned(),
            segment,
            what,
        };
        Ok(Remittance {
            control_number: transaction.control_number,
            payment: self.payment.ok_or_else(|| missing("BPR", "the payment"))?,
            trace: self
                .trace
                .ok_or_else(|| missing("TRN", "the check or EFT trace"))?,
            receiver_id: self.receiver_id,
            production_date: self.production_date,
            payer: self.payer.ok_or_else(|| missing("N1*PR", "the payer"))?,
            payee: self.payee.ok_or_else(|| missing("N1*PE", "the payee"))?,
            claims: self.claims,
            provider_adjustments: self.provider_adjustments,
            warnings: self.warnings,
        })
    }

    fn accept(&mut self, seg: &Segment<'a>) -> Result<(), X12Error> {
        match (seg.id(), self.scope) {
            ("BPR", Scope::Header) if self.payment.is_none() => {
                self.payment = Some(bpr(seg, &mut self.warnings)?);
            }
            ("TRN", Scope::Header) if self.trace.is_none() => self.trace = Some(trn(seg)?),
            ("REF", Scope::Header) if seg.element(1) == "EV" => self.receiver_id = seg.get(2),
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

    fn party(&mut self, seg: &Segment<'a>) -> Result<(), X12Error> {
        let party = Party {
            name: seg.element(2),
            id_qualifier: seg.get(3),
            id: seg.get(4),
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

    fn party_reference(&mut self, seg: &Segment<'a>) -> Result<(), X12Error> {
        let party = match self.scope {
            Scope::Payer => &mut self.payer,
            _ => &mut self.payee,
        };
        if let Some(party) = party {
            party.references.push(Reference::from_ref(seg)?);
        }
        Ok(())
    }

    fn claim_segment(&mut self, seg: &Segment<'a>) -> Result<(), X12Error> {
        let Some(claim) = self.claims.last_mut() else {
            return Ok(());
        };
        match seg.id() {
            "CAS" => read_cas(seg, &mut claim.adjustments)?,
            "NM1" => {
                let name = EntityName::from_nm1(seg)?;
                // The patient and the insured come in most claims and are kept inline;
                // the others are rare, boxed to keep every claim record small.
                let rare = match name.entity {
                    "QC" => {
                        claim.patient = Some(name);
                        return Ok(());
                    }
                    "IL" => {
                        claim.insured = Some(name);
                        return Ok(());
                    }
                    "74" => &mut claim.corrected_insured,
                    "82" => &mut claim.rendering_provider,
                    "TT" => &mut claim.crossover_carrier,
                    "PR" => &mut claim.corrected_priority_payer,
                    _ => {
                        claim.other_names.push(name);
                        return Ok(());
                    }
                };
                *rare = Some(Box::new(name));
            }
            "MIA" => claim.inpatient = Some(Box::new(mia(seg))),
            "MOA" => claim.outpatient = Some(Box::new(moa(seg)?)),
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
                        qualifier: other,
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

    fn line_segment(&mut self, seg: &Segment<'a>) -> Result<(), X12Error> {
        let Some(line) = self.claims.last_mut().and_then(|c| c.lines.last_mut()) else {
            return Ok(());
        };
        match seg.id() {
            "CAS" => read_cas(seg, &mut line.adjustments)?,
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
                qualifier: seg.required(1)?,
                code: seg.required(2)?,
            }),
            "QTY" => {}
            _ => self
                .warnings
                .push(Warning::skipped(seg, "in a service line (loop 2110)")),
        }
        Ok(())
    }
}
