//! Turns the CDC's ICD-10-CM tabular list XML into the compact table the library embeds
//! (`data/icd10cm-fy2026.tsv`). The XML is 10 MB of nested markup that needs a parser; the
//! table is plain tab-separated text a loader reads in milliseconds with no dependencies, and
//! it already has the derived facts a coder needs: billable or not, the 7th-character values
//! inherited from the nearest ancestor, and Excludes1 notes with their code references read out.
//!
//! Usage: `build-icd10-table <tabular.xml.gz> <out.tsv>` (plain `.xml` also accepted).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use claims_codes::reference::references_in_note;
use claims_codes::{ICD10CM, TABLE_FORMAT};
use roxmltree::Node;
use sha2::{Digest, Sha256};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = args.as_slice() else {
        eprintln!("usage: build-icd10-table <icd10cm-tabular.xml.gz> <out.tsv>");
        return ExitCode::from(2);
    };
    match run(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build-icd10-table: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, output: &Path) -> Result<(), String> {
    let raw = std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()))?;
    let xml = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| format!("gunzip: {e}"))?;
        out
    } else {
        raw
    };
    let sha256 = format!("{:x}", Sha256::digest(&xml));
    let text = std::str::from_utf8(&xml).map_err(|e| format!("not UTF-8: {e}"))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("XML: {e}"))?;
    let root = doc.root_element();
    let version = child_text(root, "version").unwrap_or_default();
    if version != ICD10CM.fiscal_year.to_string() {
        return Err(format!(
            "the XML is version {version:?} but the crate describes FY{}: update ICD10CM in src/version.rs first",
            ICD10CM.fiscal_year
        ));
    }

    let mut table = Table::default();
    for chapter in children(root, "chapter") {
        let name = child_text(chapter, "name").ok_or("chapter without a name")?;
        let desc = child_text(chapter, "desc").ok_or("chapter without a desc")?;
        table.body.push(format!("chapter\t{name}\t{desc}"));
        table.excludes1(chapter, &format!("chapter {name}"));
        for section in children(chapter, "section") {
            let id = section.attribute("id").ok_or("section without an id")?;
            let desc = child_text(section, "desc").ok_or("section without a desc")?;
            table.body.push(format!("section\t{id}\t{desc}"));
            table.excludes1(section, id);
            for diag in children(section, "diag") {
                table.diag(diag, None, None)?;
            }
        }
    }

    let source = input.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    let mut out = String::new();
    out.push_str("# ICD-10-CM tabular list as a compact table, written by build-icd10-table (services/codes).\n");
    out.push_str("# Do not edit by hand: regenerate it (see services/codes/README.md).\n");
    for (key, value) in [
        ("format", TABLE_FORMAT.to_string()),
        ("code_set", ICD10CM.name.to_string()),
        ("fiscal_year", ICD10CM.fiscal_year.to_string()),
        ("fiscal_year_start", ICD10CM.fiscal_year_start.to_string()),
        ("valid_from", ICD10CM.valid_from.to_string()),
        ("valid_to", ICD10CM.valid_to.to_string()),
        ("source", source.to_string()),
        ("source_sha256", sha256.clone()),
        ("counts", table.counts()),
    ] {
        out.push_str(&format!("# {key}\t{value}\n"));
    }
    out.push_str(concat!(
        "# Rows, tab-separated, in tabular order (a code's subdivisions follow it):\n",
        "#   seventh <id> <char>=<meaning>|...   a set of 7th-character values\n",
        "#   chapter <number> <title>\n",
        "#   section <first-last> <title>\n",
        "#   <code> <status> <description>       status: B billable; N has subdivisions;\n",
        "#                                       7:<id> billable only with a 7th character from set <id>\n",
        "#                                       (inherited from the nearest ancestor); P placeholder level\n",
        "#   excludes1 <refs> <note>             Excludes1 note of the chapter, section or code above;\n",
        "#                                       refs: codes/ranges it names (E10 = E10.-), @p=v narrows to\n",
        "#                                       character(s) v at position p; - when none could be read\n",
    ));
    for (id, set) in table.seventh_sets.iter().enumerate() {
        out.push_str(&format!("seventh\t{id}\t{set}\n"));
    }
    for line in &table.body {
        out.push_str(line);
        out.push('\n');
    }
    std::fs::write(output, &out).map_err(|e| format!("{}: {e}", output.display()))?;
    eprintln!("source sha256 (uncompressed): {sha256}");
    eprintln!("{}", table.counts());
    eprintln!("{} bytes written to {}", out.len(), output.display());
    for (owner, group) in &table.unresolved {
        eprintln!("unresolved Excludes1 reference under {owner}: ({group})");
    }
    Ok(())
}

