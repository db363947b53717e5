//! Reading one `[[payer]]` table field by field, so that every error names the payer and
//! the field instead of a byte offset in a serde message.

use toml::{Table, Value};

use crate::RegistryError;

/// One payer's table while it is being read, with the label its errors carry.
pub(crate) struct PayerTable<'a> {
    pub label: String,
    table: &'a Table,
}

impl<'a> PayerTable<'a> {
    /// `position` counts from 1. The label is the payer's id as written, if it is a string.
    pub fn new(position: usize, table: &'a Table) -> PayerTable<'a> {
        let label = match table.get("id") {
            Some(Value::String(id)) if !id.is_empty() => id.clone(),
            _ => format!("#{position}"),
        };
        PayerTable { label, table }
    }

    pub fn error(&self, field: &str, problem: impl Into<String>) -> RegistryError {
        RegistryError::Field {
            payer: self.label.clone(),
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    /// Refuses keys outside `known`: a misspelt optional field would otherwise be ignored.
    pub fn deny_unknown(&self, known: &[&str]) -> Result<(), RegistryError> {
        match self.table.keys().find(|key| !known.contains(&key.as_str())) {
            Some(key) => Err(self.error(
                key,
                format!("unknown field; known fields are {}", known.join(", ")),
            )),
            None => Ok(()),
        }
    }

    pub fn string(&self, field: &str) -> Result<&'a str, RegistryError> {
        match self.table.get(field) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.error(field, "must be a string")),
            None => Err(self.error(field, "is required")),
        }
    }

    /// A whole number of days, at least one.
    pub fn days(&self, field: &str) -> Result<u32, RegistryError> {
        match self.table.get(field) {
            Some(Value::Integer(n)) if *n > 0 => u32::try_from(*n).map_err(|_| {
                self.error(
                    field,
                    format!("{n} days is more than the registry can hold"),
                )
            }),
            Some(Value::Integer(n)) => {
                Err(self.error(field, format!("must be at least 1 day, not {n}")))
            }
            Some(_) => Err(self.error(field, "must be a whole number of days")),
            None => Err(self.error(field, "is required")),
        }
    }

    /// A flag that is false unless the file says otherwise.
    pub fn flag(&self, field: &str) -> Result<bool, RegistryError> {
        match self.table.get(field) {
            Some(Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(self.error(field, "must be true or false")),
            None => Ok(false),
        }
    }

    pub fn optional_string(&self, field: &str) -> Result<Option<&'a str>, RegistryError> {
        match self.table.get(field) {
            None => Ok(None),
            Some(_) => self.string(field).map(Some),
        }
    }
}
