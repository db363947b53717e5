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
pub struct EntityName<'a> {
    /// NM101, the entity's role: `QC` patient, `IL` insured, `82` rendering provider, ...
    pub entity: &'a str,
    /// NM102: `1` person, `2` organisation.
    pub entity_type: &'a str,
    /// NM103: a person's last name or an organisation's name.
    pub last_or_organization: Option<&'a str>,
    /// NM104.
    pub first: Option<&'a str>,
    /// NM105.
    pub middle: Option<&'a str>,
    /// NM107.
    pub suffix: Option<&'a str>,
    /// NM108, what NM109 is: `MI` member id, `XX` NPI, `PI` payer id, ...
    pub id_qualifier: Option<&'a str>,
    /// NM109.
    pub id: Option<&'a str>,
}

impl<'a> EntityName<'a> {
    /// Reads an NM1 segment.
    pub fn from_nm1(seg: &Segment<'a>) -> Result<Self, X12Error> {
        Ok(EntityName {
            entity: seg.required(1)?,
            entity_type: seg.element(2),
            last_or_organization: seg.get(3),
            first: seg.get(4),
            middle: seg.get(5),
            suffix: seg.get(7),
            id_qualifier: seg.get(8),
            id: seg.get(9),
        })
    }

    /// Whether NM102 says this is a person.
    pub fn is_person(&self) -> bool {
        self.entity_type == "1"
    }
}

/// An identifier from a REF segment with the qualifier saying what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'a> {
    /// REF01, such as `1K` (payer claim control number) or `6R` (line item control).
    pub qualifier: &'a str,
    /// REF02.
    pub value: &'a str,
}

impl<'a> Reference<'a> {
    /// Reads a REF segment.
    pub fn from_ref(seg: &Segment<'a>) -> Result<Self, X12Error> {
        Ok(Reference {
            qualifier: seg.required(1)?,
            value: seg.required(2)?,
        })
    }
}

/// The value of the first reference with `qualifier`.
pub fn find_reference<'a>(references: &[Reference<'a>], qualifier: &str) -> Option<&'a str> {
    references
        .iter()
        .find(|r| r.qualifier == qualifier)
        .map(|r| r.value)
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
