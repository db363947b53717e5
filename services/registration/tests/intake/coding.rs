//! The codes and charges of an encounter as an 837P can carry them: 1 to 12 ICD-10-CM
//! diagnoses listed once, 1 to 50 lines, CPT/HCPCS procedures with up to 4 modifiers,
//! 1 to 999 units, positive charges in cents, and 1 to 4 pointers at listed diagnoses.

use crate::helpers::*;
use claims_events::Cents;
use serde_json::{json, Value};

fn line(pointers: Value) -> Value {
    json!({"procedure": "99213", "units": 1, "charge": "10.00", "diagnosis_pointers": pointers})
}

#[test]
fn given_no_diagnoses_or_more_than_twelve_when_parsed_then_the_count_is_refused() {
    let doc = with(contract_example(), "/diagnoses", json!([]));
    assert_eq!(rejected(&doc), vec![at("$.diagnoses", "diagnoses.count")]);
    let thirteen: Vec<String> = (0..13).map(|i| format!("R{:02}.9", 50 + i)).collect();
    let doc = with(contract_example(), "/diagnoses", json!(thirteen));
    assert_eq!(rejected(&doc), vec![at("$.diagnoses", "diagnoses.count")]);
    assert!(parse(&with(
        contract_example(),
        "/diagnoses",
        json!(thirteen[..12])
    ))
    .is_ok());
}

#[test]
fn given_a_diagnosis_that_is_not_icd10_shaped_when_parsed_then_it_is_refused() {
    let doc = with(contract_example(), "/diagnoses/1", json!("110"));
    assert_eq!(
        rejected(&doc),
        vec![at("$.diagnoses[1]", "diagnosis.format")]
    );
    let doc = with(contract_example(), "/diagnoses/0", json!(250.0));
    assert_eq!(rejected(&doc), vec![at("$.diagnoses[0]", "field.type")]);
}

#[test]
fn given_diagnoses_in_any_accepted_spelling_when_parsed_then_they_are_canonical() {
    let encounter = parse(&with(contract_example(), "/diagnoses/0", json!("e119"))).expect("valid");
    assert_eq!(encounter.coding.diagnoses[0].as_str(), "E11.9");
}

#[test]
fn given_the_same_diagnosis_twice_when_parsed_then_the_repeat_is_refused() {
    let doc = with(
        contract_example(),
        "/diagnoses",
        json!(["E11.9", "I10", "E119"]),
    );
    let problems = problems(&doc);
    assert_eq!(
        (problems[0].path.as_str(), problems[0].code.as_str()),
        ("$.diagnoses[2]", "diagnosis.duplicate")
    );
    assert!(
        problems[0].message.contains("diagnoses[0]"),
        "{}",
        problems[0].message
    );
}

#[test]
fn given_no_lines_or_more_than_fifty_when_parsed_then_the_count_is_refused() {
    assert_eq!(
        rejected(&with(contract_example(), "/lines", json!([]))),
        vec![at("$.lines", "lines.count")]
    );
    let lines: Vec<Value> = (0..51).map(|_| line(json!([1]))).collect();
    assert_eq!(
        rejected(&with(contract_example(), "/lines", json!(lines))),
        vec![at("$.lines", "lines.count")]
    );
    assert!(parse(&with(contract_example(), "/lines", json!(lines[..50]))).is_ok());
}

#[test]
fn given_a_procedure_that_is_not_cpt_or_hcpcs_shaped_when_parsed_then_it_is_refused() {
    for bad in ["9921", "W1234", "99213-25", ""] {
        let doc = with(contract_example(), "/lines/0/procedure", json!(bad));
        assert_eq!(
            rejected(&doc),
            vec![at("$.lines[0].procedure", "procedure.format")],
            "{bad:?}"
        );
    }
    for good in ["G0439", "0001F", "0042T", "j1100"] {
        assert!(
            parse(&with(contract_example(), "/lines/0/procedure", json!(good))).is_ok(),
            "{good}"
        );
    }
}

#[test]
fn given_more_than_four_or_malformed_modifiers_when_parsed_then_they_are_refused() {
    let doc = with(
        contract_example(),
        "/lines/0/modifiers",
        json!(["25", "59", "XS", "LT", "RT"]),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[0].modifiers", "modifiers.count")]
    );
    let doc = with(
        contract_example(),
        "/lines/0/modifiers",
        json!(["25", "5", "XS9"]),
    );
    assert_eq!(
        rejected(&doc),
        vec![
            at("$.lines[0].modifiers[1]", "modifier.format"),
            at("$.lines[0].modifiers[2]", "modifier.format")
        ]
    );
    let encounter = parse(&with(
        contract_example(),
        "/lines/0/modifiers",
        json!(["25", "59", "xs", "LT"]),
    ))
    .expect("four");
    assert_eq!(encounter.coding.lines[0].modifiers[2].as_str(), "XS");
}

