//! One 837P interchange: the envelope, and one transaction set per claim.
//!
//! # Layout
//!
//! One ISA / GS holds the whole batch; inside it every claim gets its own ST / SE with the
//! same header (BHT, submitter 1000A, receiver 1000B) and a hierarchy of its own (billing
//! provider HL 1, subscriber HL 2, patient HL 3). Grouping several claims under one billing
//! provider HL would save a few segments, but one claim per set keeps the mapping from a
//! 999's rejected ST02 to the claim exact (a set rejected by syntax rejects one claim, not
//! its neighbours), needs no HL bookkeeping across claims, and is what pyx12 and every
//! clearinghouse accept.
//!
//! The batch is all or nothing: a claim that cannot be written fails the whole call with
//! its id, so the caller can take it out and write the rest.

use chrono::NaiveDateTime;
use claims_x12::writer::{GroupHeader, InterchangeHeader, Usage};
use claims_x12::{Delimiters, X12Writer};

use super::claim::claim;
use super::error::{Problem, X837Error};
use super::input::{Batch, ClaimToBill, ControlNumbers, Receiver, Submitter};
use super::parties::{billing_provider, subscriber_and_patient};
use super::segments::{organization, required_id, required_text};
use super::text::digits;

/// GS08, ST03: the implementation guide the batch follows.
pub const IMPLEMENTATION: &str = "005010X222A1";
/// The largest control number X12 allows (nine digits).
const MAX_CONTROL: u64 = 999_999_999;
/// PER02 holds at most 60 characters.
const CONTACT_NAME: usize = 60;

/// Writes one interchange of 837P claims, one transaction set per claim, with ST02 numbered
/// from `control.first_transaction`. Pure: the same input always gives the same text.
pub fn write_batch(
    submitter: &Submitter,
    receiver: &Receiver,
    control: ControlNumbers,
    created: NaiveDateTime,
    usage: Usage,
    claims: &[ClaimToBill<'_>],
) -> Result<Batch, X837Error> {
    if claims.is_empty() {
        return Err(X837Error::NoClaims);
    }
    check_control("GS06", u64::from(control.group)).map_err(envelope)?;
    let first = u64::from(control.first_transaction);
    check_control("ST02", first).map_err(envelope)?;
    check_control("ST02", first + claims.len() as u64 - 1).map_err(envelope)?;

    let mut w = X12Writer::new(Delimiters::default());
    let submitter_id = required_id(&submitter.id, "the submitter id").map_err(envelope)?;
    let receiver_id = required_id(&receiver.id, "the receiver id").map_err(envelope)?;
    w.begin_interchange(&InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: submitter_id.into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: receiver_id.into(),
        created,
        control_number: control.interchange,
        acknowledgment_requested: false,
        usage,
    })
    .map_err(envelope)?;
    w.begin_group(&GroupHeader {
        functional_id: "HC".into(),
        sender: submitter_id.into(),
        receiver: receiver_id.into(),
        created,
        control_number: control.group,
        version: IMPLEMENTATION.into(),
    })
    .map_err(envelope)?;

    let mut transactions = Vec::with_capacity(claims.len());
    for (st02, bill) in (control.first_transaction..).zip(claims) {
        w.begin_transaction("837", st02, Some(IMPLEMENTATION))
            .map_err(envelope)?;
        let reference = format!("{:09}-{st02:04}", control.interchange);
        header(&mut w, submitter, receiver, created, &reference).map_err(envelope)?;
        body(&mut w, bill).map_err(|problem| X837Error::Claim {
            claim_id: bill.claim_id,
            problem,
        })?;
        w.finish_transaction().map_err(envelope)?;
        transactions.push((bill.claim_id, format!("{st02:04}")));
    }
    let text = w.finish().map_err(envelope)?;
    Ok(Batch { text, transactions })
}

/// A problem of the batch's envelope rather than of one claim.
fn envelope(problem: impl Into<Problem>) -> X837Error {
    X837Error::Envelope(problem.into())
}

/// A control number X12 can carry: 1 to nine digits.
fn check_control(element: &'static str, value: u64) -> Result<(), Problem> {
    if value == 0 || value > MAX_CONTROL {
        return Err(Problem::ControlNumber { element, value });
    }
    Ok(())
}

/// BHT, 1000A and 1000B: the same in every set of the batch but for BHT03.
fn header(
    w: &mut X12Writer,
    submitter: &Submitter,
    receiver: &Receiver,
    created: NaiveDateTime,
    reference: &str,
) -> Result<(), Problem> {
    let date = created.format("%Y%m%d").to_string();
    let time = created.format("%H%M").to_string();
    // 0019: an original set of claims; CH: chargeable, claims for payment.
    w.segment("BHT", &["0019", "00", reference, &date, &time, "CH"])?;
    organization(
        w,
        "41",
        &submitter.name,
        "the submitter's name",
        "46",
        &submitter.id,
    )?;
    let contact = required_text(w, &submitter.contact_name, CONTACT_NAME, "the contact")?;
    let phone = digits(&submitter.phone);
    let phone = required_id(&phone, "the submitter's telephone number")?;
    w.segment("PER", &["IC", &contact, "TE", phone])?;
    organization(
        w,
        "40",
        &receiver.name,
        "the receiver's name",
        "46",
        &receiver.id,
    )
}

/// Everything of one claim under the header.
fn body(w: &mut X12Writer, bill: &ClaimToBill<'_>) -> Result<(), Problem> {
    billing_provider(w, &bill.encounter.billing_provider)?;
    subscriber_and_patient(w, bill)?;
    claim(w, bill)
}
