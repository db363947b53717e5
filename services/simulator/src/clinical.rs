//! What the practices bill: visit templates (diagnoses and procedures that go together, with
//! a practice's usual charges), the diagnoses drawn from the real ICD-10-CM code set.
//!
//! Diagnoses are picked from the embedded FY2026 code set among the billable codes under a
//! category a template names (a diabetes follow-up gets one of the E11 codes), so every code
//! a clean encounter carries is one a coder would accept, and two codes that an Excludes1 note
//! forbids together are never combined. Procedures are common CPT and HCPCS codes chosen so no
//! pair trips the NCCI sample edits the coding service loads; charges are typical practice
//! charges, not fee schedules. The two coding problems the simulator plants are the classic
//! ones: a category instead of a billable code (E11) and a fracture without its 7th character
//! (S72.001).

use std::collections::HashMap;

use claims_codes::CodeSet;

use crate::practices::Specialty;
use crate::rng::Rng;

/// A service line of a template: procedure, modifiers, charge in cents, diagnosis pointers.
#[derive(Debug, Clone, Copy)]
pub struct LineTemplate {
    pub procedure: &'static str,
    pub modifiers: &'static [&'static str],
    pub charge: i64,
    pub pointers: &'static [u8],
}

const fn line(procedure: &'static str, charge: i64, pointers: &'static [u8]) -> LineTemplate {
    LineTemplate {
        procedure,
        modifiers: &[],
        charge,
        pointers,
    }
}

