//! `claims denial …`: billers' actions on denied and rejected claims, published as operator
//! commands on `inbox.ops.<kind>` and answered by receipts; and `claims worklist denials`,
//! the denial work queue, most urgent first.
//!
//! The work queue is read from the log itself (every claim with triaged denials, loaded and
//! folded), which is exact but reads the whole log; the dashboard's projection (issue 7)
//! keeps the same items as a read model and replaces this scan for everyday use. Both order
//! the queue with `claims_denials::worklist`.

use std::path::PathBuf;

use anyhow::Context;
use claims_events::ClaimId;
use claims_runtime::Settings;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::operator;

#[derive(Debug, Subcommand)]
pub enum DenialCommand {
    /// Send a corrected claim (frequency 7, with the payer's claim number) with new codes;
    /// coding checks them again before it goes out.
    Correct {
        claim_id: String,
        /// Who is acting (recorded in the log).
        #[arg(long)]
        operator: String,
        /// The diagnoses, principal first, comma-separated (E11.65,I10).
        #[arg(long, value_delimiter = ',', required = true)]
        diagnoses: Vec<String>,
        /// Replacement service lines as a JSON array (encounter/v1 line shape); without it
        /// the claim's current lines are kept.
        #[arg(long)]
        lines_file: Option<PathBuf>,
        /// What the corrected claim fixes (required when the codes stay the same).
        #[arg(long)]
        note: Option<String>,
    },
    /// File an appeal; the letter is published on the practice's outbox.
    Appeal {
        claim_id: String,
        #[arg(long)]
        operator: String,
        /// 1 for the first appeal (Medicare: redetermination), 2 for the next, ...
        #[arg(long, default_value_t = 1)]
        level: u8,
        /// The provider's argument, as the letter states it.
        #[arg(long)]
        reason: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Bill the encounter's other coverage instead (COB, wrong payer, ended coverage).
    Rebill {
        claim_id: String,
        #[arg(long)]
        operator: String,
        /// The payer to bill, as the payer registry names it (aetna).
        #[arg(long)]
        payer: String,
        #[arg(long)]
        reason: String,
        /// For a payer the encounter did not name: the patient's member id with it.
        #[arg(long)]
        member_id: Option<String>,
        /// The group number on the patient's card for that payer, if any.
        #[arg(long, requires = "member_id")]
        group_number: Option<String>,
        /// The plan's name for that payer (default: the payer's name).
        #[arg(long, requires = "member_id")]
        plan: Option<String>,
    },
    /// Send the patient a statement, after moving `--transfer` of the open balance to them.
    BillPatient {
        claim_id: String,
        #[arg(long)]
        operator: String,
        /// An amount of the open balance the patient owes (never a CO amount), e.g. 18.00.
        #[arg(long)]
        transfer: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Write off part or all of the open balance.
    WriteOff {
        claim_id: String,
        #[arg(long)]
        operator: String,
        /// The amount, e.g. 18.00; at most the open balance.
        #[arg(long)]
        amount: String,
        #[arg(long, value_parser = ["contractual", "timely_filing", "small_balance", "uncollectible", "non_covered", "other"])]
        reason: String,
        /// Why (required with `--reason other`).
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorklistCommand {
    /// Denied, partly paid and rejected claims to work, most urgent first.
    Denials(WorklistArgs),
}

#[derive(Debug, Args)]
pub struct WorklistArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only this payer's claims.
    #[arg(long)]
    pub payer: Option<String>,
}

pub async fn run(settings: Settings, command: DenialCommand) -> anyhow::Result<()> {
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-cli").await?;
    let (kind, body) = match command {
        DenialCommand::Correct {
            claim_id,
            operator,
            diagnoses,
            lines_file,
            note,
        } => {
            let claim_id: ClaimId = claim_id.parse()?;
            let lines = match lines_file {
                Some(path) => serde_json::from_slice(
                    &std::fs::read(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?,
                )
                .with_context(|| format!("{} is not a JSON array of lines", path.display()))?,
                None => current_lines(&client, claim_id).await?,
            };
            (
                "denial-correct",
                json!({"claim_id": claim_id, "operator": operator, "diagnoses": diagnoses, "lines": lines, "note": note}),
            )
        }
        DenialCommand::Appeal {
            claim_id,
            operator,
            level,
            reason,
            note,
        } => (
            "appeal-file",
            json!({"claim_id": parse_id(&claim_id)?, "operator": operator, "level": level, "reason": reason, "note": note}),
        ),
        DenialCommand::Rebill {
            claim_id,
            operator,
            payer,
            reason,
            member_id,
            group_number,
            plan,
        } => {
            let mut body = json!({"claim_id": parse_id(&claim_id)?, "operator": operator, "payer_id": payer, "reason": reason});
            for (field, value) in [
                ("member_id", member_id),
                ("group_number", group_number),
                ("plan", plan),
            ] {
                if let Some(value) = value {
                    body[field] = value.into();
                }
            }
            ("rebill", body)
        }
        DenialCommand::BillPatient {
            claim_id,
            operator,
            transfer,
            note,
        } => (
            "bill-patient",
            json!({"claim_id": parse_id(&claim_id)?, "operator": operator, "transfer": transfer, "note": note}),
        ),
        DenialCommand::WriteOff {
            claim_id,
            operator,
            amount,
            reason,
            note,
        } => (
            "write-off",
            json!({"claim_id": parse_id(&claim_id)?, "operator": operator, "amount": amount, "reason": reason, "note": note}),
        ),
    };
    let mut body = body;
    body["schema"] = Value::from(format!("{kind}/v1"));
    operator::report(&operator::send(&client, kind, &body).await?)
}

fn parse_id(text: &str) -> anyhow::Result<ClaimId> {
    Ok(text.parse()?)
}

/// The claim's lines as the log has them, in the command's JSON shape.
async fn current_lines(client: &async_nats::Client, claim_id: ClaimId) -> anyhow::Result<Value> {
    let store = claims_store::EventStore::open_existing(client.clone()).await?;
    let claim = store.load(claim_id).await?;
    let coding = claim.state.coding.context("no such claim in the log")?;
    Ok(coding
        .lines
        .iter()
        .map(|line| {
            json!({"procedure": line.procedure, "modifiers": line.modifiers, "units": line.units,
                   "charge": line.charge.to_decimal_string(), "diagnosis_pointers": line.diagnosis_pointers,
                   "service_date": line.service_date})
        })
        .collect())
}

pub async fn worklist(settings: Settings, command: WorklistCommand) -> anyhow::Result<()> {
    let WorklistCommand::Denials(args) = command;
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-worklist").await?;
    let store = claims_store::EventStore::open_existing(client).await?;
    let today = chrono::Utc::now().date_naive();
    let cases = claims_denials::scan::open_cases(&store).await?;
    let items: Vec<_> = claims_denials::worklist::build(&cases, today)
        .into_iter()
        .filter(|item| {
            args.payer
                .as_deref()
                .is_none_or(|p| item.payer_id.as_ref().is_some_and(|id| id.as_str() == p))
        })
        .collect();
    let groups = claims_denials::worklist::by_payer_and_category(&items);
    if args.json {
        let groups: Vec<Value> = groups
            .iter()
            .map(|g| json!({"payer_id": g.payer_id, "category": g.category, "claims": g.claims, "amount_at_risk": g.amount_at_risk}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"as_of": today, "groups": groups, "items": items})
            )?
        );
        return Ok(());
    }
    let total: claims_events::Cents = items.iter().map(|i| i.amount_at_risk).sum();
    println!(
        "{} claim(s) to work, {total} at risk, as of {today}\n",
        items.len()
    );
    for group in &groups {
        let payer = group.payer_id.as_ref().map_or("-", |p| p.as_str());
        println!(
            "{payer:<20} {:<24} {:>4} claim(s) {:>14}",
            format!("{:?}", group.category),
            group.claims,
            group.amount_at_risk.to_string()
        );
    }
    println!();
    for item in &items {
        let deadline = match (item.deadline, item.days_left) {
            (Some(date), Some(left)) if left < 0 => format!("{date} (passed)"),
            (Some(date), Some(left)) => format!("{date} ({left} d)"),
            _ => "-".into(),
        };
        println!(
            "{}  {:<16} {:<15} {:<20} {:>12}  {:<20} {}",
            item.claim_id,
            item.payer_id.as_ref().map_or("-", |p| p.as_str()),
            item.status.as_str(),
            format!("{:?}", item.action),
            item.amount_at_risk.to_string(),
            deadline,
            item.reasons.join(", ")
        );
    }
    Ok(())
}
