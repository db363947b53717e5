//! Shared givens for the intake tests: the contract's example encounter as JSON, ways to
//! change one field of it, and the problems parsing it yields. Included by each
//! `intake_*.rs` test with `#[path]`; compiled on its own it holds no tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use claims_events::{Encounter, PartnerId};
use claims_payers::PayerRegistry;
use claims_registration::intake::{parse_encounter, Problem};
use serde_json::{json, Value};

/// The clock every test runs at: a few days after the example's date of service.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("a real date")
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("test dates are real")
}

pub fn partner() -> PartnerId {
    "springfield-fp".parse().expect("a valid partner id")
}

/// The encounter of CONTRACTS.md, exactly as published.
pub fn contract_example() -> Value {
    json!({
      "schema": "encounter/v1",
      "encounter_id": "ENC-2026-000123",
      "service_date": "2026-11-20",
      "place_of_service": "11",
      "patient": {
        "first_name": "Ada", "last_name": "Example", "birth_date": "1961-04-09", "sex": "F",
        "address": {"line1": "1 Main St", "city": "Springfield", "state": "IL", "zip": "62701"}
      },
      "subscriber": {"relationship": "self", "member_id": "1EG4TE5MK73"},
      "coverage": {"payer_id": "medicare-il", "plan": "Medicare Part B", "priority": "primary"},
      "billing_provider": {
        "npi": "1234567893", "name": "Springfield Family Practice", "tax_id": "371234567",
        "taxonomy": "207Q00000X",
        "address": {"line1": "200 Clinic Rd", "city": "Springfield", "state": "IL", "zip": "627011234"}
      },
      "rendering_provider": {"npi": "1245319599", "first_name": "Grace", "last_name": "Hopper"},
      "diagnoses": ["E11.9", "I10"],
      "lines": [
        {"procedure": "99213", "modifiers": ["25"], "units": 1, "charge": "125.00", "diagnosis_pointers": [1, 2]},
        {"procedure": "82947", "units": 1, "charge": "18.00", "diagnosis_pointers": [1]}
      ]
    })
}

/// A child on a parent's Blue Cross plan, with a second parent's Aetna plan as secondary.
pub fn dependent_example() -> Value {
    let parent = |first: &str, birth: &str, sex: &str| {
        json!({"first_name": first, "last_name": "Example", "birth_date": birth, "sex": sex,
               "address": {"line1": "1 Main St", "city": "Springfield", "state": "IL", "zip": "62701"}})
    };
    let mut subscriber = parent("Tom", "1984-02-29", "M");
    merge(
        &mut subscriber,
        json!({"relationship": "child", "member_id": "XOF912345678", "group_number": "GRP-004417"}),
    );
    let mut secondary = parent("Maria", "1986-05-02", "F");
    merge(
        &mut secondary,
        json!({"relationship": "child", "member_id": "W123456789"}),
    );
    let mut doc = contract_example();
    merge(
        &mut doc,
        json!({
            "patient": {"first_name": "Lily", "last_name": "Example", "birth_date": "2016-08-14", "sex": "F",
                        "address": {"line1": "1 Main St", "city": "Springfield", "state": "IL", "zip": "62701"}},
            "subscriber": subscriber,
            "coverage": {"payer_id": "bluecross-il", "plan": "Blue Choice PPO", "priority": "primary"},
            "secondary_coverage": {"payer_id": "aetna", "plan": "Aetna Open Access", "priority": "secondary"},
            "secondary_subscriber": secondary,
        }),
    );
    doc
}

fn merge(target: &mut Value, fields: Value) {
    if let (Value::Object(target), Value::Object(fields)) = (target, fields) {
        target.extend(fields);
    }
}

/// `doc` with the value at a JSON pointer (`/lines/1/charge`) replaced or added.
pub fn with(mut doc: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    match doc.pointer_mut(parent).expect("the parent exists") {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().expect("an index")] = value,
        other => panic!("cannot set {key} in {other}"),
    }
    doc
}

/// `doc` without the field at a JSON pointer.
pub fn without(mut doc: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
        map.remove(key);
    }
    doc
}

pub fn parse(doc: &Value) -> Result<Encounter, Vec<Problem>> {
    parse_encounter(
        &partner(),
        doc.to_string().as_bytes(),
        today(),
        &PayerRegistry::sample(),
    )
}

/// The problems of a document that must be rejected.
pub fn problems(doc: &Value) -> Vec<Problem> {
    match parse(doc) {
        Ok(_) => panic!("expected a rejection"),
        Err(problems) => problems,
    }
}

/// The (path, code) pairs of a rejected document: what most tests check.
pub fn rejected(doc: &Value) -> Vec<(String, String)> {
    problems(doc)
        .into_iter()
        .map(|p| (p.path, p.code))
        .collect()
}

/// One expected (path, code) pair.
pub fn at(path: &str, code: &str) -> (String, String) {
    (path.to_owned(), code.to_owned())
}
