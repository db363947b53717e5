//! `claims codes show` and `claims codes search`: the ICD-10-CM FY2026 code set at a coder's
//! fingertips, from the table embedded in the binary (no NATS needed).

use claims_codes::CodeSet;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// One code: its description, whether it is billable, and what to use instead if not.
    Show {
        /// E11.9, e119, S72.001A ...
        code: String,
    },
    /// Ranked text search over the descriptions; billable codes are marked.
    Search {
        /// Words to look for ("type 2 diabetes").
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

pub fn run(command: CodesCommand) -> anyhow::Result<()> {
    let codes = CodeSet::embedded()
        .map_err(|e| anyhow::anyhow!("the embedded code set does not load: {e}"))?;
    let version = codes.version();
    match command {
        CodesCommand::Show { code } => {
            let validity = codes.validate(&code);
            match codes.lookup(&code) {
                Some(info) => {
                    println!("{}  {}", info.code, info.description);
                    println!(
                        "  {}",
                        if validity.is_billable() {
                            "billable".to_owned()
                        } else {
                            validity.to_string()
                        }
                    );
                }
                None => println!("{code}: {validity}"),
            }
            println!("  code set: {}", version.name);
        }
        CodesCommand::Search { query, limit } => {
            let hits = codes.search(&query, limit);
            if hits.is_empty() {
                println!("no code matches \"{query}\" in {}", version.name);
            }
            for hit in hits {
                let mark = if hit.billable {
                    "billable"
                } else if hit.requires_seventh_character {
                    "needs 7th"
                } else {
                    "header"
                };
                println!("{:<9} {:<9} {}", hit.code, mark, hit.description);
            }
        }
    }
    Ok(())
}
