//! The simulated practices' patients: names, birth dates, addresses and insurance, made up
//! from small lists but shaped like the real thing.
//!
//! A practice sees the same patients again and again, so patients come from a fixed pool:
//! patient `n` of a seed is always the same person with the same coverage, whichever run or
//! encounter asks. That matters beyond realism: the system keeps the latest eligibility per
//! (payer, member), so a patient whose coverage answer changed between encounters would make
//! the outcome depend on timing. Coverage that lapsed is therefore a property of the patient.
//! Member ids follow each payer's shape (Medicare's MBI layout, Blue Cross's three-letter
//! prefix); they are fiction and never logged.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::names::{CITIES, FEMALE, LAST, MALE, STREETS};
use crate::rng::Rng;

/// How many distinct patients a seed's practices see.
pub const POOL: u64 = 500;

/// A person as encounters and eligibility answers describe them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub sex: &'static str,
    pub address: Value,
}

impl Person {
    pub fn json(&self) -> Value {
        json!({"first_name": self.first_name, "last_name": self.last_name,
               "birth_date": self.birth_date, "sex": self.sex, "address": self.address})
    }
}

/// Who holds the policy a patient is covered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insured {
    /// The patient is the insured.
    Patient,
    /// A parent (`child`) or a spouse (`spouse`) holds the policy.
    Other {
        relationship: &'static str,
        person: Person,
    },
}

/// A patient of the pool with their (primary) coverage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patient {
    pub number: u64,
    pub person: Person,
    pub insured: Insured,
    pub payer_id: &'static str,
    pub plan: &'static str,
    pub member_id: String,
    pub group_number: Option<String>,
    pub coverage_start: NaiveDate,
    /// Set for the few whose coverage ended before the visits the practices bill.
    pub coverage_end: Option<NaiveDate>,
}

impl Patient {
    /// Patient `number` of `seed`'s pool; `lapsed_per_mille` of them have coverage that ended.
    pub fn of(seed: u64, number: u64, lapsed_per_mille: u64) -> Patient {
        let mut rng = Rng::for_key(seed, "patient", &number.to_string());
        let address = address(&mut rng);
        let kind = rng.weighted(&[25, 45, 12, 18]); // senior, adult, spouse, child
        let last_name = rng.pick(LAST).to_string();
        let person = |rng: &mut Rng, years: (i32, i32), last: &str| {
            let sex = if rng.chance(520) { "F" } else { "M" };
            let first = rng.pick(if sex == "F" { FEMALE } else { MALE });
            let year = rng.between(i64::from(years.0), i64::from(years.1)) as i32;
            let day = rng.between(0, 364) as u64;
            let birth =
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default() + chrono::Days::new(day);
            Person {
                first_name: first.to_string(),
                last_name: last.to_string(),
                birth_date: birth,
                sex,
                address: address.clone(),
            }
        };
        let (patient, insured) = match kind {
            0 => (person(&mut rng, (1936, 1959), &last_name), Insured::Patient),
            1 => (person(&mut rng, (1962, 2004), &last_name), Insured::Patient),
            2 => {
                let holder = person(&mut rng, (1962, 1999), &last_name);
                let patient = person(&mut rng, (1962, 1999), &last_name);
                (
                    patient,
                    Insured::Other {
                        relationship: "spouse",
                        person: holder,
                    },
                )
            }
            _ => {
                let holder = person(&mut rng, (1972, 1995), &last_name);
                let patient = person(&mut rng, (2009, 2024), &last_name);
                (
                    patient,
                    Insured::Other {
                        relationship: "child",
                        person: holder,
                    },
                )
            }
        };
        let payer_id = match kind {
            0 if rng.chance(850) => "medicare-il",
            _ => *rng.pick(&[
                "bluecross-il",
                "bluecross-il",
                "aetna",
                "united-healthcare",
                "illinois-medicaid",
            ]),
        };
        // Medicaid enrols each person, children included: the patient is the member.
        let insured = if payer_id == "illinois-medicaid" {
            Insured::Patient
        } else {
            insured
        };
        let (plan, member_id, group_number) = coverage(&mut rng, payer_id);
        let coverage_start =
            NaiveDate::from_ymd_opt(rng.between(2019, 2025) as i32, 1, 1).unwrap_or_default();
        let coverage_end = rng.chance(lapsed_per_mille).then(|| {
            NaiveDate::from_ymd_opt(2026, rng.between(3, 9) as u32, 30).unwrap_or_default()
        });
        Patient {
            number,
            person: patient,
            insured,
            payer_id,
            plan,
            member_id,
            group_number,
            coverage_start,
            coverage_end,
        }
    }

