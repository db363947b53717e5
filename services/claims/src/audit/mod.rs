//! `claims audit`: a claim's history read from the log itself, never from read models.

pub mod bench;
mod show;

use claims_runtime::Settings;
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Every commit of a claim in order, with who, why, what, and the status and balance after.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The claim id (a lower-case UUID, as in receipts and CLM01).
    pub claim_id: String,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(settings: Settings, command: AuditCommand) -> anyhow::Result<()> {
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, "claims-audit").await?;
    let store = claims_store::EventStore::open_existing(client).await?;
    match command {
        AuditCommand::Show(args) => show::run(&store, &args).await,
    }
}
