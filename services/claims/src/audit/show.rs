//! `claims audit show <claim_id>`: every commit in order, with its stream sequence, time,
//! deciding service and actor, causation, the events in plain language, and the claim's
//! status and balance after it.

use claims_events::describe::describe;
use claims_events::{Claim, ClaimId};
use claims_store::{EventStore, LoadedClaim, StoredCommit};
use serde_json::json;

use super::ShowArgs;

pub async fn run(store: &EventStore, args: &ShowArgs) -> anyhow::Result<()> {
    let claim_id: ClaimId = args.claim_id.parse()?;
    let claim = store.load(claim_id).await?;
    if claim.commits.is_empty() {
        anyhow::bail!("claim {claim_id} has no history in this log");
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&history_json(&claim))?);
    } else {
        print!("{}", history_text(&claim));
    }
    Ok(())
}

/// Each commit with the claim as it stood after it.
fn steps(claim: &LoadedClaim) -> Vec<(&StoredCommit, Claim)> {
    let mut state = Claim::default();
    claim
        .commits
        .iter()
        .map(|stored| {
            state = state.clone().apply(&stored.commit);
            (stored, state.clone())
        })
        .collect()
}

pub fn history_text(claim: &LoadedClaim) -> String {
    let mut out = format!(
        "Claim {} — {} commit(s), hash chain intact\n",
        claim.claim_id,
        claim.commits.len()
    );
    for (stored, after) in steps(claim) {
        let commit = &stored.commit;
        out.push_str(&format!(
            "\n#{:<8} {}  {} for {}\n          caused by {}\n",
            stored.sequence,
            commit.recorded_at.format("%Y-%m-%d %H:%M:%S%.3f UTC"),
            commit.service,
            commit.actor,
            commit.causation
        ));
        for event in &commit.events {
            out.push_str(&format!("          - {}\n", describe(event)));
        }
        let ledger = after.ledger;
        out.push_str(&format!(
            "          status {} · charged {} · paid {} · patient {} · adjusted {} · open {}\n",
            after.status(),
            ledger.charge,
            ledger.paid,
            ledger.patient_responsibility,
            ledger.contractual + ledger.written_off,
            ledger.open()
        ));
    }
    out
}

pub fn history_json(claim: &LoadedClaim) -> serde_json::Value {
    let commits: Vec<_> = steps(claim)
        .into_iter()
        .map(|(stored, after)| {
            let commit = &stored.commit;
            json!({
                "sequence": stored.sequence,
                "hash": stored.hash.to_string(),
                "previous_hash": commit.previous_hash.map(|h| h.to_string()),
                "commit_id": commit.commit_id,
                "correlation_id": commit.correlation_id,
                "recorded_at": commit.recorded_at,
                "service": commit.service,
                "actor": commit.actor.to_string(),
                "causation": commit.causation,
                "events": commit.events.iter().map(|event| json!({
                    "type": event.name(),
                    "description": describe(event),
                    "data": event,
                })).collect::<Vec<_>>(),
                "after": {
                    "status": after.status().as_str(),
                    "charge": after.ledger.charge.to_decimal_string(),
                    "paid": after.ledger.paid.to_decimal_string(),
                    "patient_responsibility": after.ledger.patient_responsibility.to_decimal_string(),
                    "contractual": after.ledger.contractual.to_decimal_string(),
                    "written_off": after.ledger.written_off.to_decimal_string(),
                    "open": after.ledger.open().to_decimal_string(),
                },
            })
        })
        .collect();
    json!({ "claim_id": claim.claim_id, "commits": commits })
}
