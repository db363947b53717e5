//! `claims era inspect`: the file read and checked as the remittance service would, and
//! nothing published.

use std::path::Path;

use anyhow::Context;

use super::{report, table};

pub fn run(file: &Path, json: bool) -> anyhow::Result<()> {
    let inspection = inspect_file(file)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&inspection)?);
    } else {
        print!("{}", table::render(&inspection));
    }
    Ok(())
}

/// Reads and inspects `file`; the error names the file and what the X12 reader found wrong.
pub fn inspect_file(file: &Path) -> anyhow::Result<report::Inspection> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {} as text", file.display()))?;
    report::inspect_text(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a readable 835: {e}", file.display()))
}
