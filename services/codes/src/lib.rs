//! Code sets a coder works with. For now: the ICD-10-CM diagnosis code set, FY2026 as updated
//! on April 1 2026, from the CDC's tabular list.
//!
//! The tabular list is turned once, by the `build-icd10-table` generator (feature
//! `generator`), into a compact text table committed under `data/` and compiled into this
//! crate, so any binary has the code set without files or network at run time. Loading takes
//! milliseconds ([`CodeSet::embedded`]); after that the code set answers:
//!
//! - [`CodeSet::lookup`]: what a code is (description, billable, why not);
//! - [`CodeSet::validate`]: a verdict a coder can act on ([`Validity`]);
//! - [`CodeSet::is_sequela`]: whether the 7th character marks a sequela;
//! - [`CodeSet::excludes1`]: whether two codes form an Excludes1 pair, and which note says so;
//! - [`CodeSet::search`]: ranked text search over descriptions;
//! - [`CodeSet::version`] / [`ICD10CM`]: the release and the dates of service it governs.
//!
//! ```
//! let icd = claims_codes::CodeSet::embedded()?;
//! assert!(icd.validate("e119").is_billable());
//! assert!(icd.excludes1("E11.9", "E10.9").is_some());
//! # Ok::<(), claims_codes::Error>(())
//! ```

mod code;
mod error;
mod excludes;
mod lookup;
mod note_text;
pub mod reference;
mod search;
mod table;
mod validity;
mod version;

pub use error::Error;
pub use excludes::Note;
pub use lookup::{CodeInfo, CodeKind, NotBillable, SeventhCharacter};
pub use search::SearchHit;
pub use table::{CodeSet, EMBEDDED_TABLE, TABLE_FORMAT};
pub use validity::Validity;
pub use version::{CodeSetVersion, IsoDate, ICD10CM, ICD10CM_START};

/// sha256 of the uncompressed tabular-list XML the embedded table was generated from
/// (`icd10cm-tabular-2026-04-01.xml.gz`); also recorded in the table header and `data/SOURCE.md`.
pub const SOURCE_SHA256: &str = "f161f8182aff3ce3a2a78e202f8259c08eaee2c670a9e45b0072445c52302935";
