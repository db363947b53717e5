//! Building X12 text: segments with chosen delimiters, envelopes with computed trailers.
//!
//! Two mistakes make an X12 file unreadable to its receiver, and both are easy to make by
//! hand: a trailer whose count or control number disagrees with its header, and a value
//! that contains a delimiter (X12 has no escape, so `Smith~Jones` would end the segment in
//! the middle of a name). The writer makes both impossible: it opens and closes the
//! envelopes itself, counting as it goes, and it refuses any value holding a delimiter or a
//! control character. Callers that prefer to clean free text can use
//! [`Delimiters::sanitize`] first. Trailing empty elements and components are dropped, as
//! the standard requires.
//!
//! ```
//! use chrono::NaiveDate;
//! use claims_x12::delimiters::Delimiters;
//! use claims_x12::writer::{GroupHeader, InterchangeHeader, Usage, X12Writer};
//! # fn main() -> Result<(), claims_x12::error::X12Error> {
//! let created = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(12, 0, 0).unwrap();
//! let mut w = X12Writer::new(Delimiters::default());
//! w.begin_interchange(&InterchangeHeader {
//!     sender_qualifier: "ZZ".into(), sender_id: "SUBMITTER".into(),
//!     receiver_qualifier: "ZZ".into(), receiver_id: "CLEARINGHOUSE".into(),
//!     created, control_number: 17, acknowledgment_requested: false, usage: Usage::Test,
//! })?;
//! w.begin_group(&GroupHeader {
//!     functional_id: "HC".into(), sender: "SUBMITTER".into(), receiver: "CLEARINGHOUSE".into(),
//!     created, control_number: 17, version: "005010X222A1".into(),
//! })?;
//! w.begin_transaction("837", 1, Some("005010X222A1"))?;
//! w.segment("NM1", &["85", "2", "SPRINGFIELD FAMILY PRACTICE", "", "", "", "", "XX", "1234567893"])?;
//! assert!(w.segment("NM1", &["QC", "1", "Smith~Jones"]).is_err()); // never corrupts the file
//! w.finish_transaction()?; // SE*3*0001: ST, NM1 and SE
//! let text = w.finish()?; // GE and IEA written with their counts
//! assert!(text.ends_with("SE*3*0001~\nGE*1*17~\nIEA*1*000000017~\n"));
//! # Ok(()) }
//! ```

mod element;
mod headers;

use crate::delimiters::Delimiters;
use crate::error::{element_name, X12Error};
use crate::segment::is_segment_id;
use element::{check_value, element_text, misuse};

pub use element::Element;
pub use headers::{GroupHeader, InterchangeHeader, Usage};

/// What goes after each segment terminator. Receivers accept all three; line breaks make
/// the file readable in an editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineEnding {
    /// Segments follow each other on one line.
    None,
    /// A line feed after every segment (the default).
    #[default]
    Lf,
    /// CR LF after every segment.
    CrLf,
}

/// Writes interchanges segment by segment.
#[derive(Debug, Clone)]
pub struct X12Writer {
    delimiters: Delimiters,
    line_ending: LineEnding,
    out: String,
    /// ISA13 and the number of groups written so far.
    interchange: Option<(String, usize)>,
    /// GS06 and the number of transaction sets written so far.
    group: Option<(String, usize)>,
    /// ST02 and the number of segments written so far, ST included.
    transaction: Option<(String, usize)>,
}

impl X12Writer {
    /// A writer using `delimiters`, with a line feed after each segment.
    pub fn new(delimiters: Delimiters) -> Self {
        X12Writer {
            delimiters,
            line_ending: LineEnding::default(),
            out: String::new(),
            interchange: None,
            group: None,
            transaction: None,
        }
    }

    /// The same writer with another line ending.
    pub fn with_line_ending(mut self, line_ending: LineEnding) -> Self {
        self.line_ending = line_ending;
        self
    }

    /// The delimiters being written.
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// Writes the ISA segment. Fails if an interchange is already open or a header field
    /// does not fit the ISA's fixed widths.
    pub fn begin_interchange(&mut self, header: &InterchangeHeader) -> Result<(), X12Error> {
        if self.interchange.is_some() {
            return Err(misuse(
                "ISA",
                "an interchange is already open; finish it first",
            ));
        }
        let elements = header.isa_elements(&self.delimiters)?;
        let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
        self.envelope_segment("ISA", &refs)?;
        self.interchange = Some((elements[12].clone(), 0));
        Ok(())
    }

    /// Writes the GS segment. Fails outside an interchange or inside another group.
    pub fn begin_group(&mut self, header: &GroupHeader) -> Result<(), X12Error> {
        match (&self.interchange, &self.group) {
            (Some(_), None) => {}
            _ => {
                return Err(misuse(
                    "GS",
                    "a group needs an open interchange and no open group",
                ))
            }
        }
        let elements = header.gs_elements();
        let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
        self.envelope_segment("GS", &refs)?;
        self.group = Some((elements[5].clone(), 0));
        Ok(())
    }

