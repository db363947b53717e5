//! Loading the code table. The table (see `data/icd10cm-fy2026.tsv` and the generator) is
//! embedded in the binary and read once at start-up into a flat list of chapters, sections and
//! codes in tabular order, so that a code's subdivisions are the entries right after it and its
//! ancestors are a chain of parent links. Descriptions and note texts stay borrowed from the
//! embedded text; only indexes are allocated.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::reference::CodeRef;
use crate::search::SearchIndex;
use crate::version::{CodeSetVersion, ICD10CM};
use crate::{code, Error};

/// Format tag written in the table header; the loader refuses other formats.
pub const TABLE_FORMAT: &str = "claims-codes-icd10cm/1";

/// The table as committed in `data/`, compiled into every binary that uses this crate.
pub const EMBEDDED_TABLE: &str = include_str!("../data/icd10cm-fy2026.tsv");

/// No parent (chapters) or no 7th-character set.
pub(crate) const NONE: u32 = u32::MAX;

/// What a table entry is and whether it can be billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Chapter,
    Section,
    /// A leaf code, billable as is.
    Billable,
    /// A category or subcategory with subdivisions.
    HasSubdivisions,
    /// A leaf code billable only with a 7th character from this set.
    NeedsSeventh(u32),
    /// An `X` level the source inserts above real codes (T36.0X); not a code itself.
    Placeholder,
}

/// One chapter, section or code of the tabular list.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Dotted code ("E11.9"), section id ("E08-E13") or chapter number ("4").
    pub label: &'static str,
    pub desc: &'static str,
    pub status: Status,
    pub parent: u32,
    /// One past the last subdivision: subdivisions are `index + 1 .. end`.
    pub end: u32,
    /// This entry's Excludes1 notes: `notes[start..end]` of the code set.
    pub notes: (u32, u32),
}

/// An Excludes1 note and the code references read out of it.
#[derive(Debug, Clone)]
pub(crate) struct ExcludesNote {
    pub text: &'static str,
    pub refs: Vec<CodeRef>,
}

/// The loaded ICD-10-CM code set: every lookup, check and search goes through it.
#[derive(Debug)]
pub struct CodeSet {
    pub(crate) version: CodeSetVersion,
    pub(crate) header: Vec<(&'static str, &'static str)>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) by_key: HashMap<String, u32>,
    pub(crate) notes: Vec<ExcludesNote>,
    pub(crate) sevenths: Vec<Vec<(char, &'static str)>>,
    pub(crate) search: SearchIndex,
}

