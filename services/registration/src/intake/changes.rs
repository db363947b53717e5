//! Which fields of an encounter an amendment changed, in the contract's own paths.
//!
//! `EncounterAmended` carries the new encounter whole and, for the audit trail and the
//! operator who asks "what did the practice change?", the JSON paths that differ
//! (`$.lines[1].charge`, `$.patient.address.zip`). Both encounters are rendered as
//! `encounter/v1` documents and compared leaf by leaf, so the paths are the ones the
//! practice's own system uses.

use claims_events::Encounter;
use serde_json::Value;

use super::document::encounter_document;

/// The JSON paths at which `new` differs from `old`: leaves that changed, and whole fields
/// or list entries that were added or removed. Keys are listed in alphabetical order
/// within each object, list entries in order. Empty when nothing in the document changed.
pub fn encounter_changes(old: &Encounter, new: &Encounter) -> Vec<String> {
    let mut changed = Vec::new();
    diff(
        "$",
        &encounter_document(old),
        &encounter_document(new),
        &mut changed,
    );
    changed
}

fn diff(path: &str, old: &Value, new: &Value, changed: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&child, x, y, changed),
                    _ => changed.push(child),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let child = format!("{path}[{i}]");
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => diff(&child, x, y, changed),
                    _ => changed.push(child),
                }
            }
        }
        _ if old != new => changed.push(path.to_owned()),
        _ => {}
    }
}
