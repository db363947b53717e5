//! What an amendment changed, in the contract's own paths: nothing for the same encounter,
//! leaves for changed values, whole fields and list entries for added or removed ones.

use crate::helpers::*;
use claims_events::{sample, Cents};
use claims_registration::intake::encounter_changes;

#[test]
fn given_the_same_encounter_when_compared_then_nothing_changed() {
    let encounter = sample::encounter("p", "e");
    assert!(encounter_changes(&encounter, &encounter.clone()).is_empty());
}

#[test]
fn given_a_corrected_charge_and_zip_when_compared_then_their_paths_are_listed() {
    let old = sample::encounter("p", "e");
    let mut new = old.clone();
    new.coding.lines[1].charge = Cents(1850);
    new.patient.address.zip = "627019999".into();
    assert_eq!(
        encounter_changes(&old, &new),
        vec!["$.lines[1].charge", "$.patient.address.zip"]
    );
}

#[test]
fn given_added_and_removed_parts_when_compared_then_the_whole_part_is_listed() {
    let old = sample::encounter("p", "e");
    let dependent = parse(&dependent_example()).expect("valid");
    let mut new = old.clone();
    new.rendering_provider = None;
    new.secondary_coverage = dependent.secondary_coverage;
    new.coding.lines.push(old.coding.lines[0].clone());
    new.coding.diagnoses.pop();
    assert_eq!(
        encounter_changes(&old, &new),
        vec![
            "$.diagnoses[1]",
            "$.lines[2]",
            "$.rendering_provider",
            "$.secondary_coverage"
        ]
    );
}

#[test]
fn given_a_new_modifier_and_line_date_when_compared_then_the_line_fields_are_listed() {
    let old = sample::encounter("p", "e");
    let mut new = old.clone();
    new.coding.lines[1]
        .modifiers
        .push("QW".parse().expect("modifier"));
    new.coding.lines[0].service_date = Some(date("2026-11-19"));
    new.coverage.plan = "Medicare Part B (Railroad)".into();
    assert_eq!(
        encounter_changes(&old, &new),
        vec![
            "$.coverage.plan",
            "$.lines[0].service_date",
            "$.lines[1].modifiers"
        ]
    );
}
