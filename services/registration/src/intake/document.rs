//! An [`Encounter`] written back as the `encounter/v1` document it was parsed from.
//!
//! Partners, operators and the audit trail speak in the contract's field names
//! (`$.lines[1].charge`), not in Rust's (`coding.lines[1].charge`). Rendering an encounter
//! in those terms is what lets amendments name the fields that changed in a partner's
//! words, and it is the inverse of [`super::parse_encounter`]: parsing the rendering of an
//! encounter gives the same encounter back (tested).

use claims_events::{Address, Coverage, Encounter, Person, Sex, Subscriber};
use serde_json::{json, Map, Value};

use super::coverage::PRIORITIES;
use super::encounter::ENCOUNTER_SCHEMA;
use super::subscriber::RELATIONSHIPS;

/// The encounter as an `encounter/v1` JSON document; optional fields that are not set are
/// left out, not written as `null`.
pub fn encounter_document(encounter: &Encounter) -> Value {
    let mut doc = Map::new();
    doc.insert("schema".into(), ENCOUNTER_SCHEMA.into());
    doc.insert("encounter_id".into(), encounter.encounter_id.clone().into());
    doc.insert(
        "service_date".into(),
        encounter.service_date.to_string().into(),
    );
    doc.insert(
        "place_of_service".into(),
        encounter.place_of_service.clone().into(),
    );
    doc.insert("patient".into(), Value::Object(person(&encounter.patient)));
    doc.insert("subscriber".into(), subscriber(&encounter.subscriber));
    doc.insert("coverage".into(), coverage(&encounter.coverage));
    if let Some(secondary) = &encounter.secondary_coverage {
        doc.insert("secondary_coverage".into(), coverage(secondary));
    }
    if let Some(secondary) = &encounter.secondary_subscriber {
        doc.insert("secondary_subscriber".into(), subscriber(secondary));
    }
    let billing = &encounter.billing_provider;
    doc.insert(
        "billing_provider".into(),
        json!({
            "npi": billing.npi.as_str(), "name": billing.name, "tax_id": billing.tax_id,
            "taxonomy": billing.taxonomy, "address": address(&billing.address),
        }),
    );
    if let Some(rendering) = &encounter.rendering_provider {
        doc.insert(
            "rendering_provider".into(),
            json!({"npi": rendering.npi.as_str(), "first_name": rendering.first_name, "last_name": rendering.last_name}),
        );
    }
    let diagnoses: Vec<&str> = encounter
        .coding
        .diagnoses
        .iter()
        .map(|code| code.as_str())
        .collect();
    doc.insert("diagnoses".into(), json!(diagnoses));
    let lines = encounter.coding.lines.iter().map(|line| {
        let mut out = Map::new();
        out.insert("procedure".into(), line.procedure.as_str().into());
        if !line.modifiers.is_empty() {
            let modifiers: Vec<&str> = line.modifiers.iter().map(|m| m.as_str()).collect();
            out.insert("modifiers".into(), json!(modifiers));
        }
        out.insert("units".into(), line.units.into());
        out.insert("charge".into(), line.charge.to_decimal_string().into());
        out.insert("diagnosis_pointers".into(), json!(line.diagnosis_pointers));
        if let Some(date) = line.service_date {
            out.insert("service_date".into(), date.to_string().into());
        }
        Value::Object(out)
    });
    doc.insert("lines".into(), Value::Array(lines.collect()));
    Value::Object(doc)
}

fn person(person: &Person) -> Map<String, Value> {
    let sex = match person.sex {
        Sex::Female => "F",
        Sex::Male => "M",
        Sex::Unknown => "U",
    };
    let mut out = Map::new();
    out.insert("first_name".into(), person.first_name.clone().into());
    out.insert("last_name".into(), person.last_name.clone().into());
    out.insert("birth_date".into(), person.birth_date.to_string().into());
    out.insert("sex".into(), sex.into());
    out.insert("address".into(), address(&person.address));
    out
}

fn address(address: &Address) -> Value {
    let mut out = Map::new();
    out.insert("line1".into(), address.line1.clone().into());
    if let Some(line2) = &address.line2 {
        out.insert("line2".into(), line2.clone().into());
    }
    out.insert("city".into(), address.city.clone().into());
    out.insert("state".into(), address.state.clone().into());
    out.insert("zip".into(), address.zip.clone().into());
    Value::Object(out)
}

fn subscriber(subscriber: &Subscriber) -> Value {
    let relationship = RELATIONSHIPS
        .iter()
        .find(|(_, r)| *r == subscriber.relationship)
        .map_or("other", |(word, _)| *word);
    let mut out = subscriber.person.as_ref().map(person).unwrap_or_default();
    out.insert("relationship".into(), relationship.into());
    out.insert("member_id".into(), subscriber.member_id.clone().into());
    if let Some(group) = &subscriber.group_number {
        out.insert("group_number".into(), group.clone().into());
    }
    Value::Object(out)
}

fn coverage(coverage: &Coverage) -> Value {
    let priority = PRIORITIES
        .iter()
        .find(|(_, order)| *order == coverage.order)
        .map_or("primary", |(word, _)| *word);
    json!({"payer_id": coverage.payer_id.as_str(), "plan": coverage.plan, "priority": priority})
}
