//! `claims audit`: a claim's history read from the log itself, never from read models.
//!
//! # Layout
//!
//! - `show`: one claim's commits in order, as of any instant (`as_of`), with the partner's
//!   original message behind each decision (`original`).
//! - `export`: the same history as self-contained JSON for an auditor's own tools.
//! - `verify`: the log read in order through the pure `verifier`, which chains each claim's
//!   commits and checks its `books` after every one.
//! - `bench`: `claims bench audit`.

mod as_of;
pub mod bench;
mod books;
#[cfg(test)]
mod cycle;
mod export;
mod original;
mod show;
mod verifier;
mod verify;

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use claims_runtime::Settings;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Every commit of a claim in order, with who, why, what, and the status and balance after.
    Show(ShowArgs),
    /// Check hash chains, sequences, decoding and ledger invariants of one claim or the whole
    /// log; lists every problem and exits with 1 if there is any.
    Verify(VerifyArgs),
    /// Write a claim's history as JSON, with what an auditor needs to re-verify it.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The claim id (a lower-case UUID, as in receipts and CLM01).
    pub claim_id: String,
    /// Show the claim as it stood at this instant: RFC 3339, or YYYY-MM-DD for the end of
    /// that day (UTC).
    #[arg(long, value_parser = as_of::parse)]
    pub as_of: Option<DateTime<Utc>>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The claim to verify.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub claim_id: Option<String>,
    /// Verify every claim in the log.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The claim id.
    pub claim_id: String,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Export the history as it stood at this instant (as for `show`).
    #[arg(long, value_parser = as_of::parse)]
    pub as_of: Option<DateTime<Utc>>,
}

pub async fn run(settings: Settings, command: AuditCommand) -> anyhow::Result<()> {
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-audit").await?;
    let store = claims_store::EventStore::open_existing(client).await?;
    match command {
        AuditCommand::Show(args) => show::run(&store, &args).await,
        AuditCommand::Export(args) => export::run(&store, &args).await,
        AuditCommand::Verify(args) => {
            if !verify::run(&store, &args).await? {
                // The report is printed; a log that did not verify must fail scripts and CI
                // that run this, so the exit code says so.
                std::io::stdout().flush()?;
                std::process::exit(1);
            }
            Ok(())
        }
    }
}
