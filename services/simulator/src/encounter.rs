//! Encounters (`encounter/v1`) and the eligibility answers (`eligibility/v1`) that go with
//! them, generated as a practice's EHR and a payer would send them.
//!
//! Encounter `n` of a seed is always the same visit: the same practice, patient, codes and
//! charges (only its date of service follows the calendar, days before today, since intake
//! refuses future dates and payers refuse old ones). A realistic share carries a problem the
//! system must catch: a mistyped NPI (refused at intake), an unbillable or incomplete
//! diagnosis (held for a coder), or coverage that had ended (stopped before billing).

use chrono::{Days, NaiveDate};
use serde_json::{json, Value};

use claims_codes::CodeSet;
use claims_events::{ClaimId, PartnerId};

use crate::clinical::{visits_of, Diagnoses, Visit, VISITS};
use crate::people::{Insured, Patient, POOL};
use crate::practices::{mistyped, practices, Practice, Specialty};
use crate::rng::Rng;

/// The problem an encounter carries, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    Clean,
    /// The billing NPI's check digit is wrong: the receipt refuses the encounter.
    InvalidNpi,
    /// The principal diagnosis is a category or lacks its 7th character: coding holds it.
    CodingProblem,
    /// The payer says coverage ended before the date of service.
    Lapsed,
}

/// Per mille of encounters with each problem (lapsed coverage is per patient).
#[derive(Debug, Clone, Copy)]
pub struct ProblemShares {
    pub invalid_npi: u64,
    pub coding: u64,
    pub lapsed_patients: u64,
}

impl Default for ProblemShares {
    fn default() -> Self {
        ProblemShares {
            invalid_npi: 25,
            coding: 40,
            lapsed_patients: 30,
        }
    }
}

/// One generated visit and what goes with it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub number: u64,
    pub partner: &'static str,
    pub encounter_id: String,
    pub claim_id: ClaimId,
    pub payer_id: &'static str,
    pub intake: Intake,
    pub encounter: Value,
    pub eligibility: Value,
    /// The codes as they should be (what a coder corrects a coding problem to).
    pub diagnoses: Vec<String>,
    /// The service lines in the encounter's JSON shape.
    pub lines: Value,
    pub charge_cents: i64,
}

/// Generates encounters for one seed.
pub struct Generator {
    seed: u64,
    practices: Vec<Practice>,
    diagnoses: Diagnoses,
    shares: ProblemShares,
}

impl Generator {
    pub fn new(seed: u64, code_set: &'static CodeSet, shares: ProblemShares) -> Generator {
        Generator {
            seed,
            practices: practices(seed),
            diagnoses: Diagnoses::new(code_set),
            shares,
        }
    }

    pub fn practices(&self) -> &[Practice] {
        &self.practices
    }