    /// Writes the ST segment: `set_id` such as `837`, `control_number` written with at least
    /// four digits (ST02), `implementation` such as `005010X222A1` (ST03).
    pub fn begin_transaction(
        &mut self,
        set_id: &str,
        control_number: u32,
        implementation: Option<&str>,
    ) -> Result<(), X12Error> {
        if self.group.is_none() || self.transaction.is_some() {
            return Err(misuse(
                "ST",
                "a transaction set needs an open group and no open set",
            ));
        }
        let control = format!("{control_number:04}");
        self.envelope_segment("ST", &[set_id, &control, implementation.unwrap_or("")])?;
        self.transaction = Some((control, 1));
        Ok(())
    }

    /// Writes one segment of simple elements inside the open transaction set. Empty
    /// strings stand for omitted elements; trailing ones are dropped.
    pub fn segment(&mut self, id: &str, elements: &[&str]) -> Result<(), X12Error> {
        let elements: Vec<Element<'_>> = elements.iter().map(|e| Element::Simple(e)).collect();
        self.segment_with(id, &elements)
    }

    /// Writes one segment whose elements may be composites or repetitions.
    pub fn segment_with(&mut self, id: &str, elements: &[Element<'_>]) -> Result<(), X12Error> {
        if matches!(id, "ISA" | "IEA" | "GS" | "GE" | "ST" | "SE") {
            return Err(misuse(
                id,
                "envelope segments are written by begin_* and finish_*",
            ));
        }
        if !is_segment_id(id) {
            return Err(misuse(
                id,
                "a segment id is 2 or 3 upper-case letters or digits",
            ));
        }
        if self.transaction.is_none() {
            return Err(misuse(
                id,
                "segments go inside a transaction set: call begin_transaction first",
            ));
        }
        let mut texts = Vec::with_capacity(elements.len());
        for (i, element) in elements.iter().enumerate() {
            texts.push(element_text(&self.delimiters, id, i + 1, element)?);
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.raw_segment(id, &refs, false);
        if let Some((_, count)) = &mut self.transaction {
            *count += 1;
        }
        Ok(())
    }

    /// Writes the SE segment with the segment count and ST02.
    pub fn finish_transaction(&mut self) -> Result<(), X12Error> {
        let Some((control, count)) = self.transaction.take() else {
            return Err(misuse("SE", "no transaction set is open"));
        };
        self.raw_segment("SE", &[&(count + 1).to_string(), &control], false);
        if let Some((_, sets)) = &mut self.group {
            *sets += 1;
        }
        Ok(())
    }

    /// Writes the GE segment with the number of sets and GS06. Fails while a transaction
    /// set is open.
    pub fn finish_group(&mut self) -> Result<(), X12Error> {
        if self.transaction.is_some() {
            return Err(misuse(
                "GE",
                "a transaction set is still open: call finish_transaction",
            ));
        }
        let Some((control, sets)) = self.group.take() else {
            return Err(misuse("GE", "no group is open"));
        };
        self.raw_segment("GE", &[&sets.to_string(), &control], false);
        if let Some((_, groups)) = &mut self.interchange {
            *groups += 1;
        }
        Ok(())
    }

    /// Writes the IEA segment with the number of groups and ISA13. Fails while a group is
    /// open.
    pub fn finish_interchange(&mut self) -> Result<(), X12Error> {
        if self.group.is_some() {
            return Err(misuse("IEA", "a group is still open: call finish_group"));
        }
        let Some((control, groups)) = self.interchange.take() else {
            return Err(misuse("IEA", "no interchange is open"));
        };
        self.raw_segment("IEA", &[&groups.to_string(), &control], false);
        Ok(())
    }

    /// Closes whatever is still open (SE, GE, IEA, with their counts) and returns the text.
    pub fn finish(mut self) -> Result<String, X12Error> {
        if self.transaction.is_some() {
            self.finish_transaction()?;
        }
        if self.group.is_some() {
            self.finish_group()?;
        }
        if self.interchange.is_some() {
            self.finish_interchange()?;
        }
        Ok(self.out)
    }

    /// Writes an envelope segment after checking its values; ISA11 and ISA16 are the
    /// repetition and component separators themselves and are not checked.
    fn envelope_segment(&mut self, id: &str, elements: &[&str]) -> Result<(), X12Error> {
        for (i, value) in elements.iter().enumerate() {
            if !(id == "ISA" && (i == 10 || i == 15)) {
                check_value(&self.delimiters, value, || element_name(id, i + 1))?;
            }
        }
        self.raw_segment(id, elements, id == "ISA");
        Ok(())
    }

    /// Appends a segment whose values are already checked.
    fn raw_segment(&mut self, id: &str, elements: &[&str], keep_empty: bool) {
        let used = if keep_empty {
            elements.len()
        } else {
            elements
                .iter()
                .rposition(|e| !e.is_empty())
                .map_or(0, |i| i + 1)
        };
        self.out.push_str(id);
        for value in &elements[..used] {
            self.out.push(self.delimiters.element());
            self.out.push_str(value);
        }
        self.out.push(self.delimiters.segment());
        self.out.push_str(match self.line_ending {
            LineEnding::None => "",
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        });
    }
}
