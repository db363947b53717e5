//! `claims remittance resolve`: a biller's resolution of a payment held in suspense (the
//! `unmatched-remittances` worklist), published as `suspense-resolve/v1` on
//! `inbox.ops.suspense-resolve` and answered by a receipt (docs/contracts/operator-commands.md).

use claims_events::ClaimId;
use claims_runtime::Settings;
use clap::{ArgGroup, Subcommand};
use serde_json::json;

use crate::operator;

#[derive(Debug, Subcommand)]
pub enum RemittanceCommand {
    /// Apply a held payment to the right claim, or dismiss it; either takes it off the list.
    #[command(group(ArgGroup::new("resolution").required(true).args(["apply_to", "dismiss"])))]
    Resolve {
        /// The payment's trace (TRN02, the check or EFT number), as the worklist shows it.
        #[arg(long)]
        trace: String,
        /// CLP01 exactly as the payer sent it (the worklist's patient control number).
        #[arg(long)]
        clp01: String,
        /// Which CLP with this CLP01 under the trace: 1 for the first.
        #[arg(long, default_value_t = 1)]
        occurrence: u32,
        /// Who is acting (recorded in the log).
        #[arg(long)]
        operator: String,
        /// Post the payment to this claim, as if the payer had named it.
        #[arg(long, value_name = "CLAIM_ID")]
        apply_to: Option<String>,
        /// Take it off the list without posting anything, for this reason.
        #[arg(long, value_name = "REASON", value_parser = ["not_our_patient", "refund_requested", "duplicate_payment", "other"])]
        dismiss: Option<String>,
        /// Why (required with `--dismiss other`).
        #[arg(long)]
        note: Option<String>,
    },
}

pub async fn run(settings: Settings, command: RemittanceCommand) -> anyhow::Result<()> {
    let RemittanceCommand::Resolve {
        trace,
        clp01,
        occurrence,
        operator,
        apply_to,
        dismiss,
        note,
    } = command;
    let mut body = json!({"schema": "suspense-resolve/v1", "trace": trace, "clp01": clp01,
                          "occurrence": occurrence, "operator": operator, "note": note});
    match (apply_to, dismiss) {
        (Some(claim_id), _) => {
            let claim_id: ClaimId = claim_id.parse()?;
            body["action"] = "apply".into();
            body["claim_id"] = claim_id.to_string().into();
        }
        (None, Some(reason)) => {
            body["action"] = "dismiss".into();
            body["reason"] = reason.into();
        }
        (None, None) => anyhow::bail!("give --apply-to CLAIM_ID or --dismiss REASON"),
    }
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-cli").await?;
    operator::report(&operator::send(&client, "suspense-resolve", &body).await?)
}
