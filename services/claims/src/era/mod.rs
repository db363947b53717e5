//! `claims era`: an 835 remittance seen before it is posted (`inspect`), or handed to the
//! system as a clearinghouse would (`import`).
//!
//! - `import`: publish to `inbox.<partner>.era` through `claims send`, print the receipt.
//! - `report`: the inspection of parsed remittances, pure (what the tests check).
//! - `table`: that inspection as text for a person.
//! - `inspect`: read the file, build the report, print it as a table or JSON.

pub mod import;
pub mod inspect;
pub mod report;
pub mod table;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

use claims_runtime::Settings;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum EraCommand {
    /// Publish an 835 file to `inbox.<partner>.era` as the clearinghouse would, and print
    /// the receipt the system answers with.
    Import(ImportArgs),
    /// Read an 835 file without posting it: every payment, every claim (by CLP01, never by
    /// patient name) and whether it balances.
    Inspect(InspectArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The X12 835 file.
    pub file: PathBuf,
    /// The clearinghouse or payer sending it, e.g. availity.
    #[arg(long)]
    pub partner: String,
    /// The sender's message id; importing the same id again changes nothing. Default: a
    /// new one.
    #[arg(long)]
    pub message_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The X12 835 file.
    pub file: PathBuf,
    /// Print the inspection as JSON (see docs/contracts/remittance.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(settings: Settings, command: EraCommand) -> anyhow::Result<()> {
    match command {
        EraCommand::Import(args) => {
            let receipt =
                import::import(&settings, &args.file, &args.partner, args.message_id).await?;
            println!("{}", serde_json::to_string_pretty(&receipt)?);
            Ok(())
        }
        EraCommand::Inspect(args) => inspect::run(&args.file, args.json),
    }
}
