//! `claims audit export <claim_id> [--output FILE]`: a claim's history as JSON for an
//! auditor's own tools, self-contained enough to re-verify without this system: each commit's
//! stored bytes, its hash and its predecessor's, the sequences it lists, and the partner's
//! original message behind each decision caused by one.

use std::io::Write;

use anyhow::Context;
use claims_events::ClaimId;
use claims_store::EventStore;
use serde_json::json;

use super::show::{history_json, Detail, History};
use super::ExportArgs;

/// How to re-check the chain from the file alone, carried in the file.
const HOW_TO_VERIFY: &str = "Each commit's hash is the SHA-256 of its stored bytes \
(stored_base64: \"CLM\", a format version, then bincode 2). A commit's previous_hash is the \
hash of the claim's previous commit (none for the first), and its previous_sequences are the \
stream sequences of all earlier commits, oldest first. An original is the INBOX message, \
byte for byte, that caused the commit.";

pub async fn run(store: &EventStore, args: &ExportArgs) -> anyhow::Result<()> {
    let claim_id: ClaimId = args.claim_id.parse()?;
    let history = History::load(store, claim_id, args.as_of, true).await?;
    let mut value = history_json(&history, Detail::StoredBytes);
    value["exported_at"] = json!(chrono::Utc::now());
    value["how_to_verify"] = json!(HOW_TO_VERIFY);
    let text = serde_json::to_string_pretty(&value)? + "\n";
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "claim {claim_id}: {} commit(s) exported to {}",
                history.claim.commits.len(),
                path.display()
            );
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}
