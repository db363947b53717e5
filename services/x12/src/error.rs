//! Everything that can go wrong reading or writing X12, in one enum.
//!
//! The people who act on these errors are clearinghouse and billing engineers holding the
//! file in an editor, so every variant says where (the segment's number counted from the
//! start of the input, its id, and the element such as `CLP04`) and what is wrong, in the
//! vocabulary of the implementation guides. Reading never panics: malformed input of any
//! kind ends in one of these values.

use std::fmt;

/// Where in the input a segment sits.
///
/// `segment` counts segments from the start of the input, the first ISA being segment 1,
/// so in a file written one segment per line it is also the line number. `id` is the
/// segment id (`CLP`, `SVC`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// 1-based number of the segment in the input.
    pub segment: usize,
    /// The segment id, such as `CLP`.
    pub id: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {} ({})", self.segment, self.id)
    }
}

/// The name the implementation guides give element `n` of segment `id`: `CLP04`.
pub fn element_name(id: &str, n: usize) -> String {
    format!("{id}{n:02}")
}

/// A failure to read or write X12.
///
/// Reading errors mean the input cannot be trusted as a whole: reject the file and send the
/// message back to its sender. Writing errors mean the caller handed the writer something
/// X12 cannot carry: fix the data (or the call order) and write again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum X12Error {
    /// The input holds nothing but whitespace. The sender sent an empty file.
    #[error("the input is empty: an X12 interchange starts with an ISA segment")]
    Empty,

    /// The input does not begin with an ISA segment, so its delimiters are unknown. It is
    /// not X12 (or has something in front of the ISA).
    #[error("the input does not start with an ISA segment (it starts with `{found}`): not an X12 interchange")]
    NoIsa {
        /// The first characters of the input.
        found: String,
    },

    /// The ISA segment cannot give the delimiters: it is cut short or uses the same
    /// character for two purposes.
    #[error("segment {segment} (ISA): {problem}")]
    BadIsa {
        /// Number of the ISA segment in the input.
        segment: usize,
        /// What is wrong with it.
        problem: String,
    },

    /// The input ends in the middle of a segment: the file was truncated in transit.
    #[error("{at}: the input ends before the segment terminator `{terminator}`; the file looks truncated")]
    Unterminated {
        /// The unfinished segment.
        at: Location,
        /// The terminator declared in the ISA.
        terminator: char,
    },

    /// A segment does not begin with a segment id (two or three upper-case letters or
    /// digits, the first a letter): the delimiters are wrong or the text is garbage.
    #[error("segment {segment}: `{text}` does not start with a segment id (2 or 3 upper-case letters or digits)")]
    BadSegmentId {
        /// Number of the segment in the input.
        segment: usize,
        /// The beginning of the segment's text.
        text: String,
    },

    /// The ISA/GS/ST nesting is broken: a segment outside any transaction set, a GS inside
    /// a transaction set, a missing trailer at the end of the input.
    #[error("{at}: {problem}")]
    Envelope {
        /// Where the nesting broke.
        at: Location,
        /// What was expected instead.
        problem: String,
    },

    /// A trailer's control number differs from its header's (SE02/ST02, GE02/GS06,
    /// IEA02/ISA13): segments of two envelopes were mixed, or the sender's counter is broken.
    #[error("{at}: {trailer} is `{found}` but {header} at segment {header_segment} is `{expected}`; the control numbers must match")]
    ControlNumberMismatch {
        /// The trailer segment.
        at: Location,
        /// The trailer element, such as `SE02`.
        trailer: &'static str,
        /// Its value.
        found: String,
        /// The header element, such as `ST02`.
        header: &'static str,
        /// The header segment's number in the input.
        header_segment: usize,
        /// The header's value.
        expected: String,
    },

    /// A trailer's count (SE01, GE01, IEA01) differs from what the envelope holds: segments
    /// were lost or added.
    #[error("{at}: {element} says {declared} {what} but {counted} were found")]
    CountMismatch {
        /// The trailer segment.
        at: Location,
        /// The count element, such as `SE01`.
        element: &'static str,
        /// The declared count as written.
        declared: String,
        /// The number actually present.
        counted: usize,
        /// What is counted: "segments", "transaction sets", "functional groups".
        what: &'static str,
    },

    /// An element the implementation guide requires is empty or absent.
    #[error("{at}: {element} is required but missing")]
    MissingElement {
        /// The segment.
        at: Location,
        /// The element, such as `CLP04`.
        element: String,
    },

    /// An element holds a value of the wrong form: an amount with three decimals, a date
    /// that does not exist, an unknown code.
    #[error("{at}: {element} `{value}` {problem}")]
    InvalidValue {
        /// The segment.
        at: Location,
        /// The element, such as `CLP04` or `SVC01-2`.
        element: String,
        /// The value as written.
        value: String,
        /// What is wrong with it, phrased to follow the value.
        problem: String,
    },

    /// A segment appears where the transaction's loop structure does not allow it, such as
    /// a CAS before any CLP, so its meaning cannot be known.
    #[error("{at}: {problem}")]
    Structure {
        /// The misplaced segment.
        at: Location,
        /// Why it cannot be placed.
        problem: String,
    },

    /// A segment the transaction cannot do without is absent (an 835 without BPR).
    #[error("{at}: transaction set {control_number} has no {segment} segment ({what})")]
    MissingSegment {
        /// The ST segment of the transaction set.
        at: Location,
        /// ST02 of the transaction set.
        control_number: String,
        /// The missing segment, such as `BPR` or `N1*PR`.
        segment: &'static str,
        /// What it would have carried.
        what: &'static str,
    },

    /// The input holds a different transaction (a 277 given to the 835 reader).
    #[error("{at}: transaction set {found} where {expected} was expected")]
    WrongTransaction {
        /// The ST segment.
        at: Location,
        /// What the reader reads, such as "an 835".
        expected: &'static str,
        /// What was found, such as `277 (005010X212)`.
        found: String,
    },

    /// A value to be written contains one of the interchange's delimiters. X12 has no escape
    /// mechanism, so writing it would corrupt the file: clean the value (for example with
    /// `Delimiters::sanitize`) or choose other delimiters.
    #[error("cannot write {element}: `{value}` contains the {name} `{delimiter}`, which X12 cannot escape")]
    DelimiterInValue {
        /// The element, such as `NM103`.
        element: String,
        /// The offending value.
        value: String,
        /// Which delimiter: "element separator", "segment terminator", ...
        name: &'static str,
        /// The delimiter character.
        delimiter: char,
    },

    /// The writer was used out of order or given a value X12 cannot carry (an id too long
    /// for the ISA, a segment outside a transaction set).
    #[error("cannot write {what}: {problem}")]
    Writer {
        /// What was being written.
        what: String,
        /// Why it was refused.
        problem: String,
    },

    /// The delimiters chosen for writing are unusable (two roles share a character, or a
    /// letter or digit that data would contain).
    #[error("invalid delimiters: {0}")]
    InvalidDelimiters(String),
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_stay_small_enough_to_return_by_value() {
        assert!(std::mem::size_of::<super::X12Error>() <= 128);
    }
}
