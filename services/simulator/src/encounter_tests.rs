//! The generated encounters checked by the system's own intake, coverage and coding rules
//! (the services' pure parts, as dev-dependencies): what the simulator predicts for each
//! encounter is what the system decides.

use chrono::NaiveDate;
use claims_coding::rules::{check_claim, Reference};
use claims_payers::PayerRegistry;
use claims_registration::intake::{
    check_coverage, parse_eligibility, parse_encounter, CoverageCheck,
};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

#[test]
fn intake_coverage_and_coding_decide_what_the_generator_predicts() {
    let code_set = CodeSet::embedded().unwrap();
    let generator = Generator::new(2026, code_set, ProblemShares::default());
    let payers = PayerRegistry::sample();
    let reference = Reference::embedded().unwrap();
    let mut seen = std::collections::HashMap::new();
    for number in 0..600 {
        let generated = generator.encounter(number, today());
        *seen.entry(format!("{:?}", generated.intake)).or_insert(0) += 1;
        let partner: PartnerId = generated.partner.parse().unwrap();
        let bytes = serde_json::to_vec(&generated.encounter).unwrap();
        let parsed = parse_encounter(&partner, &bytes, today(), &payers);
        if generated.intake == Intake::InvalidNpi {
            let problems = parsed.expect_err("a mistyped NPI is refused");
            assert!(
                problems.iter().all(|p| p.code == "npi.checksum"),
                "{problems:?}"
            );
            continue;
        }
        let encounter = parsed.unwrap_or_else(|p| {
            panic!("encounter {number} refused: {p:?}\n{}", generated.encounter)
        });
        assert_eq!(
            ClaimId::for_encounter(&partner, &encounter.encounter_id),
            generated.claim_id
        );
        let record =
            parse_eligibility(&serde_json::to_vec(&generated.eligibility).unwrap()).unwrap();
        let coverage = check_coverage(&encounter, Some(&record));
        match generated.intake {
            Intake::Lapsed => assert!(
                matches!(coverage, CoverageCheck::Lapsed { .. }),
                "{coverage:?}"
            ),
            _ => assert!(
                matches!(coverage, CoverageCheck::Confirmed { .. }),
                "{number}: {coverage:?}"
            ),
        }
        let issues = check_claim(&encounter.coding, encounter.service_date, &reference);
        match generated.intake {
            Intake::CodingProblem => assert!(!issues.is_empty()),
            Intake::Clean => assert!(issues.is_empty(), "{number}: {issues:?}"),
            // Coding never sees a claim whose coverage lapsed.
            _ => {}
        }
        assert_eq!(encounter.coding.total_charge().0, generated.charge_cents);
    }
    for kind in ["Clean", "InvalidNpi", "CodingProblem", "Lapsed"] {
        assert!(seen.get(kind).copied().unwrap_or(0) > 3, "{seen:?}");
    }
}

#[test]
fn the_same_seed_gives_the_same_traffic() {
    let code_set = CodeSet::embedded().unwrap();
    let a = Generator::new(7, code_set, ProblemShares::default());
    let b = Generator::new(7, code_set, ProblemShares::default());
    for number in 0..50 {
        assert_eq!(
            a.encounter(number, today()).encounter,
            b.encounter(number, today()).encounter
        );
    }
    let other = Generator::new(8, code_set, ProblemShares::default());
    assert_ne!(
        a.encounter(1, today()).encounter,
        other.encounter(1, today()).encounter
    );
}
