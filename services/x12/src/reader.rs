//! Splitting X12 text into segments, whatever its delimiters and line endings.
//!
//! Senders differ in what they put between segments: CRLF, LF, or nothing at all. The
//! reader takes the delimiters from each ISA it meets (a file may hold several interchanges
//! from different senders), ignores line breaks and blanks between segments, and stops at
//! the first segment it cannot read, with an error naming it. It knows nothing about
//! envelopes; `envelope` builds those from the segments.

use crate::delimiters::Delimiters;
use crate::error::{Location, X12Error};
use crate::segment::Segment;

/// An iterator over the segments of X12 text.
///
/// Yields `Err` once and then stops when the text cannot be read (no ISA at the start, a
/// segment cut off by the end of the input, text that is not a segment).
#[derive(Debug, Clone)]
pub struct SegmentReader<'a> {
    rest: &'a str,
    delimiters: Option<Delimiters>,
    position: usize,
    done: bool,
}

impl<'a> SegmentReader<'a> {
    /// A reader over `input`, which must start with an ISA segment (a byte-order mark and
    /// blank lines in front of it are ignored).
    pub fn new(input: &'a str) -> Self {
        SegmentReader {
            rest: input.strip_prefix('\u{feff}').unwrap_or(input),
            delimiters: None,
            position: 0,
            done: false,
        }
    }

    fn read_next(&mut self) -> Result<Option<Segment<'a>>, X12Error> {
        let blanks = self
            .rest
            .bytes()
            .take_while(u8::is_ascii_whitespace)
            .count();
        self.rest = &self.rest[blanks..];
        if self.rest.is_empty() {
            return match self.position {
                0 => Err(X12Error::Empty),
                _ => Ok(None),
            };
        }
        self.position += 1;
        if starts_with_isa(self.rest) {
            let (delimiters, length) = Delimiters::from_isa(self.rest, self.position)?;
            let text = &self.rest[..length - delimiters.segment().len_utf8()];
            self.rest = &self.rest[length..];
            self.delimiters = Some(delimiters);
            return Segment::parse(text, self.position, delimiters).map(Some);
        }
        let Some(delimiters) = self.delimiters else {
            return Err(X12Error::NoIsa {
                found: self.rest.chars().take(20).collect(),
            });
        };
        let Some(read) = Segment::split_off(self.rest, self.position, delimiters) else {
            let id = self
                .rest
                .split(delimiters.element())
                .next()
                .unwrap_or_default();
            return Err(X12Error::Unterminated {
                at: Location {
                    segment: self.position,
                    id: id.chars().take(3).collect(),
                },
                terminator: delimiters.segment(),
            });
        };
        let (segment, length) = read?;
        self.rest = &self.rest[length..];
        Ok(Some(segment))
    }
}

impl<'a> Iterator for SegmentReader<'a> {
    type Item = Result<Segment<'a>, X12Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let result = self.read_next().transpose();
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

/// Reads every segment of `input`, or the first error.
pub fn read_segments(input: &str) -> Result<Vec<Segment<'_>>, X12Error> {
    SegmentReader::new(input).collect()
}

/// `ISA` followed by a character that cannot continue a segment id: the element separator.
fn starts_with_isa(text: &str) -> bool {
    text.starts_with("ISA")
        && text[3..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISA: &str = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *261126*1200*^*00501*000000001*0*T*:~";

    fn ids(input: &str) -> Vec<String> {
        read_segments(input)
            .unwrap()
            .iter()
            .map(|s| s.id().to_owned())
            .collect()
    }

    #[test]
    fn any_line_ending_or_none_between_segments() {
        for gap in ["", "\n", "\r\n", "\r\n\r\n  "] {
            let input = format!("{ISA}{gap}GS*HP~{gap}ST*835*1~{gap}");
            assert_eq!(ids(&input), ["ISA", "GS", "ST"], "{gap:?}");
        }
    }

    #[test]
    fn a_line_feed_terminator_with_crlf_lines() {
        let input = ISA.replace(":~", ":\n").replace('~', "") + "\r\nGS*HP\r\nST*835*1\r\n";
        let segments = read_segments(&input).unwrap();
        assert_eq!(segments[2].element(2), "1");
    }

    #[test]
    fn positions_count_from_the_isa_and_errors_stop_the_iteration() {
        let input = format!("{ISA}\nGS*HP~\nST*835*1");
        let mut reader = SegmentReader::new(&input);
        assert_eq!(reader.next().unwrap().unwrap().position(), 1);
        assert_eq!(reader.next().unwrap().unwrap().position(), 2);
        let error = reader.next().unwrap().unwrap_err();
        assert_eq!(
            error.to_string(),
            "segment 3 (ST): the input ends before the segment terminator `~`; the file looks truncated"
        );
        assert!(reader.next().is_none());
    }

    #[test]
    fn empty_and_non_x12_input() {
        assert_eq!(read_segments(" \r\n"), Err(X12Error::Empty));
        assert!(matches!(
            read_segments("GS*HP~"),
            Err(X12Error::NoIsa { .. })
        ));
    }
}