    /// The person the payer's eligibility answer describes: the insured.
    pub fn insured_person(&self) -> &Person {
        match &self.insured {
            Insured::Patient => &self.person,
            Insured::Other { person, .. } => person,
        }
    }
}

fn address(rng: &mut Rng) -> Value {
    let (city, zip) = rng.pick(CITIES);
    let line1 = format!("{} {}", rng.between(1, 4999), rng.pick(STREETS));
    json!({"line1": line1, "city": city, "state": "IL", "zip": zip})
}

/// Plan name, member id in the payer's format, and group number (employer plans only).
fn coverage(rng: &mut Rng, payer_id: &str) -> (&'static str, String, Option<String>) {
    let digits = |rng: &mut Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect::<String>()
    };
    let group = |rng: &mut Rng| Some(format!("GRP-{}", digits(rng, 6)));
    match payer_id {
        "medicare-il" => ("Medicare Part B", mbi(rng), None),
        "bluecross-il" => {
            let prefix: String = (0..3)
                .map(|_| char::from(b'A' + rng.below(26) as u8))
                .collect();
            let plan = *rng.pick(&["Blue Choice PPO", "Blue Advantage HMO"]);
            (plan, format!("{prefix}{}", digits(rng, 9)), group(rng))
        }
        "aetna" => (
            "Aetna Open Access",
            format!("W{}", digits(rng, 9)),
            group(rng),
        ),
        "united-healthcare" => ("Choice Plus", digits(rng, 9), group(rng)),
        _ => ("Medicaid", digits(rng, 9), None),
    }
}

/// A Medicare Beneficiary Identifier in CMS's layout `C A AN N A AN N A A N N`.
pub fn mbi(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"ACDEFGHJKMNPQRTUVWXY"; // no S, L, O, I, B, Z
    let mut out = String::with_capacity(11);
    for kind in ["C", "A", "AN", "N", "A", "AN", "N", "A", "A", "N", "N"] {
        let c = match kind {
            "C" => b'1' + rng.below(9) as u8,
            "N" => b'0' + rng.below(10) as u8,
            "A" => LETTERS[rng.below(LETTERS.len() as u64) as usize],
            _ if rng.chance(500) => b'0' + rng.below(10) as u8,
            _ => LETTERS[rng.below(LETTERS.len() as u64) as usize],
        };
        out.push(char::from(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn medicare_patients_carry_an_mbi_the_registry_accepts() {
        let mbi_format = claims_payers::MemberIdFormat::Mbi;
        let mut medicare = 0;
        for n in 0..POOL {
            let patient = Patient::of(3, n, 30);
            if patient.payer_id == "medicare-il" {
                medicare += 1;
                assert!(
                    mbi_format.accepts(&patient.member_id),
                    "{}",
                    patient.member_id
                );
                assert!(patient.person.birth_date.year() < 1960);
            }
            if patient.payer_id == "bluecross-il" {
                assert!(
                    patient.group_number.is_some(),
                    "Blue Cross requires a group number"
                );
            }
        }
        assert!(medicare > 50, "{medicare}");
    }

    #[test]
    fn the_same_seed_and_number_is_the_same_patient() {
        assert_eq!(Patient::of(9, 17, 30), Patient::of(9, 17, 30));
        assert_ne!(Patient::of(9, 17, 30), Patient::of(10, 17, 30));
    }

    #[test]
    fn children_are_covered_by_a_parent_and_some_coverage_lapsed() {
        let patients: Vec<Patient> = (0..POOL).map(|n| Patient::of(1, n, 30)).collect();
        let children = patients
            .iter()
            .filter(|p| {
                matches!(
                    &p.insured,
                    Insured::Other {
                        relationship: "child",
                        ..
                    }
                )
            })
            .count();
        let lapsed = patients.iter().filter(|p| p.coverage_end.is_some()).count();
        assert!(children > 40, "{children}");
        assert!((3..=40).contains(&lapsed), "{lapsed}");
    }
}
