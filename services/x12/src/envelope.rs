//! The ISA/GS/ST envelopes around transactions, checked against their trailers.
//!
//! A file from a clearinghouse may hold several interchanges (ISA ... IEA), each with
//! functional groups (GS ... GE), each with transaction sets (ST ... SE). The trailers
//! carry counts and control numbers precisely so that a receiver can tell a complete file
//! from a damaged one: SE01 counts the segments from ST to SE, SE02 repeats ST02, GE01
//! counts the sets and GE02 repeats GS06, IEA01 counts the groups and IEA02 repeats ISA13.
//! This module walks the segments once, builds the nesting and refuses any disagreement,
//! naming the trailer that disagrees. Transaction readers (835, 999, 277CA) start here.

use crate::delimiters::Delimiters;
use crate::error::{Location, X12Error};
use crate::reader::SegmentReader;
use crate::segment::Segment;

/// One interchange (ISA ... IEA).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interchange<'a> {
    /// The ISA segment, for anything not lifted into fields.
    pub header: Segment<'a>,
    /// The delimiters its ISA declares.
    pub delimiters: Delimiters,
    /// ISA06 without its padding.
    pub sender_id: &'a str,
    /// ISA08 without its padding.
    pub receiver_id: &'a str,
    /// ISA13, as written.
    pub control_number: &'a str,
    /// ISA15: `P` production, `T` test.
    pub usage_indicator: &'a str,
    /// The functional groups, in order.
    pub groups: Vec<FunctionalGroup<'a>>,
}

/// One functional group (GS ... GE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionalGroup<'a> {
    /// The GS segment.
    pub header: Segment<'a>,
    /// GS01, such as `HP` (835), `HC` (837), `FA` (999), `HN` (277).
    pub functional_id: &'a str,
    /// GS02, the application sender's code.
    pub sender: &'a str,
    /// GS03, the application receiver's code.
    pub receiver: &'a str,
    /// GS06.
    pub control_number: &'a str,
    /// GS08, the implementation guide, such as `005010X221A1`.
    pub version: &'a str,
    /// The transaction sets, in order.
    pub transactions: Vec<Transaction<'a>>,
}

/// One transaction set (ST ... SE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction<'a> {
    /// The ST segment.
    pub header: Segment<'a>,
    /// ST01, such as `835`.
    pub set_id: &'a str,
    /// ST02.
    pub control_number: &'a str,
    /// ST03 when present, otherwise the group's GS08: the implementation guide.
    pub version: &'a str,
    /// The segments between ST and SE, in order (empty when the transaction was read by
    /// [`walk_interchanges`], which hands them to its [`TransactionBody`] instead).
    pub body: Vec<Segment<'a>>,
}

impl Transaction<'_> {
    /// `835 (005010X221A1)`: how to name the transaction in a message.
    pub fn describe(&self) -> String {
        format!("{} ({})", self.set_id, self.version)
    }
}

/// Reads and checks every envelope in `input`, each transaction with its body.
pub fn read_interchanges(input: &str) -> Result<Vec<Interchange<'_>>, X12Error> {
    walk_interchanges(input, &mut KeepBody)
}

/// What a reader does with the segments between ST and SE as the envelopes are walked.
///
/// A reader that types a transaction segment by segment (the 835's) takes them here as
/// they come instead of from a `Vec` of the whole body: a large 835 has tens of thousands
/// of segments, and holding them all first cost more than reading them.
pub trait TransactionBody<'a> {
    /// The next segment of `transaction`'s body.
    fn segment(
        &mut self,
        transaction: &mut Transaction<'a>,
        seg: Segment<'a>,
    ) -> Result<(), X12Error>;

    /// `transaction`'s SE has been read and agrees with its ST and body.
    fn close(&mut self, transaction: &mut Transaction<'a>) -> Result<(), X12Error>;
}

/// Keeps every segment in [`Transaction::body`].
struct KeepBody;

impl<'a> TransactionBody<'a> for KeepBody {
    fn segment(
        &mut self,
        transaction: &mut Transaction<'a>,
        seg: Segment<'a>,
    ) -> Result<(), X12Error> {
        transaction.body.push(seg);
        Ok(())
    }

