//! One segment of X12 text, borrowed from the input, with element and component access.
//!
//! Readers of every transaction need the same few questions answered: what is element 4,
//! what is component 2 of element 1, which of those are empty. Counting is 1-based as in
//! the implementation guides (`CLP04` is `element(4)`), an absent element reads as empty
//! (X12 drops trailing empty elements), and every segment remembers its number in the
//! input so errors can point at it.

use crate::delimiters::Delimiters;
use crate::error::{element_name, Location, X12Error};

/// A segment: its id and elements, borrowed from the input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    position: usize,
    id: &'a str,
    elements: Vec<&'a str>,
    delimiters: Delimiters,
}

impl<'a> Segment<'a> {
    /// Splits the text of one segment (without its terminator) into id and elements.
    /// `position` is the segment's 1-based number in the input.
    pub fn parse(
        text: &'a str,
        position: usize,
        delimiters: Delimiters,
    ) -> Result<Segment<'a>, X12Error> {
        let mut parts = text.split(delimiters.element());
        let id = parts.next().unwrap_or_default();
        if !is_segment_id(id) {
            return Err(X12Error::BadSegmentId {
                segment: position,
                text: text.chars().take(20).collect(),
            });
        }
        Ok(Segment {
            position,
            id,
            elements: parts.collect(),
            delimiters,
        })
    }

    /// The segment id, such as `CLP`.
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The segment's 1-based number in the input (the first ISA is 1).
    pub fn position(&self) -> usize {
        self.position
    }

    /// Where the segment is, for error messages.
    pub fn location(&self) -> Location {
        Location {
            segment: self.position,
            id: self.id.to_owned(),
        }
    }

    /// The delimiters of the interchange the segment belongs to.
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// All elements as written, element 1 first.
    pub fn elements(&self) -> &[&'a str] {
        &self.elements
    }

    /// Element `n` (1-based, as `CLP04` is element 4), or `""` when it is absent.
    pub fn element(&self, n: usize) -> &'a str {
        n.checked_sub(1)
            .and_then(|i| self.elements.get(i))
            .copied()
            .unwrap_or_default()
    }

    /// Element `n`, or `None` when it is absent or empty.
    pub fn get(&self, n: usize) -> Option<&'a str> {
        Some(self.element(n)).filter(|v| !v.is_empty())
    }

    /// The components of element `n` split at the component separator (one component for
    /// a simple element, none for an empty one).
    pub fn components(&self, n: usize) -> Vec<&'a str> {
        match self.element(n) {
            "" => Vec::new(),
            value => value.split(self.delimiters.component()).collect(),
        }
    }

    /// Component `m` (1-based) of element `n`, or `None` when absent or empty.
    pub fn component(&self, n: usize, m: usize) -> Option<&'a str> {
        let index = m.checked_sub(1)?;
        self.components(n)
            .get(index)
            .copied()
            .filter(|v| !v.is_empty())
    }

    /// The repetitions of element `n` split at the repetition separator (the whole element
    /// when the interchange has none).
    pub fn repetitions(&self, n: usize) -> Vec<&'a str> {
        match (self.element(n), self.delimiters.repetition()) {
            ("", _) => Vec::new(),
            (value, Some(separator)) => value.split(separator).collect(),
            (value, None) => vec![value],
        }
    }

    /// The guide's name for element `n` of this segment: `CLP04`.
    pub fn element_name(&self, n: usize) -> String {
        element_name(self.id, n)
    }

    /// Element `n`, or an error naming it when it is absent or empty.
    pub fn required(&self, n: usize) -> Result<&'a str, X12Error> {
        self.get(n).ok_or_else(|| X12Error::MissingElement {
            at: self.location(),
            element: self.element_name(n),
        })
    }

    /// An error saying that element `n` holds a bad value; `problem` follows the value in
    /// the message ("has more than two decimals").
    pub fn invalid(&self, n: usize, problem: impl Into<String>) -> X12Error {
        X12Error::InvalidValue {
            at: self.location(),
            element: self.element_name(n),
            value: self.element(n).to_owned(),
            problem: problem.into(),
        }
    }

    /// An error saying the segment cannot be placed in the transaction's structure.
    pub fn misplaced(&self, problem: impl Into<String>) -> X12Error {
        X12Error::Structure {
            at: self.location(),
            problem: problem.into(),
        }
    }
}

/// Whether `id` looks like a segment id: 2 or 3 upper-case ASCII letters or digits, the
/// first a letter.
pub(crate) fn is_segment_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (2..=3).contains(&bytes.len())
        && bytes[0].is_ascii_uppercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_and_components_are_one_based_and_absent_reads_empty() {
        let s = Segment::parse("SVC*HC:99213:25:59*100*80", 7, Delimiters::default()).unwrap();
        assert_eq!(s.id(), "SVC");
        assert_eq!(s.element(2), "100");
        assert_eq!(s.element(9), "");
        assert_eq!(s.get(9), None);
        assert_eq!(s.components(1), ["HC", "99213", "25", "59"]);
        assert_eq!(s.component(1, 2), Some("99213"));
        assert_eq!(s.component(1, 6), None);
        assert_eq!(s.element_name(3), "SVC03");
        assert_eq!(s.location().to_string(), "segment 7 (SVC)");
    }

    #[test]
    fn repetitions_split_only_when_the_interchange_has_a_separator() {
        let s = Segment::parse("EQ*30^1^33", 1, Delimiters::default()).unwrap();
        assert_eq!(s.repetitions(1), ["30", "1", "33"]);
        let d = Delimiters::new('*', None, ':', '~').unwrap();
        let s = Segment::parse("EQ*30^1", 1, d).unwrap();
        assert_eq!(s.repetitions(1), ["30^1"]);
    }

    #[test]
    fn refuses_text_that_does_not_start_with_a_segment_id() {
        for text in ["", "*", "clp*1", "TOOLONG*1", "9A*1", "É*1"] {
            assert!(
                Segment::parse(text, 3, Delimiters::default()).is_err(),
                "{text}"
            );
        }
    }
}
