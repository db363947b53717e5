//! `claims era import`: an 835 published exactly as `claims send` would publish it to
//! `inbox.<partner>.era`, so the receipt is the one a clearinghouse gets.

use std::path::Path;

use anyhow::Context;
use claims_events::{subjects, PartnerId};
use claims_runtime::Settings;

/// The era inbox of `partner`, or why `partner` cannot be one: checked before anything is
/// sent, because a bad id would otherwise become a subject no service listens on and the
/// import would only fail after the 30 s wait for a receipt.
pub fn era_subject(partner: &str) -> anyhow::Result<String> {
    let partner: PartnerId = partner
        .parse()
        .with_context(|| format!("--partner `{partner}` cannot name an inbox"))?;
    Ok(subjects::inbox(&partner.to_string(), "era"))
}

/// Publishes `file` to `partner`'s era inbox and returns the system's receipt.
pub async fn import(
    settings: &Settings,
    file: &Path,
    partner: &str,
    message_id: Option<String>,
) -> anyhow::Result<serde_json::Value> {
    let subject = era_subject(partner)?;
    crate::send::send(settings, &subject, file, message_id).await
}