    fn close(&mut self, _transaction: &mut Transaction<'a>) -> Result<(), X12Error> {
        Ok(())
    }
}

/// Reads and checks every envelope in `input`, giving each transaction's body segments to
/// `body` (the transactions returned have empty bodies).
pub fn walk_interchanges<'a>(
    input: &'a str,
    body: &mut impl TransactionBody<'a>,
) -> Result<Vec<Interchange<'a>>, X12Error> {
    let mut walker = Walker::default();
    for segment in SegmentReader::new(input) {
        walker.accept(segment?, body)?;
    }
    walker.finish()
}

/// Every transaction set of `interchanges`, in order.
pub fn transactions<'s, 'a>(
    interchanges: &'s [Interchange<'a>],
) -> impl Iterator<Item = &'s Transaction<'a>> {
    interchanges
        .iter()
        .flat_map(|i| &i.groups)
        .flat_map(|g| &g.transactions)
}

#[derive(Default)]
struct Walker<'a> {
    done: Vec<Interchange<'a>>,
    interchange: Option<Interchange<'a>>,
    group: Option<FunctionalGroup<'a>>,
    transaction: Option<Transaction<'a>>,
    /// Segments between the open transaction's ST and now, for SE01.
    body_segments: usize,
    /// The last segment read (its number and id), for an error at the end of the input.
    last: Option<(usize, &'a str)>,
}

impl<'a> Walker<'a> {
    fn accept(
        &mut self,
        seg: Segment<'a>,
        body: &mut impl TransactionBody<'a>,
    ) -> Result<(), X12Error> {
        self.last = Some((seg.position(), seg.id()));
        match seg.id() {
            "ISA" => self.open_interchange(seg),
            "GS" => self.open_group(seg),
            "ST" => self.open_transaction(seg),
            "SE" => self.close_transaction(seg, body),
            "GE" => self.close_group(seg),
            "IEA" => self.close_interchange(seg),
            // TA1 (interchange acknowledgment) sits between ISA and GS.
            "TA1" if self.interchange.is_some() && self.group.is_none() => Ok(()),
            _ => match &mut self.transaction {
                Some(transaction) => {
                    self.body_segments += 1;
                    body.segment(transaction, seg)
                }
                None => Err(envelope(
                    &seg,
                    "segment outside a transaction set (ST ... SE)",
                )),
            },
        }
    }

    fn open_interchange(&mut self, seg: Segment<'a>) -> Result<(), X12Error> {
        if let Some(open) = &self.interchange {
            return Err(envelope(
                &seg,
                format!(
                    "ISA before the IEA closing the interchange opened at segment {}",
                    open.header.position()
                ),
            ));
        }
        self.interchange = Some(Interchange {
            delimiters: seg.delimiters(),
            sender_id: seg.element(6).trim_end(),
            receiver_id: seg.element(8).trim_end(),
            control_number: seg.required(13)?,
            usage_indicator: seg.element(15),
            groups: Vec::new(),
            header: seg,
        });
        Ok(())
    }

    fn open_group(&mut self, seg: Segment<'a>) -> Result<(), X12Error> {
        if self.interchange.is_none() || self.group.is_some() {
            return Err(envelope(
                &seg,
                "GS outside an interchange or before the GE closing the previous group",
            ));
        }
        self.group = Some(FunctionalGroup {
            functional_id: seg.required(1)?,
            sender: seg.element(2),
            receiver: seg.element(3),
            control_number: seg.required(6)?,
            version: seg.element(8),
            transactions: Vec::new(),
            header: seg,
        });
        Ok(())
    }

    fn open_transaction(&mut self, seg: Segment<'a>) -> Result<(), X12Error> {
        let Some(group) = &self.group else {
            return Err(envelope(&seg, "ST outside a functional group (GS ... GE)"));
        };
        if self.transaction.is_some() {
            return Err(envelope(
                &seg,
                "ST before the SE closing the previous transaction set",
            ));
        }
        self.body_segments = 0;
        self.transaction = Some(Transaction {
            set_id: seg.required(1)?,
            control_number: seg.required(2)?,
            version: seg.get(3).unwrap_or(group.version),
            body: Vec::new(),
            header: seg,
        });
        Ok(())
    }

