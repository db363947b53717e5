//! The read models in one sled tree, and applying the log to them.
//!
//! Commits are applied in chunks; each chunk is one atomic sled batch holding every model
//! change and the new checkpoint. A claim's fold is kept too (`state/<id>`), so each commit
//! applies incrementally with the same `Claim::apply` the services use.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use claims_events::{Causation, ClaimId, Commit, Event};
use claims_payers::PayerRegistry;

use crate::deadline::PayerTerms;
use crate::fold::Folded;
use crate::keys;
use crate::summary::ClaimSummary;
use crate::unmatched::{self, SuspenseRecord, UnmatchedRemittance};

/// What the read models take from the log: claim commits and suspense records.
// Commits are nearly every item: boxing them would add an allocation to each.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LogItem {
    Commit(Commit),
    /// A record on `claims.remit.*` (`unmatched-remittance/v1`, `suspense-resolution/v1`),
    /// with its place in the log and when it was stored.
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
    /// The payers' days, which deadlines are computed from.
    terms: Arc<PayerTerms>,
}

/// The layout of the models: read models of another layout are rebuilt, not read.
const FORMAT: &[u8] = b"4";

fn bincode_config() -> bincode::config::Configuration {
    bincode::config::standard()
}

impl Projection {
    /// Opens the read models in `dir`, for deadlines computed with `payers`' days.
    ///
    /// Read models of another layout, or made with other payer days, would be wrong from
    /// the first claim on: they are emptied, and the projector then rebuilds them from the
    /// start of the log.
    pub fn open(dir: &Path, payers: &PayerRegistry) -> Result<Projection, ProjectionError> {
        // Throughput over space: the models are rewritten a chunk at a time.
        let db = sled::Config::new()
            .path(dir)
            .mode(sled::Mode::HighThroughput)
            .open()
            .map_err(|source| ProjectionError::Open {
                path: dir.display().to_string(),
                source,
            })?;
        let tree = db.open_tree("models")?;
        let terms = PayerTerms::of(payers);
        let terms_json = serde_json::to_vec(&terms).expect("payer terms serialise");
        let same = tree.get(keys::FORMAT)?.as_deref() == Some(FORMAT)
            && tree.get(keys::PAYER_TERMS)?.as_deref() == Some(&terms_json[..]);
        if !same {
            if !tree.is_empty() {
                tracing::warn!(dir = %dir.display(), "read models of another layout or other payer days: rebuilding them from the log");
                tree.clear()?;
            }
            tree.insert(keys::FORMAT, FORMAT)?;
            tree.insert(keys::PAYER_TERMS, terms_json)?;
            tree.flush()?;
        }
        Ok(Projection {
            db,
            tree,
            terms: Arc::new(terms),
        })
    }

    /// The sequence of the last log message applied; 0 when empty.
    pub fn checkpoint(&self) -> Result<u64, ProjectionError> {
        Ok(self.tree.get(keys::CHECKPOINT)?.map_or(0, |v| be_u64(&v)))
    }

