//! Facts of coding: the claim's diagnoses and procedures were checked against the code set
//! and payer edits, found clean or found wanting, and corrected by a coder.

use serde::{Deserialize, Serialize};

use crate::domain::ClaimCoding;

/// Every check passed against the named code set; the claim may be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCoded {
    /// The code set and edition the claim was checked against ("ICD-10-CM FY2026").
    pub code_set: String,
}

/// One problem a coder has to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingIssue {
    /// The rule's stable name (`icd10.not_billable`, `ncci.ptp`, ...).
    pub rule: String,
    /// Where on the claim (`$.diagnoses[0]`, `$.lines[1].modifiers`).
    pub path: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

/// The claim failed one or more checks and waits in the coding worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingIssuesFound {
    pub code_set: String,
    pub issues: Vec<CodingIssue>,
}

/// A coder replaced the claim's codes; they are checked again before the claim moves on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingCorrected {
    pub operator: String,
    pub coding: ClaimCoding,
    pub note: Option<String>,
}
