//! X12 EDI for US medical billing (HIPAA 5010): reading and writing envelopes and segments,
//! and typed readers for what a clearinghouse and payers send back: the 835 remittance
//! (005010X221A1), the 999 implementation acknowledgment (005010X231A1) and the 277CA claim
//! acknowledgment (005010X214).
//!
//! The crate is pure: text in, typed records or text out, no I/O. Reading never panics;
//! every problem is an [`error::X12Error`] naming the segment (numbered from the first ISA),
//! the element (`CLP04`) and what is wrong. Amounts are `i64` cents, never floating point;
//! dates are `chrono::NaiveDate`.
//!
//! # Layout
//!
//! The generic X12 layer, one idea per module:
//!
//! - [`delimiters`]: the four delimiters, read from each ISA.
//! - [`segment`]: one segment with 1-based element and component access.
//! - [`fields`]: typed element access (cents, dates, counts) with located errors.
//! - [`reader`]: text to segments, whatever the line endings.
//! - [`envelope`]: ISA/GS/ST nesting, checked against the SE/GE/IEA trailers.
//! - [`writer`]: segments and envelopes out, trailers computed, delimiters refused in data.
//! - [`money`] and [`date`]: X12 amounts and dates.
//! - [`common`]: NM1 names, REF references and reader warnings.
//! - [`error`]: the error type.
//!
//! The transactions:
//!
//! - [`remittance`]: the 835 read into [`remittance::Remittance`] records, and the
//!   balancing rules ([`remittance::check_balance`]).
//! - [`ack999`]: the 999, per transaction set accepted or rejected with IK3/IK4 details.
//! - [`ack277`]: the 277CA, one [`ack277::ClaimAcknowledgment`] per claim.
//!
//! # Example
//!
//! ```
//! let text = "ISA*00*          *00*          *ZZ*PAYER          *ZZ*US             *261126*1200*^*00501*000000001*0*T*:~\
//!     GS*HP*PAYER*US*20261126*1200*1*X*005010X221A1~ST*835*0001~\
//!     BPR*I*100*C*CHK************20261126~TRN*1*CHK1001*1999999999~\
//!     N1*PR*EXAMPLE PAYER~N1*PE*SPRINGFIELD FAMILY PRACTICE*XX*1234567893~\
//!     CLP*CLAIM-1*1*125*100*25*MB*PAYER-CLAIM-9~CAS*PR*2*25~\
//!     SE*8*0001~GE*1*1~IEA*1*000000001~";
//! let remittances = claims_x12::remittance::read_835(text)?;
//! let claim = remittances[0].claim("CLAIM-1").unwrap();
//! assert_eq!(claim.paid_cents, 10000);
//! assert!(claims_x12::remittance::check_balance(&remittances[0]).is_empty());
//! # Ok::<(), claims_x12::error::X12Error>(())
//! ```

#![warn(missing_docs)]

pub mod ack277;
pub mod ack999;
pub mod common;
pub mod date;
pub mod delimiters;
pub mod envelope;
pub mod error;
pub mod fields;
pub mod money;
pub mod reader;
pub mod remittance;
pub mod segment;
pub mod writer;

pub use delimiters::Delimiters;
pub use error::{Location, X12Error};
pub use writer::X12Writer;
