//! `claims audit`: a claim's history read from the log itself, never from read models.

mod show;

use claims_runtime::Settings;

use crate::cli::AuditCommand;

pub async fn run(settings: Settings, command: AuditCommand) -> anyhow::Result<()> {
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, "claims-audit").await?;
    let store = claims_store::EventStore::open_existing(client).await?;
    match command {
        AuditCommand::Show(args) => show::run(&store, &args).await,
    }
}
