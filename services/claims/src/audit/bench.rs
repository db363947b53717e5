//! `claims bench audit` (being written).

use claims_store::EventStore;

#[derive(Debug, clap::Args)]
pub struct AuditBenchArgs {}

pub async fn run(_store: &EventStore, _args: &AuditBenchArgs) -> anyhow::Result<serde_json::Value> {
    anyhow::bail!("claims bench audit is not written yet")
}
