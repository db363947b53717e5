//! One element of a segment to be written, and the checks that keep it from corrupting
//! the file.
//!
//! X12 has no escape mechanism, so a value that contains a delimiter cannot be written at
//! all: the check refuses it and names the element and the delimiter. Control characters
//! are refused too: X12 values are printable text, and the reader trims line breaks at
//! segment ends.

use crate::delimiters::Delimiters;
use crate::error::{element_name, X12Error};

/// One element to write: a simple value, a composite, or repetitions of composites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element<'a> {
    /// A simple element, such as `"26463774"`.
    Simple(&'a str),
    /// A composite's components, such as `["HC", "99213", "25"]`.
    Composite(&'a [&'a str]),
    /// Repetitions, each a composite (a simple value is a composite of one component).
    Repeated(&'a [&'a [&'a str]]),
}

impl<'a> From<&'a str> for Element<'a> {
    fn from(value: &'a str) -> Self {
        Element::Simple(value)
    }
}

/// The text of element `n` of segment `id`, every component checked for delimiters and
/// control characters; trailing empty components are dropped.
pub(super) fn element_text(
    delimiters: &Delimiters,
    id: &str,
    n: usize,
    element: &Element<'_>,
) -> Result<String, X12Error> {
    let name = || element_name(id, n);
    let composite = |parts: &[&str]| -> Result<String, X12Error> {
        for part in parts {
            check_value(delimiters, part, name)?;
        }
        let used = parts
            .iter()
            .rposition(|p| !p.is_empty())
            .map_or(0, |i| i + 1);
        Ok(parts[..used].join(&delimiters.component().to_string()))
    };
    match element {
        Element::Simple(value) => composite(&[value]),
        Element::Composite(parts) => composite(parts),
        Element::Repeated(repeats) => {
            let Some(separator) = delimiters.repetition() else {
                return Err(misuse(
                    &name(),
                    "these delimiters have no repetition separator",
                ));
            };
            let texts = repeats
                .iter()
                .map(|r| composite(r))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(texts.join(&separator.to_string()))
        }
    }
}

/// Refuses a value holding a delimiter or a control character, naming the element.
pub(super) fn check_value(
    d: &Delimiters,
    value: &str,
    name: impl Fn() -> String,
) -> Result<(), X12Error> {
    if let Some((delimiter, delimiter_name)) = d.find_in(value) {
        return Err(X12Error::DelimiterInValue {
            element: name(),
            value: value.to_owned(),
            name: delimiter_name,
            delimiter,
        });
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(X12Error::Writer {
            what: name(),
            problem: format!(
                "`{}` contains the control character U+{:04X}; X12 values are printable text",
                value.escape_debug(),
                u32::from(c)
            ),
        });
    }
    Ok(())
}

/// A writer error for calls made out of order or values that do not fit.
pub(super) fn misuse(what: &str, problem: &str) -> X12Error {
    X12Error::Writer {
        what: what.to_owned(),
        problem: problem.to_owned(),
    }
}
