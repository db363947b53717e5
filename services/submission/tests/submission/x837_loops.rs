//! What each claim shape puts in its loops: the subscriber / patient hierarchy, the
//! diagnoses, the modifiers, corrections and voids, the prior payer of a secondary claim,
//! and names cleaned of delimiters.
//!
//! The secondary claim is also compared whole with `tests/fixtures/x837-secondary.837`, a
//! reviewed example of the writer's output kept as documentation. After a deliberate change
//! to the writer, run the tests with `X837_BLESS=1` to rewrite it, and review the diff.

use crate::x837_support::*;
use claims_submission::x837::{write_batch, Usage};

/// The segments of one scenario's batch, one string each, without terminators.
fn written(scenario: &Scenario) -> Vec<String> {
    let batch = write_batch(
        &submitter(),
        &receiver(),
        control(),
        created(),
        Usage::Test,
        &[scenario.bill()],
    )
    .expect("the scenario is billable");
    batch
        .text
        .lines()
        .map(|l| l.trim_end_matches('~').to_owned())
        .collect()
}

fn has(segments: &[String], segment: &str) -> bool {
    segments.iter().any(|s| s == segment)
}

fn starting(segments: &[String], prefix: &str) -> Vec<String> {
    segments
        .iter()
        .filter(|s| s.starts_with(prefix))
        .cloned()
        .collect()
}

#[test]
fn a_patient_who_is_the_insured_is_described_in_2010ba_and_has_no_2000c() {
    let s = written(&self_patient());
    assert!(has(&s, "HL*2*1*22*0"));
    assert!(has(&s, "SBR*P*18*******MB"));
    assert!(has(&s, "NM1*IL*1*EXAMPLE*ADA****MI*1EG4TE5MK73"));
    assert!(has(&s, "DMG*D8*19610409*F"));
    assert!(!s
        .iter()
        .any(|x| x.starts_with("HL*3") || x.starts_with("PAT")));
    assert!(has(
        &s,
        "NM1*85*2*SPRINGFIELD FAMILY PRACTICE*****XX*1234567893"
    ));
    assert!(has(&s, "NM1*82*1*HOPPER*GRACE****XX*1245319599"));
    assert!(!s.iter().any(|x| x.starts_with("REF*F8")));
}

#[test]
fn a_dependent_is_described_in_2010ca_under_the_insured() {
    let s = written(&dependent_child());
    let from = |prefix: &str| s.iter().position(|x| x.starts_with(prefix));
    assert!(has(&s, "HL*2*1*22*1"));
    assert!(has(&s, "SBR*P**GRP-4410******CI"));
    assert!(has(&s, "NM1*IL*1*EXAMPLE*ADA****MI*PHP778899001"));
    assert!(has(&s, "HL*3*2*23*0"));
    assert!(has(&s, "PAT*19"));
    assert!(has(&s, "NM1*QC*1*EXAMPLE*TIM"));
    assert_eq!(
        starting(&s, "DMG"),
        ["DMG*D8*20160714*M"],
        "only the patient's"
    );
    assert!(from("NM1*PR") < from("HL*3") && from("HL*3") < from("CLM"));
}

#[test]
fn hi_carries_twelve_diagnoses_principal_first_without_dots() {
    let s = written(&twelve_diagnoses());
    assert_eq!(
        starting(&s, "HI*"),
        ["HI*ABK:E119*ABF:I10*ABF:E785*ABF:J45909*ABF:M5450*ABF:K219*ABF:F411*ABF:G4733*ABF:N1830*ABF:E669*ABF:Z794*ABF:S72001A"]
    );
    assert!(has(&s, "SV1*HC:93000*55*UN*1***12:11:10:9"));
}

#[test]
fn lines_carry_modifiers_units_pointers_and_their_own_dates() {
    let s = written(&four_modifiers());
    assert!(has(&s, "SV1*HC:20610:RT:59:GA:XS*220*UN*1***1:2"));
    let s = written(&several_lines());
    assert_eq!(
        starting(&s, "LX*"),
        ["LX*1", "LX*2", "LX*3", "LX*4", "LX*5"]
    );
    assert!(has(&s, "SV1*HC:J1100*12.25*UN*3***2"));
    assert_eq!(
        starting(&s, "DTP*472"),
        [
            "DTP*472*D8*20261120",
            "DTP*472*D8*20261120",
            "DTP*472*D8*20261121",
            "DTP*472*D8*20261120",
            "DTP*472*D8*20261120"
        ]
    );
    let clm = format!("CLM*{}*278.75***11:B:1*Y*A*Y*Y", several_lines().claim_id());
    assert!(has(&s, &clm), "CLM02 is the sum of the five lines");
}

