//! A lenient walk over a parsed JSON document that records problems instead of stopping.
//!
//! A derived `Deserialize` stops at the first bad field, so a practice would fix one problem
//! per round trip. Walking a `serde_json::Value` instead, every field is read on its own:
//! a missing or mistyped field is recorded with its JSON path and the walk goes on. Absent
//! and `null` mean the same thing throughout: "not sent".

use serde_json::Value;

use super::problem::{Problem, Problems};

/// The document as a whole, or a single `json.syntax` problem naming line and column.
pub(crate) fn parse_document(json: &[u8]) -> Result<Value, Vec<Problem>> {
    serde_json::from_slice(json).map_err(|e| {
        vec![Problem {
            path: "$".into(),
            code: "json.syntax".into(),
            message: format!(
                "the message is not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        }]
    })
}

/// A place in the document: its JSON path, and its value if one was sent.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    path: String,
    value: Option<&'a Value>,
}

impl<'a> Node<'a> {
    pub fn root(value: &'a Value) -> Node<'a> {
        Node {
            path: "$".into(),
            value: Some(value),
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// The field's own name, for messages: `charge` for `$.lines[1].charge`.
    pub fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }

    /// True if the field was sent with a value other than `null`.
    pub fn is_present(&self) -> bool {
        self.value.is_some()
    }

    /// `Some(self)` if the field was sent: how optional fields are read.
    pub fn present(self) -> Option<Node<'a>> {
        self.value.map(|_| self)
    }

    pub fn field(&self, key: &str) -> Node<'a> {
        let value = self.value.and_then(|v| v.get(key)).filter(|v| !v.is_null());
        Node {
            path: child_path(&self.path, key),
            value,
        }
    }

    fn index(&self, i: usize) -> Node<'a> {
        let value = self.value.and_then(|v| v.get(i)).filter(|v| !v.is_null());
        Node {
            path: format!("{}[{i}]", self.path),
            value,
        }
    }

    /// The value, or a `field.missing` problem.
    pub fn required(&self, problems: &mut Problems) -> Option<&'a Value> {
        if self.value.is_none() {
            problems.push(
                &self.path,
                "field.missing",
                format!("{} is required", self.name()),
            );
        }
        self.value
    }

    fn wrong_type(&self, expected: &str, problems: &mut Problems) {
        problems.push(
            &self.path,
            "field.type",
            format!("{} must be {expected}", self.name()),
        );
    }

    /// Checks that the field is an object and reports each key outside `known` as
    /// `field.unknown`: a misspelt optional field would otherwise vanish without a word.
    /// `None` (with a problem recorded) if it is missing or not an object.
    pub fn object(&self, known: &[&str], problems: &mut Problems) -> Option<()> {
        let Value::Object(map) = self.required(problems)? else {
            self.wrong_type("an object", problems);
            return None;
        };
        for key in map.keys().filter(|key| !known.contains(&key.as_str())) {
            problems.push(
                &child_path(&self.path, key),
                "field.unknown",
                format!(
                    "{key} is not a field here; expected one of {}",
                    known.join(", ")
                ),
            );
        }
        Some(())
    }

    /// The elements of a required array.
    pub fn array(&self, problems: &mut Problems) -> Option<Vec<Node<'a>>> {
        let Value::Array(items) = self.required(problems)? else {
            self.wrong_type("an array", problems);
            return None;
        };
        Some((0..items.len()).map(|i| self.index(i)).collect())
    }

    /// A required string, as sent (not trimmed).
    pub fn string(&self, problems: &mut Problems) -> Option<&'a str> {
        let Value::String(s) = self.required(problems)? else {
            self.wrong_type("a string", problems);
            return None;
        };
        Some(s)
    }

    /// A required whole number. `2.0` counts, as JSON Schema's `integer` says it does.
    pub fn whole_number(&self, problems: &mut Problems) -> Option<i64> {
        let value = self.required(problems)?;
        let whole = value.as_i64().or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        });
        if whole.is_none() {
            self.wrong_type("a whole number", problems);
        }
        whole
    }
}

/// `$.a` + `b` = `$.a.b`; keys that are not plain identifiers use bracket notation.
fn child_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain {
        format!("{parent}.{key}")
    } else {
        format!("{parent}[{}]", Value::String(key.to_owned()))
    }
}