    fn state(&self, claim_id: &ClaimId) -> Result<Folded, ProjectionError> {
        match self.tree.get(keys::state(claim_id))? {
            None => Ok(Folded::default()),
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
            .map(|entry| self.entry_summary(entry?.1))
            .collect()
    }

    /// The summary a worklist entry names.
    fn entry_summary(&self, claim: sled::IVec) -> Result<ClaimSummary, ProjectionError> {
        let claim_id = uuid::Uuid::from_slice(&claim)
            .map(ClaimId::from_uuid)
            .map_err(|_| ProjectionError::Corrupt("worklist entry".into()))?;
        self.summary(&claim_id)?.ok_or_else(|| {
            ProjectionError::Corrupt(format!("worklist entry without summary {claim_id}"))
        })
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

    /// The claims on the deadlines worklist due on or before `until`, soonest first.
    pub fn deadlines_until(
        &self,
        until: chrono::NaiveDate,
    ) -> impl Iterator<Item = Result<ClaimSummary, ProjectionError>> + '_ {
        let prefix = keys::worklist(crate::summary::DEADLINES, "");
        let end = keys::worklist(
            crate::summary::DEADLINES,
            &format!("{}/~", keys::date(until)),
        );
        self.tree
            .range(prefix..end)
            .map(|entry| self.entry_summary(entry?.1))
    }

    /// How many claims have a deadline due on or before `until`: from the per-day counters,
    /// without reading a summary.
    pub fn deadlines_due_until(&self, until: chrono::NaiveDate) -> Result<i64, ProjectionError> {
        let prefix = keys::counter("due/");
        let end = keys::counter(&format!("due/{}~", keys::date(until)));
        self.tree
            .range(prefix..end)
            .map(|entry| Ok(be_i64(&entry?.1)))
            .sum()
    }

    /// The overview as of `today` from the counters alone: what it reads grows with the
    /// payers, denial reasons and days (open receivables' submission days, the last 90 days
    /// of service, the last 30 days of activity), never with the claims.
    pub fn overview(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<crate::kpis::Overview, ProjectionError> {
        let mut counters: BTreeMap<String, i64> = BTreeMap::new();
        let mut read = |from: String, to: String| -> Result<(), ProjectionError> {
            for entry in self.tree.range(keys::counter(&from)..keys::counter(&to)) {
                let (key, value) = entry?;
                let name = String::from_utf8_lossy(&key[keys::COUNTER_PREFIX.len()..]).into_owned();
                counters.insert(name, be_i64(&value));
            }
            Ok(())
        };
        // Whole families: `<family>/` up to `<family>0` ('0' follows '/').
        for family in ["total", "payer", "payer_carc", "reason", "aging"] {
            read(format!("{family}/"), format!("{family}0"))?;
        }
        let day = |date: chrono::NaiveDate| keys::date(date);
        let service_from = today - chrono::Days::new(90);
        read(
            format!("service_day/{}", day(service_from)),
            "service_day0".into(),
        )?;
        let first = today - chrono::Days::new(crate::kpis::THROUGHPUT_DAYS as u64 - 1);
        for family in ["submitted_day", "paid_day"] {
            read(
                format!("{family}/{}", day(first)),
                format!("{family}/{}~", day(today)),
            )?;
        }
        let by_status = self
            .counts()?
            .into_iter()
            .filter_map(|(name, n)| Some((name.strip_prefix("status/")?.to_owned(), n as u64)))
            .collect();
        Ok(crate::kpis::overview_from_counters(
            &counters, by_status, today,
        ))
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
    /// Per claim: its summary before this chunk and its state after it. Models change by the
    /// difference between that summary and the one of the state at the end.
    touched: HashMap<ClaimId, (Option<ClaimSummary>, Folded)>,
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
            let summary = ClaimSummary::of(&before, &self.projection.terms);
            self.touched.insert(claim_id, (summary, before));
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

    /// A suspense record: a new item, unless the same payment is already on the list; or a
    /// resolution, which takes its item off the list.
    fn remittance(
        &mut self,
        sequence: u64,
        stored_at: DateTime<Utc>,
        payload: &[u8],
    ) -> Result<(), ProjectionError> {
        let item = match SuspenseRecord::read(payload, sequence, stored_at) {
            Some(SuspenseRecord::Held(item)) => *item,
            Some(SuspenseRecord::Resolved { key }) => return self.resolved(key),
            None => {
                tracing::warn!(
                    sequence,
                    "a claims.remit record that is not a suspense record; skipped"
                );
                return Ok(());
            }
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

    /// An operator resolved the item at `key`: it leaves the list, if still on it.
    fn resolved(&mut self, key: Vec<u8>) -> Result<(), ProjectionError> {
        let held = match self.unmatched.get(&key) {
            Some(pending) => pending.clone(),
            None => match self.projection.tree.get(&key)? {
                Some(json) => Some(decode_unmatched(&json)?),
                None => None,
            },
        };
        if let Some(item) = held {
            self.count_unmatched(&item, -1);
            self.unmatched.insert(key, None);
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
            if unmatched::posting_clears(causation, &item) {
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
        for (claim_id, (old, after)) in &self.touched {
            let state = bincode::serde::encode_to_vec(after, bincode_config())
                .expect("a claim always encodes");
            batch.insert(keys::state(claim_id), state);
            let new = ClaimSummary::of(after, &self.projection.terms);
            let entries = |summary: &Option<ClaimSummary>| -> Vec<Vec<u8>> {
                summary
                    .iter()
                    .flat_map(|s| {
                        s.worklists()
                            .into_iter()
                            .map(|list| s.worklist_key(list, claim_id))
                    })
                    .collect()
            };
            let (old_entries, new_entries) = (entries(old), entries(&new));
            if let Some(old) = old {
                for (name, value) in counter_deltas(old) {
                    *self.counters.entry(name).or_default() -= value;
                }
            }
            // Worklist entries only name the claim: one that stays is not written again.
            for key in old_entries.iter().filter(|k| !new_entries.contains(k)) {
                batch.remove(key.as_slice());
            }
            for key in new_entries.iter().filter(|k| !old_entries.contains(k)) {
                batch.insert(key.as_slice(), &claim_id.as_uuid().as_bytes()[..]);
            }
            if let Some(new) = &new {
                for (name, value) in counter_deltas(new) {
                    *self.counters.entry(name).or_default() += value;
                }
                let json = serde_json::to_vec(new).expect("summaries serialise");
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

/// What a summary adds to the counters: one to its status, overall and for its payer, to
/// each worklist it is on and to the day its deadline falls; and its KPI contributions
/// (`kpis::contributions`). A changed summary takes its old ones back in the same batch.
fn counter_deltas(summary: &ClaimSummary) -> Vec<(Vec<u8>, i64)> {
    let status = summary.status.as_str();
    let mut deltas = vec![
        (keys::count(&format!("status/{status}")), 1),
        (
            keys::count(&format!("payer/{}/{status}", summary.payer_id)),
            1,
        ),
    ];
    for list in summary.worklists() {
        deltas.push((keys::counter(&format!("worklist/{list}")), 1));
    }
    if let Some(deadline) = &summary.deadline {
        deltas.push((
            keys::counter(&format!("due/{}", keys::date(deadline.due))),
            1,
        ));
    }
    for (name, value) in crate::kpis::contributions(summary) {
        if value != 0 {
            deltas.push((keys::counter(&name), value));
        }
    }
    deltas
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_models_made_with_other_payer_days_are_emptied_to_be_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let sample = PayerRegistry::sample();
        let projection = Projection::open(dir.path(), &sample).unwrap();
        projection.skip_to(42).unwrap();
        drop(projection);
        let projection = Projection::open(dir.path(), &sample).unwrap();
        assert_eq!(projection.checkpoint().unwrap(), 42, "same days: kept");
        drop(projection);

        let changed = claims_payers::SAMPLE_TOML
            .replace("timely_filing_days = 365", "timely_filing_days = 90");
        let other = PayerRegistry::from_toml(&changed).unwrap();
        let projection = Projection::open(dir.path(), &other).unwrap();
        assert_eq!(
            projection.checkpoint().unwrap(),
            0,
            "other days: rebuilt from the start of the log"
        );
    }
}