impl CodeSet {
    /// The code set embedded in this crate, loaded on first use and shared afterwards.
    pub fn embedded() -> Result<&'static CodeSet, Error> {
        static LOADED: OnceLock<Result<CodeSet, Error>> = OnceLock::new();
        LOADED
            .get_or_init(|| CodeSet::from_table(EMBEDDED_TABLE))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads a table in the generator's format. Its header must name the release this crate
    /// describes ([`ICD10CM`]).
    pub fn from_table(text: &'static str) -> Result<CodeSet, Error> {
        let mut set = CodeSet {
            version: ICD10CM,
            header: Vec::new(),
            nodes: Vec::with_capacity(48_000),
            by_key: HashMap::with_capacity(48_000),
            notes: Vec::with_capacity(6_000),
            sevenths: Vec::new(),
            search: SearchIndex::default(),
        };
        // Open entries, innermost last, with the undotted key of codes.
        let mut open: Vec<(u32, Option<String>)> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let bad = |reason: &str| Error::MalformedTable {
                line: n + 1,
                reason: reason.to_string(),
            };
            if let Some(comment) = line.strip_prefix('#') {
                if let Some((key, value)) = comment.trim_start().split_once('\t') {
                    set.header.push((key, value));
                }
                continue;
            }
            if line.is_empty() {
                continue;
            }
            let mut fields = line.splitn(3, '\t');
            let (Some(kind), Some(id), Some(text)) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(bad("expected three tab-separated fields"));
            };
            let index = set.nodes.len() as u32;
            let (status, key) = match kind {
                "seventh" => {
                    if id.parse::<usize>().ok() != Some(set.sevenths.len()) {
                        return Err(bad(
                            "7th-character sets must be numbered 0, 1, 2... in order",
                        ));
                    }
                    set.sevenths.push(
                        parse_seventh(text).ok_or_else(|| bad("unreadable 7th-character set"))?,
                    );
                    continue;
                }
                "excludes1" => {
                    let refs = if id == "-" {
                        Vec::new()
                    } else {
                        id.split(',')
                            .map(CodeRef::parse_compact)
                            .collect::<Option<Vec<_>>>()
                            .ok_or_else(|| bad("unreadable reference"))?
                    };
                    let owner = set
                        .nodes
                        .last_mut()
                        .ok_or_else(|| bad("note before any entry"))?;
                    let at = set.notes.len() as u32;
                    if owner.notes.1 != owner.notes.0 && owner.notes.1 != at {
                        return Err(bad("notes must follow their entry"));
                    }
                    if owner.notes.1 == owner.notes.0 {
                        owner.notes = (at, at);
                    }
                    owner.notes.1 = at + 1;
                    set.notes.push(ExcludesNote { text, refs });
                    continue;
                }
                "chapter" => {
                    close(&mut set.nodes, &mut open, index, |_| false);
                    (Status::Chapter, None)
                }
                "section" => {
                    close(&mut set.nodes, &mut open, index, |s| s == Status::Chapter);
                    (Status::Section, None)
                }
                code_label => {
                    let status = parse_status(id, set.sevenths.len())
                        .ok_or_else(|| bad("unknown status"))?;
                    let key = code::key(code_label).ok_or_else(|| bad("not a code"))?;
                    // Close entries that are not ancestors: codes whose key is not a prefix
                    // of this one, and a chapter with no section open.
                    while let Some((i, k)) = open.last() {
                        let i = *i as usize;
                        let ancestor = match k {
                            Some(prefix) => key.starts_with(prefix.as_str()),
                            None => set.nodes[i].status == Status::Section,
                        };
                        if ancestor {
                            break;
                        }
                        set.nodes[i].end = index;
                        open.pop();
                    }
                    if open.is_empty() {
                        return Err(bad("code outside a section"));
                    }
                    if set.by_key.insert(key.clone(), index).is_some() {
                        return Err(bad("code listed twice"));
                    }
                    (status, Some(key))
                }
            };
            let parent = open.last().map_or(NONE, |(i, _)| *i);
            set.nodes.push(Node {
                label: id_or_code(kind, id),
                desc: text,
                status,
                parent,
                end: index + 1,
                notes: (0, 0),
            });
            open.push((index, key));
        }
        let end = set.nodes.len() as u32;
        close(&mut set.nodes, &mut open, end, |_| false);
        set.check_header()?;
        set.search = SearchIndex::build(&set.nodes);
        Ok(set)
    }

    /// The release loaded, with the dates of service it governs.
    pub fn version(&self) -> &CodeSetVersion {
        &self.version
    }

    /// A header field of the table, e.g. `source`, `source_sha256`, `counts`.
    pub fn header(&self, field: &str) -> Option<&'static str> {
        self.header
            .iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| *v)
    }

    /// Number of chapters, sections and codes (categories, subcategories, leaves) in the table.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for a table without entries (never the embedded one).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn check_header(&self) -> Result<(), Error> {
        let v = &self.version;
        let expected = [
            ("format", TABLE_FORMAT.to_string()),
            ("code_set", v.name.to_string()),
            ("fiscal_year", v.fiscal_year.to_string()),
            ("valid_from", v.valid_from.to_string()),
            ("valid_to", v.valid_to.to_string()),
        ];
        for (field, expected) in expected {
            let found = self.header(field).unwrap_or_default();
            if found != expected {
                return Err(Error::HeaderMismatch {
                    field: field.to_string(),
                    expected,
                    found: found.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// Chapters and sections are labelled by their number/id; codes by the code (first field).
fn id_or_code(kind: &'static str, id: &'static str) -> &'static str {
    match kind {
        "chapter" | "section" => id,
        code => code,
    }
}

/// Pops open entries until `stop` holds for the innermost one, ending them at `end`.
fn close(
    nodes: &mut [Node],
    open: &mut Vec<(u32, Option<String>)>,
    end: u32,
    stop: impl Fn(Status) -> bool,
) {
    while let Some((i, _)) = open.last() {
        if stop(nodes[*i as usize].status) {
            break;
        }
        nodes[*i as usize].end = end;
        open.pop();
    }
}

fn parse_status(text: &str, sets: usize) -> Option<Status> {
    match text {
        "B" => Some(Status::Billable),
        "N" => Some(Status::HasSubdivisions),
        "P" => Some(Status::Placeholder),
        _ => {
            let id: u32 = text.strip_prefix("7:")?.parse().ok()?;
            ((id as usize) < sets).then_some(Status::NeedsSeventh(id))
        }
    }
}

fn parse_seventh(text: &'static str) -> Option<Vec<(char, &'static str)>> {
    text.split('|')
        .map(|value| {
            let (c, meaning) = value.split_once('=')?;
            let mut chars = c.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() && !meaning.is_empty() => {
                    Some((c, meaning))
                }
                _ => None,
            }
        })
        .collect()
}
