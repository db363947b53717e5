//! What a practice billed for: the patient, the insured and their coverage, the providers,
//! the diagnoses and the service lines. Parsed from a partner's `encounter/v1` JSON by the
//! registration service and carried in `ClaimRegistered`, so every later stage (coding, the
//! 837P, statements, audit) reads it from the log and never from the partner again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Cents, Icd10Code, Modifier, Npi, PartnerId, PayerId, ProcedureCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    /// USPS two-letter state code.
    pub state: String,
    /// ZIP 5 or ZIP+4 without the hyphen, as X12 N403 carries it.
    pub zip: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Female,
    Male,
    Unknown,
}

/// A patient or an insured person. Everything here is protected health information: it is
/// written to the log and to 837s, never to logs or metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub address: Address,
}

/// The patient's relationship to the insured, as X12 individual relationship codes know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relationship {
    /// The patient is the subscriber (X12 18).
    Insured,
    /// Spouse (01).
    Spouse,
    /// Child (19).
    Child,
    /// Any other relationship (G8).
    Other,
}

/// The insured person whose policy covers the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscriber {
    pub relationship: Relationship,
    pub member_id: String,
    pub group_number: Option<String>,
    /// The insured's own demographics; `None` when the patient is the insured.
    pub person: Option<Person>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PayerOrder {
    Primary,
    Secondary,
    Tertiary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub payer_id: PayerId,
    pub plan: String,
    pub order: PayerOrder,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingProvider {
    pub npi: Npi,
    pub name: String,
    /// Employer identification number, nine digits without the hyphen.
    pub tax_id: String,
    /// Health care provider taxonomy code (10 characters, e.g. 207Q00000X).
    pub taxonomy: String,
    pub address: Address,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderingProvider {
    pub npi: Npi,
    pub first_name: String,
    pub last_name: String,
}

/// One billed service: an 837P 2400 loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    pub procedure: ProcedureCode,
    /// Up to four, in the order billed.
    pub modifiers: Vec<Modifier>,
    pub units: u32,
    pub charge: Cents,
    /// One-based positions in the claim's diagnosis list, one to four of them.
    pub diagnosis_pointers: Vec<u8>,
    /// The line's date of service when it differs from the claim's.
    pub service_date: Option<NaiveDate>,
}

/// The codes a claim bills: what coding checks and what a correction replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCoding {
    /// Principal first; up to twelve.
    pub diagnoses: Vec<Icd10Code>,
    pub lines: Vec<ServiceLine>,
}

impl ClaimCoding {
    /// The claim's total charge: always the sum of its lines, never sent separately.
    pub fn total_charge(&self) -> Cents {
        self.lines.iter().map(|line| line.charge).sum()
    }
}

/// One encounter as the practice sent it, after parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encounter {
    pub partner: PartnerId,
    /// The practice's own id for the visit; with `partner` it determines the claim id.
    pub encounter_id: String,
    pub service_date: NaiveDate,
    /// CMS place-of-service code (11 office, 22 outpatient hospital, ...).
    pub place_of_service: String,
    pub patient: Person,
    pub subscriber: Subscriber,
    pub coverage: Coverage,
    pub secondary_coverage: Option<Coverage>,
    pub secondary_subscriber: Option<Subscriber>,
    pub billing_provider: BillingProvider,
    pub rendering_provider: Option<RenderingProvider>,
    pub coding: ClaimCoding,
}

impl Encounter {
    /// The insured of the coverage billed in `order`: the primary subscriber for the primary
    /// payer, the secondary subscriber (or, if none was sent, the primary one) otherwise.
    pub fn subscriber_for(&self, order: PayerOrder) -> &Subscriber {
        match order {
            PayerOrder::Primary => &self.subscriber,
            _ => self
                .secondary_subscriber
                .as_ref()
                .unwrap_or(&self.subscriber),
        }
    }
}
