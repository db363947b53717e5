//! The X12 837P writer (005010X222A1): claims ready to bill in, one interchange out.
//!
//! Pure: no I/O, no clock (the creation time and the control numbers are passed in), so the
//! same claims always give the same file and tests can compare text. Every file it writes
//! passes the pyx12 validator (`tests/submission/x837_pyx12.rs` checks each claim shape); what X12
//! cannot carry is either cleaned (free text, see [`text`]) or refused with the claim it
//! belongs to (identifiers, codes, amounts that do not balance; see [`Problem`]).
//!
//! # Layout
//!
//! - [`input`]: what the writer takes ([`ClaimToBill`], [`Submitter`], ...) and gives back
//!   ([`Batch`]).
//! - [`batch`]: [`write_batch`], the envelope, BHT, 1000A / 1000B; one set per claim.
//! - [`parties`]: 2000A billing provider, 2000B subscriber and payer, 2000C patient.
//! - [`claim`]: 2300 CLM, REF*F8, HI, 2310B rendering provider.
//! - [`cob`]: 2320 / 2330A / 2330B / 2430, prior payers of a secondary claim.
//! - [`lines`]: 2400 LX, SV1, DTP*472.
//! - [`segments`]: NM1, N3/N4, DMG and CAS, shared by the loops.
//! - [`text`]: cleaning names and addresses for X12.
//! - [`error`]: [`X837Error`] and [`Problem`].

mod batch;
mod claim;
mod cob;
mod error;
mod input;
mod lines;
mod parties;
mod segments;
mod text;

pub use batch::{write_batch, IMPLEMENTATION};
pub use claims_x12::writer::Usage;
pub use error::{Problem, X837Error};
pub use input::{
    Batch, ClaimToBill, ControlNumbers, PayerInfo, PriorAdjudication, Receiver, Submitter,
};
