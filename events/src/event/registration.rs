//! Facts of registration: a claim comes into being from an encounter, and its coverage is
//! checked on the date of service before anything is billed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Encounter, PayerId};

/// A practice's encounter was accepted and became a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRegistered {
    pub encounter: Encounter,
}

/// The practice sent a changed encounter before the claim was submitted; it replaces the
/// registered one. `changed` names the fields that differ (JSON paths), for the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncounterAmended {
    pub encounter: Encounter,
    pub changed: Vec<String>,
}

/// Coverage was confirmed active on the date of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityConfirmed {
    pub payer_id: PayerId,
    pub plan: String,
    pub coverage_start: NaiveDate,
    pub coverage_end: Option<NaiveDate>,
}

/// Coverage could not be confirmed (no eligibility answer yet, or an unknown member): the
/// claim waits in the eligibility worklist instead of being billed blindly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityPending {
    pub payer_id: PayerId,
    pub reason: String,
}

/// Coverage was not in force on the date of service: billing this payer would be denied
/// (CARC 27, 109 or 22), so the claim stops here with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageLapsed {
    pub payer_id: PayerId,
    pub coverage_start: Option<NaiveDate>,
    pub coverage_end: Option<NaiveDate>,
    pub reason: String,
}