#[test]
fn corrections_and_voids_name_the_payers_claim() {
    let s = written(&corrected());
    assert!(s
        .iter()
        .any(|x| x.starts_with("CLM*") && x.contains("*11:B:7*")));
    assert!(has(&s, "REF*F8*2026330123456"));
    let s = written(&void());
    assert!(s
        .iter()
        .any(|x| x.starts_with("CLM*") && x.contains("*11:B:8*")));
    assert!(has(&s, "REF*F8*2026330654321"));
}

#[test]
fn a_secondary_claim_reports_the_primarys_adjudication() {
    let s = written(&secondary());
    assert!(has(&s, "SBR*S*18*MEDIGAP-F******CI"));
    let cob = [
        "SBR*P*18*******MB",
        "CAS*CO*253*2",
        "AMT*D*98",
        "OI***Y***Y",
        "NM1*IL*1*EXAMPLE*ADA****MI*1EG4TE5MK73",
        "NM1*PR*2*MEDICARE PART B ILLINOIS*****PI*00952",
        "LX*1",
    ];
    let start = s.iter().position(|x| x == cob[0]).expect("2320 is written");
    assert_eq!(s[start..start + cob.len()], cob);
    let line = [
        "SVD*00952*100*HC:99213:25**1",
        "CAS*CO*45*15",
        "CAS*PR*2*10",
        "DTP*573*D8*20261210",
    ];
    let start = s
        .iter()
        .position(|x| x == line[0])
        .expect("2430 is written");
    assert_eq!(s[start..start + line.len()], line);
    assert!(has(&s, "SVD*00952*0*HC:82947**1"));
}

#[test]
fn a_prior_payer_without_line_detail_dates_its_adjudication_in_2330b() {
    let s = written(&secondary_dependent());
    let cob = [
        "SBR*P*19*GRP-4410******CI",
        "CAS*CO*253*2",
        "CAS*PR*3*43",
        "AMT*D*98",
        "OI***Y***Y",
        "NM1*IL*1*EXAMPLE*ADA****MI*PHP778899001",
        "NM1*PR*2*PRAIRIE HEALTH PLAN*****PI*PHP01",
        "DTP*573*D8*20261210",
        "LX*1",
    ];
    let start = s.iter().position(|x| x == cob[0]).expect("2320 is written");
    assert_eq!(s[start..start + cob.len()], cob);
    assert!(starting(&s, "SVD").is_empty());
    assert!(has(&s, "SBR*S********BL"));
}

#[test]
fn delimiters_in_names_become_spaces() {
    let s = written(&delimiter_in_name());
    assert!(has(&s, "NM1*QC*1*O'NEIL SMITH JR*MARY ANN LOU"));
    assert!(has(&s, "N3*12 ELM ST APT 4 B"));
    assert!(has(&s, "NM1*IL*1*MULLER SMITH*ADA****MI*PHP778899001"));
    assert!(has(
        &s,
        "NM1*85*2*SPRINGFIELD FAMILY PRACTICE*****XX*1234567893"
    ));
}

#[test]
fn no_2310b_when_the_billing_provider_rendered_the_care() {
    let mut scenario = self_patient();
    if let Some(rendering) = &mut scenario.encounter.rendering_provider {
        rendering.npi = scenario.encounter.billing_provider.npi.clone();
    }
    assert!(!written(&scenario).iter().any(|x| x.starts_with("NM1*82")));
    scenario.encounter.rendering_provider = None;
    assert!(!written(&scenario).iter().any(|x| x.starts_with("NM1*82")));
}

#[test]
fn the_secondary_example_in_fixtures_is_what_the_writer_writes() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/x837-secondary.837");
    let text = written(&secondary()).join("~\n") + "~\n";
    if std::env::var_os("X837_BLESS").is_some() {
        std::fs::write(&path, &text).expect("the fixture is writable");
    }
    let fixture = std::fs::read_to_string(&path).expect("the fixture exists");
    assert_eq!(
        text, fixture,
        "the writer's output changed; see the module doc"
    );
}
