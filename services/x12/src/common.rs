//! Small records every transaction reader shares: NM1 names, REF references and the
//! warnings a reader leaves when it skips something.
//!
//! The 835 and the 277CA both name people and organisations with NM1 and carry identifiers
//! in REF segments with a qualifier saying what the identifier is; reading them the same
//! way in both keeps the typed records alike.

use std::fmt;

use crate::error::{Location, X12Error};
use crate::segment::Segment;

/// A person or organisation named by an NM1 segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityName {
    /// NM101, the entity's role: `QC` patient, `IL` insured, `82` rendering provider, ...
    pub entity: String,
    /// NM102: `1` person, `2` organisation.
    pub entity_type: String,
    /// NM103: a person's last name or an organisation's name.
    pub last_or_organization: Option<String>,
    /// NM104.
    pub first: Option<String>,
    /// NM105.
    pub middle: Option<String>,
    /// NM107.
    pub suffix: Option<String>,
    /// NM108, what NM109 is: `MI` member id, `XX` NPI, `PI` payer id, ...
    pub id_qualifier: Option<String>,
    /// NM109.
    pub id: Option<String>,
}

impl EntityName {
    /// Reads an NM1 segment.
    pub fn from_nm1(seg: &Segment<'_>) -> Result<Self, X12Error> {
        Ok(EntityName {
            entity: seg.required(1)?.to_owned(),
            entity_type: seg.element(2).to_owned(),
            last_or_organization: seg.text(3),
            first: seg.text(4),
            middle: seg.text(5),
            suffix: seg.text(7),
            id_qualifier: seg.text(8),
            id: seg.text(9),
        })
    }

    /// Whether NM102 says this is a person.
    pub fn is_person(&self) -> bool {
        self.entity_type == "1"
    }
}

/// An identifier from a REF segment with the qualifier saying what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// REF01, such as `1K` (payer claim control number) or `6R` (line item control).
    pub qualifier: String,
    /// REF02.
    pub value: String,
}

impl Reference {
    /// Reads a REF segment.
    pub fn from_ref(seg: &Segment<'_>) -> Result<Self, X12Error> {
        Ok(Reference {
            qualifier: seg.required(1)?.to_owned(),
            value: seg.required(2)?.to_owned(),
        })
    }
}

/// The value of the first reference with `qualifier`.
pub fn find_reference<'r>(references: &'r [Reference], qualifier: &str) -> Option<&'r str> {
    references
        .iter()
        .find(|r| r.qualifier == qualifier)
        .map(|r| r.value.as_str())
}

/// Something a reader skipped or could not fully interpret without failing the whole
/// transaction: an unknown segment inside a loop, a composite it could not split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The segment concerned.
    pub at: Location,
    /// What was skipped and why.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(seg: &Segment<'_>, message: impl Into<String>) -> Self {
        Warning {
            at: seg.location(),
            message: message.into(),
        }
    }

    pub(crate) fn skipped(seg: &Segment<'_>, context: &str) -> Self {
        Warning::new(
            seg,
            format!("skipped: {} is not expected {context}", seg.id()),
        )
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}
