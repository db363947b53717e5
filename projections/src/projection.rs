//! The read models in one sled tree, and applying the log to them.
//!
//! Commits are applied in chunks; each chunk is one atomic sled batch holding every model
//! change and the new checkpoint. A claim's fold is kept too (`state/<id>`), so each commit
//! applies incrementally with the same `Claim::apply` the services use.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use claims_events::{Claim, ClaimId};
use claims_store::StoredCommit;

use crate::keys;
use crate::summary::ClaimSummary;

#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error("read models at {path}: {source}")]
    Open { path: String, source: sled::Error },
    #[error("read models: {0}")]
    Storage(#[from] sled::Error),
    #[error("read models hold an undecodable {0}: rebuild them")]
    Corrupt(String),
}

/// The read models.
#[derive(Clone)]
pub struct Projection {
    db: sled::Db,
    tree: sled::Tree,
}

fn bincode_config() -> bincode::config::Configuration {
    bincode::config::standard()
}

impl Projection {
    pub fn open(dir: &Path) -> Result<Projection, ProjectionError> {
        let db = sled::open(dir).map_err(|source| ProjectionError::Open {
            path: dir.display().to_string(),
            source,
        })?;
        let tree = db.open_tree("models")?;
        Ok(Projection { db, tree })
    }

    /// The sequence of the last log message applied; 0 when empty.
    pub fn checkpoint(&self) -> Result<u64, ProjectionError> {
        Ok(self.tree.get(keys::CHECKPOINT)?.map_or(0, |v| be_u64(&v)))
    }

    fn state(&self, claim_id: &ClaimId) -> Result<Claim, ProjectionError> {
        match self.tree.get(keys::state(claim_id))? {
            None => Ok(Claim::default()),
            Some(bytes) => bincode::serde::decode_from_slice(&bytes, bincode_config())
                .map(|(claim, _)| claim)
                .map_err(|_| ProjectionError::Corrupt(format!("state of claim {claim_id}"))),
        }
    }

    /// Applies `commits` (in log order, all after the checkpoint) and moves the checkpoint to
    /// `through`, atomically.
    pub fn apply(&self, commits: &[StoredCommit], through: u64) -> Result<(), ProjectionError> {
        // Per claim: the state before this chunk and after it. Models change by the difference.
        let mut touched: HashMap<ClaimId, (Claim, Claim)> = HashMap::new();
        for stored in commits {
            let claim_id = stored.commit.claim_id;
            if !touched.contains_key(&claim_id) {
                let before = self.state(&claim_id)?;
                touched.insert(claim_id, (before.clone(), before));
            }
            let entry = touched.get_mut(&claim_id).expect("inserted above");
            entry.1 = std::mem::take(&mut entry.1).apply(&stored.commit);
        }

        let mut batch = sled::Batch::default();
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for (claim_id, (before, after)) in &touched {
            let state = bincode::serde::encode_to_vec(after, bincode_config())
                .expect("a claim always encodes");
            batch.insert(keys::state(claim_id), state);
            let old = ClaimSummary::of(before);
            let new = ClaimSummary::of(after);
            if let Some(old) = &old {
                for name in count_names(old) {
                    *counts.entry(name).or_default() -= 1;
                }
                for list in old.worklists() {
                    batch.remove(keys::worklist(list, claim_id));
                }
            }
            if let Some(new) = &new {
                for name in count_names(new) {
                    *counts.entry(name).or_default() += 1;
                }
                let json = serde_json::to_vec(new).expect("summaries serialise");
                for list in new.worklists() {
                    batch.insert(keys::worklist(list, claim_id), json.clone());
                }
                batch.insert(keys::summary(claim_id), json);
            }
        }
        for (name, delta) in counts {
            if delta != 0 {
                let key = keys::count(&name);
                let current = self.tree.get(&key)?.map_or(0, |v| be_u64(&v) as i64);
                batch.insert(key, &(current + delta).to_be_bytes()[..]);
            }
        }
        batch.insert(keys::CHECKPOINT, &through.to_be_bytes()[..]);
        self.tree.apply_batch(batch)?;
        Ok(())
    }

    /// Moves the checkpoint past messages that are not commits (they change no model).
    pub fn skip_to(&self, through: u64) -> Result<(), ProjectionError> {
        self.apply(&[], through)
    }

    pub fn summary(&self, claim_id: &ClaimId) -> Result<Option<ClaimSummary>, ProjectionError> {
        self.tree
            .get(keys::summary(claim_id))?
            .map(|json| {
                serde_json::from_slice(&json)
                    .map_err(|_| ProjectionError::Corrupt(format!("summary {claim_id}")))
            })
            .transpose()
    }

    /// Every counter, by name (`status/paid`, `payer/medicare-il/paid`).
    pub fn counts(&self) -> Result<BTreeMap<String, i64>, ProjectionError> {
        self.tree
            .scan_prefix(keys::COUNT_PREFIX)
            .map(|entry| {
                let (key, value) = entry?;
                let name = String::from_utf8_lossy(&key[keys::COUNT_PREFIX.len()..]).into_owned();
                Ok((name, be_u64(&value) as i64))
            })
            .filter(|entry| !matches!(entry, Ok((_, 0))))
            .collect()
    }

    /// The claims on a worklist, up to `limit`.
    pub fn worklist(&self, list: &str, limit: usize) -> Result<Vec<ClaimSummary>, ProjectionError> {
        self.tree
            .scan_prefix(format!("{}{list}/", keys::WORKLIST_PREFIX))
            .take(limit)
            .map(|entry| {
                let (_, json) = entry?;
                serde_json::from_slice(&json)
                    .map_err(|_| ProjectionError::Corrupt(format!("worklist {list}")))
            })
            .collect()
    }

    /// Every claim summary, in claim id order.
    pub fn summaries(&self) -> impl Iterator<Item = Result<ClaimSummary, ProjectionError>> + '_ {
        self.tree.scan_prefix(keys::SUMMARY_PREFIX).map(|entry| {
            let (_, json) = entry?;
            serde_json::from_slice(&json).map_err(|_| ProjectionError::Corrupt("summary".into()))
        })
    }

    /// Every key and value, for comparing two projections byte for byte.
    pub fn dump(&self) -> Result<Vec<(Vec<u8>, Vec<u8>)>, ProjectionError> {
        self.tree
            .iter()
            .map(|entry| {
                entry
                    .map(|(k, v)| (k.to_vec(), v.to_vec()))
                    .map_err(Into::into)
            })
            .collect()
    }

    /// Makes everything applied so far durable.
    pub fn flush(&self) -> Result<(), ProjectionError> {
        self.db.flush()?;
        Ok(())
    }
}

fn count_names(summary: &ClaimSummary) -> [String; 2] {
    let status = summary.status.as_str();
    [
        format!("status/{status}"),
        format!("payer/{}/{status}", summary.payer_id),
    ]
}

fn be_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    u64::from_be_bytes(buf)
}
