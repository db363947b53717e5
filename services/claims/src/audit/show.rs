//! `claims audit show <claim_id> [--as-of <time>] [--json]`: every commit in order, with its
//! stream sequence, time, deciding service and actor, causation (for a partner's message,
//! where the original is; `--json` also fetches it from `INBOX`), the events in plain
//! language, and the claim's status and balance after it. `--as-of` shows the claim exactly
//! as it stood at that instant.

use anyhow::Context;
use chrono::{DateTime, Utc};
use claims_events::describe::describe;
use claims_events::{codec, Claim, ClaimId, ClaimStatus, Ledger};
use claims_store::{EventStore, LoadedClaim, StoreError, StoredCommit};
use serde_json::json;

use super::original::{self, Originals};
use super::{as_of, ShowArgs};

pub async fn run(store: &EventStore, args: &ShowArgs) -> anyhow::Result<()> {
    let claim_id: ClaimId = args.claim_id.parse()?;
    let history = History::load(store, claim_id, args.as_of, args.json).await?;
    if args.json {
        let value = history_json(&history, Detail::Summary);
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{}", history_text(&history));
    }
    Ok(())
}

/// A claim's history as the log holds it, cut at `as_of`, with the originals behind it.
#[derive(Debug, Clone)]
pub struct History {
    pub claim: LoadedClaim,
    /// How many commits the log holds for the claim (more than shown with `as_of`).
    pub in_log: usize,
    pub as_of: Option<DateTime<Utc>>,
    pub originals: Originals,
}

impl History {
    /// Loads the claim (the store checks its hash chain), cuts it at `as_of`, and, if asked,
    /// fetches the `INBOX` originals of what is left.
    pub async fn load(
        store: &EventStore,
        claim_id: ClaimId,
        as_of: Option<DateTime<Utc>>,
        with_originals: bool,
    ) -> anyhow::Result<History> {
        let mut claim = store.load(claim_id).await.map_err(|error| match error {
            StoreError::Corrupt { .. } => anyhow::anyhow!(
                "claim {claim_id}'s history does not verify ({error}); \
                 `claims audit verify {claim_id}` lists every problem"
            ),
            other => anyhow::Error::new(other).context(format!("loading claim {claim_id}")),
        })?;
        anyhow::ensure!(
            !claim.commits.is_empty(),
            "claim {claim_id} has no history in this log"
        );
        let in_log = as_of::cut(&mut claim, as_of);
        let originals = if with_originals {
            original::fetch(store, &claim.commits)
                .await
                .context("fetching the original partner messages")?
        } else {
            Originals::new()
        };
        Ok(History {
            claim,
            in_log,
            as_of,
            originals,
        })
    }
}

/// Where the claim stood after a commit: all a history line shows of it.
struct After {
    status: ClaimStatus,
    ledger: Ledger,
}

/// Each commit with where the claim stood after it, folded once (no copy of the claim per
/// step: `show` is meant to cost little more than the load).
fn steps(claim: &LoadedClaim) -> Vec<(&StoredCommit, After)> {
    let mut state = Claim::default();
    claim
        .commits
        .iter()
        .map(|stored| {
            state = std::mem::take(&mut state).apply(&stored.commit);
            let after = After {
                status: state.status(),
                ledger: state.ledger,
            };
            (stored, after)
        })
        .collect()
}

pub fn history_text(history: &History) -> String {
    let claim = &history.claim;
    let mut out = match history.as_of {
        None => format!(
            "Claim {} — {} commit(s), hash chain intact\n",
            claim.claim_id,
            claim.commits.len()
        ),
        Some(as_of) => format!(
            "Claim {} as of {} — {} of {} commit(s), hash chain intact\n",
            claim.claim_id,
            as_of.format("%Y-%m-%d %H:%M:%S%.6f UTC"),
            claim.commits.len(),
            history.in_log
        ),
    };
    if claim.commits.is_empty() {
        out.push_str("\nNo commit was recorded by then: the claim did not exist yet.\n");
    }
    for (stored, after) in steps(claim) {
        let commit = &stored.commit;
        // For a partner's message, where the original is says all "caused by" would.
        let cause = original::line(&commit.causation)
            .unwrap_or_else(|| format!("caused by {}", commit.causation));
        out.push_str(&format!(
            "\n#{:<8} {}  {} for {}\n          {cause}\n",
            stored.sequence,
            commit.recorded_at.format("%Y-%m-%d %H:%M:%S%.3f UTC"),
            commit.service,
            commit.actor,
        ));
        for event in &commit.events {
            out.push_str(&format!("          - {}\n", describe(event)));
        }
        let ledger = after.ledger;
        out.push_str(&format!(
            "          status {} · charged {} · paid {} · patient {} · adjusted {} · open {}\n",
            after.status,
            ledger.charge,
            ledger.paid,
            ledger.patient_responsibility,
            ledger.contractual + ledger.written_off,
            ledger.open()
        ));
    }
    out
}

/// How much of each commit the JSON carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// What `show --json` prints.
    Summary,
    /// Also each commit's stored bytes, so an auditor can recompute every hash (`export`).
    StoredBytes,
}

pub fn history_json(history: &History, detail: Detail) -> serde_json::Value {
    let claim = &history.claim;
    let commits: Vec<_> = steps(claim)
        .into_iter()
        .map(|(stored, after)| {
            let commit = &stored.commit;
            let mut value = json!({
                "sequence": stored.sequence,
                "hash": stored.hash.to_string(),
                "previous_hash": commit.previous_hash.map(|h| h.to_string()),
                "previous_sequences": commit.previous_sequences,
                "commit_id": commit.commit_id,
                "correlation_id": commit.correlation_id,
                "recorded_at": commit.recorded_at,
                "service": commit.service,
                "actor": commit.actor.to_string(),
                "causation": commit.causation,
                "original": original::json(&commit.causation, &history.originals),
                "events": commit.events.iter().map(|event| json!({
                    "type": event.name(),
                    "description": describe(event),
                    "data": event,
                })).collect::<Vec<_>>(),
                "after": {
                    "status": after.status.as_str(),
                    "charge": after.ledger.charge.to_decimal_string(),
                    "paid": after.ledger.paid.to_decimal_string(),
                    "patient_responsibility": after.ledger.patient_responsibility.to_decimal_string(),
                    "contractual": after.ledger.contractual.to_decimal_string(),
                    "written_off": after.ledger.written_off.to_decimal_string(),
                    "open": after.ledger.open().to_decimal_string(),
                },
            });
            if detail == Detail::StoredBytes {
                // The codec is canonical (the golden corpus checks that decode-then-encode
                // gives the stored bytes back); the hash is compared to be sure.
                let bytes = codec::encode(commit);
                let same = claims_events::CommitHash::of(&bytes) == stored.hash;
                value["stored_base64"] = same.then(|| original::base64(&bytes)).into();
            }
            value
        })
        .collect();
    json!({
        "claim_id": claim.claim_id,
        "as_of": history.as_of,
        "commits_in_log": history.in_log,
        "hash_chain": "intact",
        "status": claim.state.status().as_str(),
        "commits": commits,
    })
}
