//! `claims code correct`: a coder replaces a claim's diagnoses (and, from a file, its lines).
//! The command goes to the coding service, which checks the new codes exactly as it checks
//! a new claim and records the correction with the operator's id.

use std::path::PathBuf;

use anyhow::Context;
use claims_events::ClaimId;
use claims_runtime::Settings;
use clap::Subcommand;
use serde_json::json;

use crate::operator;

#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Correct a claim's codes; the claim is checked again at once.
    Correct {
        claim_id: String,
        /// Who is making the correction (recorded in the log).
        #[arg(long)]
        operator: String,
        /// The diagnoses, principal first, comma-separated (E11.9,I10).
        #[arg(long, value_delimiter = ',')]
        diagnoses: Vec<String>,
        /// Replacement service lines as a JSON array (encounter/v1 line shape); without it
        /// the claim's current lines are kept.
        #[arg(long)]
        lines_file: Option<PathBuf>,
        #[arg(long)]
        note: Option<String>,
    },
}

pub async fn run(settings: Settings, command: CodeCommand) -> anyhow::Result<()> {
    let CodeCommand::Correct {
        claim_id,
        operator,
        diagnoses,
        lines_file,
        note,
    } = command;
    let claim_id: ClaimId = claim_id.parse()?;
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-cli").await?;
    let lines = match lines_file {
        Some(path) => serde_json::from_slice(
            &std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
        )
        .with_context(|| format!("{} is not a JSON array of lines", path.display()))?,
        None => current_lines(&client, claim_id).await?,
    };
    let command = json!({
        "schema": "code-correct/v1",
        "claim_id": claim_id,
        "operator": operator,
        "diagnoses": diagnoses,
        "lines": lines,
        "note": note,
    });
    operator::report(&operator::send(&client, "code-correct", &command).await?)
}

/// The claim's lines as the log has them, in the command's JSON shape.
async fn current_lines(
    client: &async_nats::Client,
    claim_id: ClaimId,
) -> anyhow::Result<serde_json::Value> {
    let store = claims_store::EventStore::open_existing(client.clone()).await?;
    let claim = store.load(claim_id).await?;
    let coding = claim.state.coding.context("no such claim in the log")?;
    Ok(coding
        .lines
        .iter()
        .map(|line| {
            json!({
                "procedure": line.procedure,
                "modifiers": line.modifiers,
                "units": line.units,
                "charge": line.charge.to_decimal_string(),
                "diagnosis_pointers": line.diagnosis_pointers,
                "service_date": line.service_date,
            })
        })
        .collect())
}