    fn close_transaction(
        &mut self,
        seg: Segment<'a>,
        body: &mut impl TransactionBody<'a>,
    ) -> Result<(), X12Error> {
        let Some(mut transaction) = self.transaction.take() else {
            return Err(envelope(&seg, "SE without a matching ST"));
        };
        check_count(&seg, "SE01", self.body_segments + 2, "segments")?;
        check_control(&seg, "SE02", &transaction.header, "ST02")?;
        body.close(&mut transaction)?;
        if let Some(group) = &mut self.group {
            group.transactions.push(transaction);
        }
        Ok(())
    }

    fn close_group(&mut self, seg: Segment<'a>) -> Result<(), X12Error> {
        if self.transaction.is_some() {
            return Err(envelope(
                &seg,
                "GE before the SE closing the transaction set",
            ));
        }
        let Some(group) = self.group.take() else {
            return Err(envelope(&seg, "GE without a matching GS"));
        };
        check_count(&seg, "GE01", group.transactions.len(), "transaction sets")?;
        check_control(&seg, "GE02", &group.header, "GS06")?;
        if let Some(interchange) = &mut self.interchange {
            interchange.groups.push(group);
        }
        Ok(())
    }

    fn close_interchange(&mut self, seg: Segment<'a>) -> Result<(), X12Error> {
        if self.group.is_some() || self.transaction.is_some() {
            return Err(envelope(
                &seg,
                "IEA before the GE closing the functional group",
            ));
        }
        let Some(interchange) = self.interchange.take() else {
            return Err(envelope(&seg, "IEA without a matching ISA"));
        };
        check_count(&seg, "IEA01", interchange.groups.len(), "functional groups")?;
        check_control(&seg, "IEA02", &interchange.header, "ISA13")?;
        self.done.push(interchange);
        Ok(())
    }

    fn finish(self) -> Result<Vec<Interchange<'a>>, X12Error> {
        let missing = if self.transaction.is_some() {
            Some("SE")
        } else if self.group.is_some() {
            Some("GE")
        } else if self.interchange.is_some() {
            Some("IEA")
        } else {
            None
        };
        match (missing, self.last) {
            (Some(trailer), Some((segment, id))) => Err(X12Error::Envelope {
                at: Location {
                    segment,
                    id: id.to_owned(),
                },
                problem: format!(
                    "the input ends here without the {trailer} trailer; the file looks truncated"
                ),
            }),
            _ => Ok(self.done),
        }
    }
}

fn envelope(seg: &Segment<'_>, problem: impl Into<String>) -> X12Error {
    X12Error::Envelope {
        at: seg.location(),
        problem: problem.into(),
    }
}

/// Checks the count in the trailer's first element (`SE01`, `GE01`, `IEA01`).
fn check_count(
    trailer: &Segment<'_>,
    element: &'static str,
    counted: usize,
    what: &'static str,
) -> Result<(), X12Error> {
    let declared = trailer.required(1)?;
    let matches = declared.bytes().all(|b| b.is_ascii_digit())
        && declared.parse::<usize>().is_ok_and(|d| d == counted);
    if matches {
        return Ok(());
    }
    Err(X12Error::CountMismatch {
        at: trailer.location(),
        element,
        declared: declared.to_owned(),
        counted,
        what,
    })
}

/// Checks the control number in the trailer's second element against the header's.
/// They match when they are the same text, or the same number written with a different
/// count of leading zeros (some senders trim ISA13's zeros in IEA02).
fn check_control(
    trailer: &Segment<'_>,
    trailer_element: &'static str,
    header: &Segment<'_>,
    header_element: &'static str,
) -> Result<(), X12Error> {
    let position = |name: &str| name[name.len() - 2..].parse::<usize>().unwrap_or_default();
    let found = trailer.required(2)?;
    let expected = header.element(position(header_element));
    let numeric = |s: &str| {
        Some(s)
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u64>().ok())
    };
    if found == expected || numeric(found).is_some_and(|f| Some(f) == numeric(expected)) {
        return Ok(());
    }
    Err(X12Error::ControlNumberMismatch {
        at: trailer.location(),
        trailer: trailer_element,
        found: found.to_owned(),
        header: header_element,
        header_segment: header.position(),
        expected: expected.to_owned(),
    })
}