#[test]
fn given_units_outside_one_to_999_when_parsed_then_they_are_refused() {
    for bad in [json!(0), json!(1000), json!(-1)] {
        let doc = with(contract_example(), "/lines/0/units", bad.clone());
        assert_eq!(
            rejected(&doc),
            vec![at("$.lines[0].units", "units.range")],
            "{bad}"
        );
    }
    for bad in [json!(1.5), json!("1")] {
        let doc = with(contract_example(), "/lines/0/units", bad.clone());
        assert_eq!(
            rejected(&doc),
            vec![at("$.lines[0].units", "field.type")],
            "{bad}"
        );
    }
    assert_eq!(
        parse(&with(contract_example(), "/lines/0/units", json!(999)))
            .expect("max")
            .coding
            .lines[0]
            .units,
        999
    );
    assert_eq!(
        parse(&with(contract_example(), "/lines/0/units", json!(2.0)))
            .expect("2.0 is whole")
            .coding
            .lines[0]
            .units,
        2
    );
}

#[test]
fn given_charges_when_parsed_then_they_are_exact_cents() {
    for (text, cents) in [
        ("125", 12500),
        ("18.5", 1850),
        (".75", 75),
        ("9999999999.99", 999_999_999_999),
    ] {
        let encounter =
            parse(&with(contract_example(), "/lines/1/charge", json!(text))).expect(text);
        assert_eq!(encounter.coding.lines[1].charge, Cents(cents), "{text}");
    }
}

#[test]
fn given_a_bad_charge_when_parsed_then_the_rule_it_breaks_is_named() {
    let cases = [
        (json!("18.005"), "money.decimals"),
        (json!("$18.00"), "money.format"),
        (json!("1,800.00"), "money.format"),
        (json!("18."), "money.format"),
        (json!("0.00"), "money.not_positive"),
        (json!("-18.00"), "money.not_positive"),
        (json!("12345678901.00"), "money.range"),
        (json!(18.0), "field.type"),
    ];
    for (charge, code) in cases {
        let doc = with(contract_example(), "/lines/1/charge", charge.clone());
        assert_eq!(
            rejected(&doc),
            vec![at("$.lines[1].charge", code)],
            "{charge}"
        );
    }
}

#[test]
fn given_pointers_outside_the_diagnosis_list_when_parsed_then_they_are_refused() {
    for bad in [json!(3), json!(0), json!(13), json!(-1)] {
        let doc = with(
            contract_example(),
            "/lines/0/diagnosis_pointers",
            json!([1, bad]),
        );
        assert_eq!(
            rejected(&doc),
            vec![at("$.lines[0].diagnosis_pointers[1]", "pointer.range")],
            "{bad}"
        );
    }
}

#[test]
fn given_no_pointers_or_more_than_four_when_parsed_then_the_count_is_refused() {
    let doc = with(
        contract_example(),
        "/diagnoses",
        json!(["E11.9", "I10", "E78.5", "Z79.4", "R73.9"]),
    );
    let doc = with(doc, "/lines/0/diagnosis_pointers", json!([1, 2, 3, 4, 5]));
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[0].diagnosis_pointers", "pointers.count")]
    );
    let doc = with(contract_example(), "/lines/1/diagnosis_pointers", json!([]));
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[1].diagnosis_pointers", "pointers.count")]
    );
}

#[test]
fn given_a_pointer_repeated_on_a_line_when_parsed_then_it_is_refused() {
    let doc = with(
        contract_example(),
        "/lines/0/diagnosis_pointers",
        json!([2, 2]),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[0].diagnosis_pointers[1]", "pointer.duplicate")]
    );
}

#[test]
fn given_a_bad_diagnosis_when_parsed_then_pointers_at_it_are_not_reported_again() {
    let doc = with(contract_example(), "/diagnoses/1", json!("I-10"));
    assert_eq!(
        rejected(&doc),
        vec![at("$.diagnoses[1]", "diagnosis.format")]
    );
}

#[test]
fn given_a_line_date_of_service_when_parsed_then_it_is_kept_unless_in_the_future() {
    let doc = with(
        contract_example(),
        "/lines/1/service_date",
        json!("2026-11-21"),
    );
    assert_eq!(
        parse(&doc).expect("valid").coding.lines[1].service_date,
        Some(date("2026-11-21"))
    );
    let doc = with(
        contract_example(),
        "/lines/1/service_date",
        json!("2026-12-02"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[1].service_date", "date.future")]
    );
    let doc = with(
        contract_example(),
        "/lines/1/service_date",
        json!("2026-13-01"),
    );
    assert_eq!(
        rejected(&doc),
        vec![at("$.lines[1].service_date", "date.invalid")]
    );
}

#[test]
fn given_problems_on_several_lines_when_parsed_then_each_line_is_reported() {
    let doc = with(contract_example(), "/lines/0/units", json!(0));
    let doc = with(doc, "/lines/1/procedure", json!("X"));
    assert_eq!(
        rejected(&doc),
        vec![
            at("$.lines[0].units", "units.range"),
            at("$.lines[1].procedure", "procedure.format")
        ]
    );
}