    /// Encounter `number`, dated a few days before `today`.
    pub fn encounter(&self, number: u64, today: NaiveDate) -> Generated {
        let mut rng = Rng::for_key(self.seed, "encounter", &number.to_string());
        let problem = rng.weighted(&[
            1000 - self.shares.invalid_npi - self.shares.coding,
            self.shares.invalid_npi,
            self.shares.coding,
        ]);
        let (practice, visit) = if problem == 2 {
            let visit = *rng.pick(
                &VISITS
                    .iter()
                    .filter(|v| v.coding_problem.is_some())
                    .collect::<Vec<_>>(),
            );
            let practice = self
                .practices
                .iter()
                .find(|p| p.specialty == visit.specialty)
                .unwrap_or(&self.practices[0]);
            (practice, visit)
        } else {
            let weights: Vec<u64> = self.practices.iter().map(|p| p.weight).collect();
            let practice = &self.practices[rng.weighted(&weights)];
            (practice, *rng.pick(&visits_of(practice.specialty)))
        };
        let patient = self.patient_for(&mut rng, practice.specialty);
        let service_date = today - Days::new(rng.between(1, 12) as u64);
        let encounter_id = format!("SIM{}-{number:06}", self.seed);
        let partner: PartnerId = practice
            .partner
            .parse()
            .expect("the practices' partner ids are valid");
        let diagnoses = self.diagnoses.pick(&mut rng, visit);
        let mut sent_diagnoses = diagnoses.clone();
        if let (2, Some((wrong, _))) = (problem, visit.coding_problem) {
            sent_diagnoses[0] = wrong.to_string();
        }
        let lines = lines(visit);
        let physician = rng.pick(&practice.physicians);
        let mut billing = practice.billing_provider();
        if problem == 1 {
            billing["npi"] = Value::from(mistyped(&practice.npi));
        }
        let lapsed = patient.coverage_end.is_some_and(|end| end < service_date);
        // Intake refuses before coverage is checked, and lapsed coverage stops a claim before
        // coding looks at it.
        let intake = match problem {
            1 => Intake::InvalidNpi,
            _ if lapsed => Intake::Lapsed,
            2 => Intake::CodingProblem,
            _ => Intake::Clean,
        };
        let encounter = json!({
            "schema": "encounter/v1",
            "encounter_id": encounter_id,
            "service_date": service_date,
            "place_of_service": "11",
            "patient": patient.person.json(),
            "subscriber": subscriber(&patient),
            "coverage": {"payer_id": patient.payer_id, "plan": patient.plan, "priority": "primary"},
            "billing_provider": billing,
            "rendering_provider": {"npi": physician.2, "first_name": physician.0, "last_name": physician.1},
            "diagnoses": sent_diagnoses,
            "lines": lines,
        });
        let insured = patient.insured_person();
        let eligibility = json!({
            "schema": "eligibility/v1",
            "payer_id": patient.payer_id, "member_id": patient.member_id,
            "first_name": insured.first_name, "last_name": insured.last_name, "birth_date": insured.birth_date,
            "plan": patient.plan, "status": "active",
            "coverage_start": patient.coverage_start, "coverage_end": patient.coverage_end,
        });
        Generated {
            number,
            partner: practice.partner,
            encounter_id: encounter_id.clone(),
            claim_id: ClaimId::for_encounter(&partner, &encounter_id),
            payer_id: patient.payer_id,
            intake,
            encounter,
            eligibility,
            diagnoses,
            lines,
            charge_cents: visit.lines.iter().map(|l| l.charge).sum(),
        }
    }

    /// A patient of the pool who fits the practice: children at the pediatrician, adults at
    /// internal medicine, anyone elsewhere.
    fn patient_for(&self, rng: &mut Rng, specialty: Specialty) -> Patient {
        let fits = |p: &Patient| {
            let child = matches!(
                &p.insured,
                Insured::Other {
                    relationship: "child",
                    ..
                }
            ) || p.person.birth_date.format("%Y").to_string().as_str() >= "2008";
            match specialty {
                Specialty::Pediatrics => child,
                Specialty::Internal => !child,
                _ => true,
            }
        };
        let mut patient = Patient::of(self.seed, rng.below(POOL), self.shares.lapsed_patients);
        for _ in 0..64 {
            if fits(&patient) {
                break;
            }
            patient = Patient::of(self.seed, rng.below(POOL), self.shares.lapsed_patients);
        }
        patient
    }
}

/// The encounter's `subscriber`: the member id, and the insured's details when that is not
/// the patient.
fn subscriber(patient: &Patient) -> Value {
    let mut subscriber = match &patient.insured {
        Insured::Patient => json!({"relationship": "self", "member_id": patient.member_id}),
        Insured::Other {
            relationship,
            person,
        } => {
            let mut value = person.json();
            value["relationship"] = Value::from(*relationship);
            value["member_id"] = Value::from(patient.member_id.clone());
            value
        }
    };
    if let Some(group) = &patient.group_number {
        subscriber["group_number"] = Value::from(group.clone());
    }
    subscriber
}

/// The visit's lines in encounter/v1's shape, charges as decimal strings.
fn lines(visit: &Visit) -> Value {
    visit
        .lines
        .iter()
        .map(|line| {
            let mut value = json!({"procedure": line.procedure, "units": 1,
                                   "charge": format!("{}.{:02}", line.charge / 100, line.charge % 100),
                                   "diagnosis_pointers": line.pointers});
            if !line.modifiers.is_empty() {
                value["modifiers"] = json!(line.modifiers);
            }
            value
        })
        .collect()
}

#[cfg(test)]
#[path = "encounter_tests.rs"]
mod tests;