#[derive(Default)]
struct Table {
    body: Vec<String>,
    seventh_sets: Vec<String>,
    seventh_ids: HashMap<String, usize>,
    unresolved: Vec<(String, String)>,
    codes: usize,
    leaves: usize,
    billable: usize,
    notes: usize,
    notes_with_refs: usize,
}

impl Table {
    /// Writes `diag` and its subdivisions. `seventh` is the set inherited from an ancestor.
    fn diag(
        &mut self,
        diag: Node,
        parent: Option<&str>,
        seventh: Option<usize>,
    ) -> Result<(), String> {
        let code = child_text(diag, "name").ok_or("diag without a name")?;
        let desc = child_text(diag, "desc").ok_or_else(|| format!("{code} has no desc"))?;
        let key: String = code.chars().filter(|&c| c != '.').collect();
        if let Some(parent) = parent {
            let parent_key: String = parent.chars().filter(|&c| c != '.').collect();
            if !key.starts_with(&parent_key) || key.len() != parent_key.len() + 1 {
                return Err(format!(
                    "{code} does not extend its parent {parent} by one character"
                ));
            }
        }
        let seventh = match children(diag, "sevenChrDef").next() {
            Some(def) => Some(self.seventh_set(def, &code)?),
            None => seventh,
        };
        let subdivisions: Vec<Node> = children(diag, "diag").collect();
        let status = if !subdivisions.is_empty() {
            if diag.attribute("placeholder") == Some("true") {
                "P".to_string()
            } else {
                "N".to_string()
            }
        } else if let Some(id) = seventh {
            if key.len() > 6 {
                return Err(format!(
                    "{code} already has 7 characters but a 7th character applies"
                ));
            }
            self.billable += self.seventh_sets[id].split('|').count();
            format!("7:{id}")
        } else {
            self.billable += 1;
            "B".to_string()
        };
        self.codes += 1;
        if subdivisions.is_empty() {
            self.leaves += 1;
        }
        self.body.push(format!("{code}\t{status}\t{desc}"));
        self.excludes1(diag, &code);
        for sub in subdivisions {
            self.diag(sub, Some(&code), seventh)?;
        }
        Ok(())
    }

    /// Registers (once) the 7th-character set defined at `def` and returns its id.
    fn seventh_set(&mut self, def: Node, code: &str) -> Result<usize, String> {
        let mut values = Vec::new();
        for ext in children(def, "extension") {
            let c = ext.attribute("char").unwrap_or_default();
            let meaning = clean(ext.text().unwrap_or_default());
            let valid_char = c.len() == 1
                && c.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
            if !valid_char || meaning.is_empty() || meaning.contains(['|', '=']) {
                return Err(format!(
                    "{code}: unusable 7th character {c:?} = {meaning:?}"
                ));
            }
            values.push(format!("{c}={meaning}"));
        }
        if values.is_empty() {
            return Err(format!("{code}: empty sevenChrDef"));
        }
        let set = values.join("|");
        let next = self.seventh_sets.len();
        let id = *self.seventh_ids.entry(set.clone()).or_insert(next);
        if id == next {
            self.seventh_sets.push(set);
        }
        Ok(id)
    }

    /// Writes the Excludes1 notes directly under `node` (a chapter, section or diag).
    fn excludes1(&mut self, node: Node, owner: &str) {
        for block in children(node, "excludes1") {
            for note in children(block, "note") {
                let text = clean(note.text().unwrap_or_default());
                let found = references_in_note(&text);
                let refs: Vec<String> = found.refs.iter().map(ToString::to_string).collect();
                let refs = if refs.is_empty() {
                    "-".to_string()
                } else {
                    refs.join(",")
                };
                for group in found.unresolved {
                    self.unresolved.push((owner.to_string(), group));
                }
                self.notes += 1;
                if refs != "-" {
                    self.notes_with_refs += 1;
                }
                self.body.push(format!("excludes1\t{refs}\t{text}"));
            }
        }
    }

    fn counts(&self) -> String {
        format!(
            "codes={} leaves={} billable_codes={} seventh_sets={} excludes1_notes={} excludes1_with_refs={} unresolved_ref_groups={}",
            self.codes,
            self.leaves,
            self.billable,
            self.seventh_sets.len(),
            self.notes,
            self.notes_with_refs,
            self.unresolved.len()
        )
    }
}

fn children<'a, 'i>(node: Node<'a, 'i>, tag: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |n| n.has_tag_name(tag))
}

fn child_text(node: Node, tag: &'static str) -> Option<String> {
    children(node, tag)
        .next()
        .map(|n| clean(n.text().unwrap_or_default()))
}

/// Collapses runs of whitespace (tabs and newlines included) into one space.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
