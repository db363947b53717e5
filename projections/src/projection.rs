//! The read models in one sled tree, and applying the log to them.
//!
//! Commits are applied in chunks; each chunk is one atomic sled batch holding every model
//! change and the new checkpoint. A claim's fold is kept too (`state/<id>`), so each commit
//! applies incrementally with the same `Claim::apply` the services use.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, Utc};

use claims_events::{Causation, Claim, ClaimId, Commit, Event};

use crate::keys;
use crate::summary::ClaimSummary;
use crate::unmatched::{self, UnmatchedRemittance};

/// What the read models take from the log: claim commits and suspense records.
// Commits are nearly every item: boxing them would add an allocation to each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LogItem {
    Commit(Commit),
    /// An `unmatched-remittance/v1` record, with its place in the log and when it was stored.
    Remittance {
        sequence: u64,
        stored_at: DateTime<Utc>,
        payload: bytes::Bytes,
    },
}

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

    /// Applies `items` (in log order, all after the checkpoint) and moves the checkpoint to
    /// `through`, atomically: one sled batch holds every model change and the checkpoint.
    pub fn apply(&self, items: &[LogItem], through: u64) -> Result<(), ProjectionError> {
        let mut chunk = Chunk {
            projection: self,
            touched: HashMap::new(),
            unmatched: BTreeMap::new(),
            counters: BTreeMap::new(),
        };
        for item in items {
            match item {
                LogItem::Commit(commit) => chunk.commit(commit)?,
                LogItem::Remittance {
                    sequence,
                    stored_at,
                    payload,
                } => chunk.remittance(*sequence, *stored_at, payload)?,
            }
        }
        let mut batch = chunk.finish()?;
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

    /// The payments held in suspense, oldest first.
    pub fn unmatched(&self) -> Result<Vec<UnmatchedRemittance>, ProjectionError> {
        let mut items = self
            .tree
            .scan_prefix(unmatched::PREFIX)
            .map(|entry| decode_unmatched(&entry?.1))
            .collect::<Result<Vec<_>, _>>()?;
        items.sort_by_key(|item| item.log_sequence);
        Ok(items)
    }

    /// An aggregate counter (`worklist/unmatched-remittances`, ...); 0 when absent.
    pub fn counter(&self, name: &str) -> Result<i64, ProjectionError> {
        Ok(self
            .tree
            .get(keys::counter(name))?
            .map_or(0, |v| be_i64(&v)))
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

/// The changes one chunk makes, gathered before they are written in one batch.
struct Chunk<'a> {
    projection: &'a Projection,
    /// Per claim: the state before this chunk and after it. Models change by the difference.
    touched: HashMap<ClaimId, (Claim, Claim)>,
    /// Suspense items added (`Some`) or cleared (`None`) in this chunk, by key, so that a
    /// posting later in the chunk sees a record earlier in it.
    unmatched: BTreeMap<Vec<u8>, Option<UnmatchedRemittance>>,
    /// Counter deltas, by key.
    counters: BTreeMap<Vec<u8>, i64>,
}

impl Chunk<'_> {
    fn commit(&mut self, commit: &Commit) -> Result<(), ProjectionError> {
        let claim_id = commit.claim_id;
        if !self.touched.contains_key(&claim_id) {
            let before = self.projection.state(&claim_id)?;
            self.touched.insert(claim_id, (before.clone(), before));
        }
        let entry = self.touched.get_mut(&claim_id).expect("inserted above");
        entry.1 = std::mem::take(&mut entry.1).apply(commit);
        for event in &commit.events {
            if let Event::RemittancePosted(posted) = event {
                self.posted(&posted.trace, &claim_id, &commit.causation)?;
            }
        }
        Ok(())
    }

    /// A suspense record: a new item, unless the same payment is already on the list.
    fn remittance(
        &mut self,
        sequence: u64,
        stored_at: DateTime<Utc>,
        payload: &[u8],
    ) -> Result<(), ProjectionError> {
        let Some(item) = UnmatchedRemittance::from_record(payload, sequence, stored_at) else {
            tracing::warn!(
                sequence,
                "a claims.remit record that is not a suspense record; skipped"
            );
            return Ok(());
        };
        let key = item.key();
        let known = match self.unmatched.get(&key) {
            Some(pending) => pending.is_some(),
            None => self.projection.tree.contains_key(&key)?,
        };
        if !known {
            self.count_unmatched(&item, 1);
            self.unmatched.insert(key, Some(item));
        }
        Ok(())
    }

    /// `trace` was posted to `claim_id`: the items held for that payment from another 835
    /// leave the list (see [`unmatched`]).
    fn posted(
        &mut self,
        trace: &str,
        claim_id: &ClaimId,
        causation: &Causation,
    ) -> Result<(), ProjectionError> {
        let posted_by = match causation {
            Causation::Inbox { sequence, .. } => Some(*sequence),
            _ => None,
        };
        let prefix = unmatched::matched_by(trace, claim_id);
        let mut held: BTreeMap<Vec<u8>, UnmatchedRemittance> = BTreeMap::new();
        for entry in self.projection.tree.scan_prefix(&prefix) {
            let (key, json) = entry?;
            held.insert(key.to_vec(), decode_unmatched(&json)?);
        }
        for (key, pending) in self.unmatched.range(prefix.clone()..) {
            if !key.starts_with(&prefix) {
                break;
            }
            match pending {
                Some(item) => held.insert(key.clone(), item.clone()),
                None => held.remove(key),
            };
        }
        for (key, item) in held {
            if Some(item.inbox_sequence) != posted_by {
                self.count_unmatched(&item, -1);
                self.unmatched.insert(key, None);
            }
        }
        Ok(())
    }

    fn count_unmatched(&mut self, item: &UnmatchedRemittance, sign: i64) {
        *self
            .counters
            .entry(keys::counter(&format!("worklist/{}", unmatched::WORKLIST)))
            .or_default() += sign;
        *self
            .counters
            .entry(keys::counter("total/unmatched_amount"))
            .or_default() += sign * item.amount;
    }

    /// The batch of every change: states, summaries, worklists, suspense items, counters.
    fn finish(mut self) -> Result<sled::Batch, ProjectionError> {
        let mut batch = sled::Batch::default();
        for (claim_id, (before, after)) in &self.touched {
            let state = bincode::serde::encode_to_vec(after, bincode_config())
                .expect("a claim always encodes");
            batch.insert(keys::state(claim_id), state);
            let old = ClaimSummary::of(before);
            let new = ClaimSummary::of(after);
            if let Some(old) = &old {
                for name in count_names(old) {
                    *self.counters.entry(keys::count(&name)).or_default() -= 1;
                }
                for list in old.worklists() {
                    batch.remove(keys::worklist(list, claim_id));
                }
            }
            if let Some(new) = &new {
                for name in count_names(new) {
                    *self.counters.entry(keys::count(&name)).or_default() += 1;
                }
                let json = serde_json::to_vec(new).expect("summaries serialise");
                for list in new.worklists() {
                    batch.insert(keys::worklist(list, claim_id), json.clone());
                }
                batch.insert(keys::summary(claim_id), json);
            }
        }
        for (key, item) in self.unmatched {
            match item {
                Some(item) => batch.insert(
                    key,
                    serde_json::to_vec(&item).expect("suspense items serialise"),
                ),
                None => batch.remove(key),
            }
        }
        for (key, delta) in self.counters {
            if delta == 0 {
                continue;
            }
            let current = self.projection.tree.get(&key)?.map_or(0, |v| be_i64(&v));
            // A counter back at zero is removed, so the models hold the same keys however
            // the log was cut into chunks.
            match current + delta {
                0 => batch.remove(key),
                value => batch.insert(key, &value.to_be_bytes()[..]),
            }
        }
        Ok(batch)
    }
}

fn decode_unmatched(json: &[u8]) -> Result<UnmatchedRemittance, ProjectionError> {
    serde_json::from_slice(json).map_err(|_| ProjectionError::Corrupt("suspense item".into()))
}

fn count_names(summary: &ClaimSummary) -> [String; 2] {
    let status = summary.status.as_str();
    [
        format!("status/{status}"),
        format!("payer/{}/{status}", summary.payer_id),
    ]
}

fn be_i64(bytes: &[u8]) -> i64 {
    be_u64(bytes) as i64
}

fn be_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[8 - n..].copy_from_slice(&bytes[bytes.len() - n..]);
    u64::from_be_bytes(buf)
}