/// A kind of visit.
#[derive(Debug, Clone, Copy)]
pub struct Visit {
    pub name: &'static str,
    pub specialty: Specialty,
    /// For each diagnosis position, the categories or codes to draw from.
    pub diagnoses: &'static [&'static [&'static str]],
    pub lines: &'static [LineTemplate],
    /// The unbillable or incomplete code a careless encounter carries instead of the
    /// principal diagnosis, and the code the coder corrects it to.
    pub coding_problem: Option<(&'static str, &'static str)>,
}

use Specialty::*;

pub const VISITS: &[Visit] = &[
    Visit {
        name: "diabetes follow-up",
        specialty: Family,
        diagnoses: &[&["E11.9", "E11.65", "E11.22", "E11.40"], &["I10"]],
        lines: &[line("99214", 18500, &[1, 2]), line("82947", 1800, &[1])],
        coding_problem: Some(("E11", "E11.9")),
    },
    Visit {
        name: "hypertension check",
        specialty: Family,
        diagnoses: &[&["I10"], &["E78.5", "E78.00", "E66.9"]],
        lines: &[line("99213", 12500, &[1, 2])],
        coding_problem: None,
    },
    Visit {
        name: "upper respiratory infection",
        specialty: Family,
        diagnoses: &[&["J06.9", "J01.90", "J20.9"]],
        lines: &[line("99213", 12500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "low back pain",
        specialty: Family,
        diagnoses: &[&["M54.50", "M54.59", "M54.2"]],
        lines: &[line("99213", 12500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "annual physical",
        specialty: Family,
        diagnoses: &[&["Z00.00", "Z00.01"]],
        lines: &[
            line("99396", 24000, &[1]),
            line("36415", 1800, &[1]),
            line("80053", 4800, &[1]),
        ],
        coding_problem: None,
    },
    Visit {
        name: "flu vaccine",
        specialty: Family,
        diagnoses: &[&["Z23"]],
        lines: &[line("90686", 3800, &[1]), line("90471", 2800, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "chest pain",
        specialty: Family,
        diagnoses: &[&["R07.9", "R07.89"], &["I10"]],
        lines: &[line("99214", 18500, &[1, 2]), line("93000", 6500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "strep throat",
        specialty: Pediatrics,
        diagnoses: &[&["J02.0", "J02.9"], &["R50.9"]],
        lines: &[
            line("99213", 12500, &[1, 2]),
            LineTemplate {
                procedure: "87880",
                modifiers: &["QW"],
                charge: 2450,
                pointers: &[1],
            },
        ],
        coding_problem: None,
    },
    Visit {
        name: "well child",
        specialty: Pediatrics,
        diagnoses: &[&["Z00.129", "Z00.121"]],
        lines: &[line("99392", 18500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "ear infection",
        specialty: Pediatrics,
        diagnoses: &[&["H66.90", "H66.91", "H66.92", "H65.90"]],
        lines: &[line("99213", 12500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "asthma",
        specialty: Pediatrics,
        diagnoses: &[&["J45.20", "J45.30", "J45.909"]],
        lines: &[line("99214", 18500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "hip fracture",
        specialty: Orthopedics,
        diagnoses: &[&["S72.001A", "S72.002A", "S72.011A"]],
        lines: &[line("99204", 24500, &[1]), line("73502", 9500, &[1])],
        coding_problem: Some(("S72.001", "S72.001A")),
    },
    Visit {
        name: "knee osteoarthritis",
        specialty: Orthopedics,
        diagnoses: &[&["M17.11", "M17.12", "M17.0"]],
        lines: &[line("99213", 12500, &[1]), line("73562", 8500, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "ankle sprain",
        specialty: Orthopedics,
        diagnoses: &[&["S93.401A", "S93.402A", "S93.411A"]],
        lines: &[line("99203", 16000, &[1]), line("73610", 8000, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "hyperlipidemia",
        specialty: Internal,
        diagnoses: &[&["E78.5", "E78.2"], &["I10"]],
        lines: &[
            line("99214", 18500, &[1, 2]),
            line("80061", 5500, &[1]),
            line("36415", 1800, &[1]),
        ],
        coding_problem: None,
    },
    Visit {
        name: "chronic kidney disease",
        specialty: Internal,
        diagnoses: &[&["N18.30", "N18.31", "N18.32"], &["I12.9"]],
        lines: &[line("99214", 18500, &[1, 2]), line("80048", 4000, &[1])],
        coding_problem: None,
    },
    Visit {
        name: "COPD",
        specialty: Internal,
        diagnoses: &[&["J44.9", "J44.1"]],
        lines: &[line("99214", 18500, &[1]), line("94010", 6000, &[1])],
        coding_problem: None,
    },
];

/// The visits a practice of `specialty` sees.
pub fn visits_of(specialty: Specialty) -> Vec<&'static Visit> {
    VISITS.iter().filter(|v| v.specialty == specialty).collect()
}

/// The templates' diagnoses checked against the code set once: each listed code must be
/// billable, so the pools hold only codes the coding service accepts.
pub struct Diagnoses {
    code_set: &'static CodeSet,
    billable: HashMap<&'static str, bool>,
}

impl Diagnoses {
    pub fn new(code_set: &'static CodeSet) -> Diagnoses {
        let billable = VISITS
            .iter()
            .flat_map(|v| v.diagnoses.iter().flat_map(|slot| slot.iter()))
            .map(|code| (*code, code_set.validate(code).is_billable()))
            .collect();
        Diagnoses { code_set, billable }
    }

    /// Every template code that is not billable in the loaded code set (empty when sound).
    pub fn unbillable(&self) -> Vec<&'static str> {
        let mut codes: Vec<&str> = self
            .billable
            .iter()
            .filter(|(_, ok)| !**ok)
            .map(|(c, _)| *c)
            .collect();
        codes.sort_unstable();
        codes
    }

    /// One billable diagnosis per slot of `visit`, never two that Excludes1 forbids together.
    pub fn pick(&self, rng: &mut Rng, visit: &Visit) -> Vec<String> {
        let mut chosen: Vec<String> = Vec::new();
        for slot in visit.diagnoses {
            let usable: Vec<&str> = slot
                .iter()
                .copied()
                .filter(|code| self.billable.get(code).copied().unwrap_or(false))
                .filter(|code| {
                    chosen
                        .iter()
                        .all(|c| self.code_set.excludes1(c, code).is_none())
                })
                .collect();
            if !usable.is_empty() {
                chosen.push(rng.pick(&usable).to_string());
            }
        }
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_diagnosis_is_billable_and_the_planted_problems_are_not() {
        let code_set = CodeSet::embedded().unwrap();
        let diagnoses = Diagnoses::new(code_set);
        assert_eq!(diagnoses.unbillable(), Vec::<&str>::new());
        for visit in VISITS {
            if let Some((wrong, right)) = visit.coding_problem {
                assert!(!code_set.validate(wrong).is_billable(), "{wrong}");
                assert!(code_set.validate(right).is_billable(), "{right}");
            }
            let mut rng = Rng::new(1);
            assert_eq!(
                diagnoses.pick(&mut rng, visit).len(),
                visit.diagnoses.len(),
                "{}",
                visit.name
            );
            for line in visit.lines {
                assert!(line
                    .pointers
                    .iter()
                    .all(|p| usize::from(*p) <= visit.diagnoses.len()));
            }
        }
    }

    #[test]
    fn every_specialty_has_visits() {
        for specialty in [Family, Pediatrics, Orthopedics, Internal] {
            assert!(!visits_of(specialty).is_empty());
        }
    }
}
