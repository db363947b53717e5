//! One segment of X12 text, borrowed from the input, with element and component access.
//!
//! Readers of every transaction need the same few questions answered: what is element 4,
//! what is component 2 of element 1, which of those are empty. Counting is 1-based as in
//! the implementation guides (`CLP04` is `element(4)`), an absent element reads as empty
//! (X12 drops trailing empty elements), and every segment remembers its number in the
//! input so errors can point at it.
//!
//! Element boundaries are found in one pass when the segment is read and kept inline (no
//! allocation): a `Vec` of slices per segment was the largest single cost of reading an
//! 835, and scanning again for each element asked for was the next.

use crate::delimiters::Delimiters;
use crate::error::{element_name, Location, X12Error};

/// A segment: its id and elements, borrowed from the input text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    position: usize,
    /// The segment's text without its terminator: id, separator, elements.
    text: &'a str,
    id: &'a str,
    boundaries: Boundaries,
    delimiters: Delimiters,
}

/// Parts indexed at parse time: the id and up to 23 elements, more than any segment of
/// the 837P, 835, 999 or 277CA carries (SV1 and BPR have 21). Beyond them (or in a segment
/// longer than 64 KiB) elements are found by scanning. Kept small because segments are
/// passed by value from the reader to the envelope walker to the transaction readers.
const INDEXED_PARTS: usize = 24;

/// Where each part of a segment ends: `ends[k]` is the byte offset in the text just past
/// part `k` (part 0 is the id), for the first `parts` parts; `more` says there are parts
/// after those.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Boundaries {
    ends: [u16; INDEXED_PARTS],
    parts: u8,
    more: bool,
}

impl Boundaries {
    const NONE: Boundaries = Boundaries {
        ends: [0; INDEXED_PARTS],
        parts: 0,
        more: false,
    };

    fn index(text: &str, separator: char) -> Boundaries {
        let mut boundaries = Boundaries::NONE;
        if !separator.is_ascii() {
            boundaries.more = true;
            return boundaries;
        }
        let separator = separator as u8;
        for (at, byte) in text.bytes().enumerate() {
            if byte == separator {
                boundaries.separator_at(at);
            }
        }
        boundaries.end_at(text.len());
        boundaries
    }

    /// Records an element separator at byte `at`: the end of the current part.
    #[inline]
    fn separator_at(&mut self, at: usize) {
        let parts = usize::from(self.parts);
        match u16::try_from(at) {
            Ok(at) if parts < INDEXED_PARTS && !self.more => {
                self.ends[parts] = at;
                self.parts += 1;
            }
            _ => self.more = true,
        }
    }

    /// Records the end of the text at byte `at`: the end of the last part.
    fn end_at(&mut self, at: usize) {
        self.separator_at(at);
    }

    /// The byte range of part `k`, when it was indexed.
    fn range(&self, k: usize) -> Option<(usize, usize)> {
        if k >= usize::from(self.parts) {
            return None;
        }
        let start = match k {
            0 => 0,
            _ => usize::from(self.ends[k - 1]) + 1,
        };
        Some((start, usize::from(self.ends[k])))
    }
}

impl<'a> Segment<'a> {
    /// Splits the text of one segment (without its terminator) into id and elements.
    /// `position` is the segment's 1-based number in the input.
    pub fn parse(
        text: &'a str,
        position: usize,
        delimiters: Delimiters,
    ) -> Result<Segment<'a>, X12Error> {
        let boundaries = Boundaries::index(text, delimiters.element());
        Segment::new(text, position, delimiters, boundaries)
    }

    /// Reads the segment at the start of `input`, up to its terminator, finding the element
    /// boundaries in the same pass over the bytes. Returns the segment and the bytes it took
    /// with its terminator, or `None` when `input` holds no terminator.
    pub(crate) fn split_off(
        input: &'a str,
        position: usize,
        delimiters: Delimiters,
    ) -> Option<Result<(Segment<'a>, usize), X12Error>> {
        let (element, terminator) = (delimiters.element(), delimiters.segment());
        if !element.is_ascii() || !terminator.is_ascii() {
            let end = input.find(terminator)?;
            let text = trim_line_break(&input[..end], element);
            let segment = Segment::parse(text, position, delimiters);
            return Some(segment.map(|s| (s, end + terminator.len_utf8())));
        }
        let mut boundaries = Boundaries::NONE;
        let end = scan_segment(input.as_bytes(), element as u8, terminator as u8, |at| {
            boundaries.separator_at(at)
        })?;
        // Both delimiters are ASCII, so `end` and the trimmed length are char boundaries.
        let text = trim_line_break(&input[..end], element);
        boundaries.end_at(text.len());
        let segment = Segment::new(text, position, delimiters, boundaries);
        Some(segment.map(|s| (s, end + 1)))
    }

    fn new(
        text: &'a str,
        position: usize,
        delimiters: Delimiters,
        boundaries: Boundaries,
    ) -> Result<Segment<'a>, X12Error> {
        let id = match boundaries.range(0) {
            Some((start, end)) => &text[start..end],
            None => text
                .split_once(delimiters.element())
                .map_or(text, |(id, _)| id),
        };
        if !is_segment_id(id) {
            return Err(X12Error::BadSegmentId {
                segment: position,
                text: text.chars().take(20).collect(),
            });
        }
        Ok(Segment {
            position,
            text,
            id,
            boundaries,
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
    pub fn elements(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.text.split(self.delimiters.element()).skip(1)
    }

    /// How many elements the segment has as written (trailing empty ones included, when
    /// the sender wrote their separators).
    pub fn element_count(&self) -> usize {
        match self.boundaries.more {
            false => usize::from(self.boundaries.parts).saturating_sub(1),
            true => self.elements().count(),
        }
    }

    /// Element `n` (1-based, as `CLP04` is element 4), or `""` when it is absent.
    pub fn element(&self, n: usize) -> &'a str {
        if n == 0 {
            return "";
        }
        match self.boundaries.range(n) {
            Some((start, end)) => &self.text[start..end],
            None if self.boundaries.more => nth_part(self.text, self.delimiters.element(), n),
            None => "",
        }
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
        Some(nth_part(
            self.element(n),
            self.delimiters.component(),
            index,
        ))
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

/// Finds the first `terminator` in `bytes` and calls `separator` with the offset of each
/// `element` byte before it; returns the terminator's offset, or `None` when there is none.
///
/// Eight bytes at a time: this is the loop every byte of an X12 file goes through, and
/// testing whole words for the two delimiters takes a fraction of the instructions of
/// testing byte by byte.
fn scan_segment(
    bytes: &[u8],
    element: u8,
    terminator: u8,
    mut separator: impl FnMut(usize),
) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    let (element_pattern, terminator_pattern) =
        (ONES * u64::from(element), ONES * u64::from(terminator));
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let word = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        let terminators = zero_bytes(word ^ terminator_pattern);
        let mut elements = zero_bytes(word ^ element_pattern);
        if terminators != 0 {
            // Only the separators before the terminator belong to this segment.
            let end = terminators.trailing_zeros() as usize;
            elements &= (1u64 << end) - 1;
            for_each_byte(elements, |i| separator(at + i));
            return Some(at + end / 8);
        }
        for_each_byte(elements, |i| separator(at + i));
        at += 8;
    }
    for (i, &byte) in words.remainder().iter().enumerate() {
        if byte == terminator {
            return Some(at + i);
        }
        if byte == element {
            separator(at + i);
        }
    }
    None
}

/// The high bit of each byte of `word` that is zero, and no other bit (exact: no carry
/// crosses from one byte into the next).
fn zero_bytes(word: u64) -> u64 {
    const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; 8]);
    !(((word & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | word | LOW_SEVEN)
}

/// Calls `f` with the index (0 to 7, little-endian) of each byte whose high bit is set in
/// `mask`, in order.
fn for_each_byte(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        f(mask.trailing_zeros() as usize / 8);
        mask &= mask - 1;
    }
}

/// `text` without the line breaks at its end: a file whose terminator is a line feed may
/// still end its lines with CRLF. A line break that is the element separator stays.
fn trim_line_break(text: &str, element: char) -> &str {
    text.trim_end_matches(|c| (c == '\r' || c == '\n') && c != element)
}

/// Part `index` (0-based) of `text` split at `separator`, or `""` when there are fewer parts.
fn nth_part(text: &str, separator: char, index: usize) -> &str {
    if separator.is_ascii() {
        // The common case, on bytes: a split iterator per part asked for was a visible part
        // of reading an 835.
        let separator = separator as u8;
        let mut start = 0;
        let mut remaining = index;
        for (at, byte) in text.bytes().enumerate() {
            if byte == separator {
                if remaining == 0 {
                    return &text[start..at];
                }
                remaining -= 1;
                start = at + 1;
            }
        }
        return if remaining == 0 { &text[start..] } else { "" };
    }
    text.split(separator).nth(index).unwrap_or_default()
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
    fn split_off_reads_every_element_wherever_the_word_boundaries_fall() {
        // Element widths 0 to 10 in a rotating pattern, so separators and the terminator
        // land at every offset of the 8-byte words the scan reads.
        for shift in 0..11 {
            let elements: Vec<String> = (0..30).map(|i| "X".repeat((i + shift) % 11)).collect();
            let text = format!("SVC*{}", elements.join("*"));
            let input = format!("{text}~\r\nNEXT*1~");
            let (segment, length) = Segment::split_off(&input, 1, Delimiters::default())
                .expect("a terminator")
                .expect("a segment");
            assert_eq!(length, text.len() + 1, "shift {shift}");
            assert_eq!(segment.id(), "SVC");
            assert_eq!(segment.element_count(), 30, "shift {shift}");
            for (n, expected) in (1..).zip(&elements) {
                assert_eq!(segment.element(n), expected, "shift {shift}, element {n}");
            }
            assert_eq!(segment.element(31), "");
        }
    }

    #[test]
    fn split_off_needs_a_terminator_and_trims_a_crlf_line_end() {
        assert!(Segment::split_off("CLP*1*2", 1, Delimiters::default()).is_none());
        let lf = Delimiters::new('*', None, ':', '\n').unwrap();
        let (segment, length) = Segment::split_off("CLP*1*2\r\nSVC", 4, lf)
            .unwrap()
            .unwrap();
        assert_eq!((segment.element(2), length), ("2", 9));
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
