//! The read models in one sled tree, and applying the log to them.
//!
//! Log items are gathered in memory (`changes.rs`) and written in one atomic sled batch
//! holding every model change and the new checkpoint. A claim's fold is kept too (beside
//! its summary at `claim/<id>`), so each commit applies incrementally with the same `Claim::apply` the
//! services use; the folds written last are also kept in memory (`states.rs`), so a commit
//! to a claim seen lately reads nothing from sled.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use claims_events::{ClaimId, Commit};
use claims_payers::PayerRegistry;

use crate::changes::{decode_unmatched, Changes};
use crate::deadline::PayerTerms;
use crate::fold::Folded;
use crate::keys;
use crate::states::{Known, States, CACHED_CLAIMS};
use crate::summary::ClaimSummary;
use crate::unmatched::{self, UnmatchedRemittance};

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

/// A raw key and value of the read models' tree.
pub type KeyValue = (Vec<u8>, Vec<u8>);

/// The read models.
#[derive(Clone)]
pub struct Projection {
    db: sled::Db,
    pub(crate) tree: sled::Tree,
    /// The payers' days, which deadlines are computed from.
    terms: Arc<PayerTerms>,
    /// Claims' states as sled holds them, for the next commits to them (`states.rs`).
    states: Arc<Mutex<States>>,
}

/// The layout of the models: read models of another layout are rebuilt, not read.
const FORMAT: &[u8] = b"6";

pub(crate) fn bincode_config() -> bincode::config::Configuration {
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
            states: Arc::new(Mutex::new(States::new(CACHED_CLAIMS))),
        })
    }

    /// The sequence of the last log message applied; 0 when empty.
    pub fn checkpoint(&self) -> Result<u64, ProjectionError> {
        Ok(self.tree.get(keys::CHECKPOINT)?.map_or(0, |v| be_u64(&v)))
    }

    fn state(&self, claim_id: &ClaimId) -> Result<Folded, ProjectionError> {
        let corrupt = || ProjectionError::Corrupt(format!("state of claim {claim_id}"));
        match self.tree.get(keys::claim(claim_id))? {
            None => Ok(Folded::default()),
            Some(value) => decode_state(&value).map_err(|_| corrupt()),
        }
    }

    /// Applies `items` (in log order, all after the checkpoint) and moves the checkpoint to
    /// `through`, atomically: one sled batch holds every model change and the checkpoint.
    pub fn apply(&self, items: &[LogItem], through: u64) -> Result<(), ProjectionError> {
        let mut changes = Changes::default();
        self.gather(&mut changes, items)?;
        self.write(changes, through)
    }

    /// Applies `items` (in log order, after those already in `changes`) in memory.
    pub fn gather(&self, changes: &mut Changes, items: &[LogItem]) -> Result<(), ProjectionError> {
        let mut states = self.states();
        for item in items {
            changes.add(self, &mut states, item)?;
        }
        Ok(())
    }

    /// Writes `changes` and moves the checkpoint to `through` (the last log message they
    /// cover), atomically: one sled batch holds every model change and the checkpoint.
    pub fn write(&self, changes: Changes, through: u64) -> Result<(), ProjectionError> {
        let (started, items, claims) =
            (std::time::Instant::now(), changes.items(), changes.claims());
        let (mut batch, written) = changes.into_batch(self)?;
        batch.insert(keys::CHECKPOINT, &through.to_be_bytes()[..]);
        let prepared_ms = started.elapsed().as_millis() as u64;
        self.tree.apply_batch(batch)?;
        let applied_ms = started.elapsed().as_millis() as u64;
        // Only now that sled holds them: the cache never runs ahead of sled.
        self.states().give_back(written.into_iter());
        tracing::debug!(
            through,
            items,
            claims,
            prepared_ms,
            applied_ms,
            ms = started.elapsed().as_millis() as u64,
            "read models written"
        );
        Ok(())
    }

    /// The claim as sled holds it (for a claim not in the cache).
    pub(crate) fn stored(&self, claim_id: &ClaimId) -> Result<Known, ProjectionError> {
        let folded = self.state(claim_id)?;
        let summary = ClaimSummary::of(&folded, &self.terms);
        Ok(Known { folded, summary })
    }

    pub(crate) fn terms(&self) -> &PayerTerms {
        &self.terms
    }

    /// The summary of a claim's stored state; `None` before the claim is registered.
    fn decode_summary(&self, value: &[u8]) -> Result<Option<ClaimSummary>, ()> {
        decode_state(value).map(|folded| ClaimSummary::of(&folded, &self.terms))
    }

    /// The cache of claims' states. A chunk that panicked may have left it without some of
    /// the states it took; what is left is still what sled holds.
    fn states(&self) -> std::sync::MutexGuard<'_, States> {
        self.states
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Moves the checkpoint past messages that are not commits (they change no model).
    pub fn skip_to(&self, through: u64) -> Result<(), ProjectionError> {
        self.apply(&[], through)
    }

    pub fn summary(&self, claim_id: &ClaimId) -> Result<Option<ClaimSummary>, ProjectionError> {
        match self.tree.get(keys::claim(claim_id))? {
            None => Ok(None),
            Some(value) => self
                .decode_summary(&value)
                .map_err(|_| ProjectionError::Corrupt(format!("summary {claim_id}"))),
        }
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
        self.tree
            .scan_prefix(keys::CLAIM_PREFIX)
            .filter_map(|entry| match entry {
                Ok((_, value)) => self
                    .decode_summary(&value)
                    .map_err(|_| ProjectionError::Corrupt("summary".into()))
                    .transpose(),
                Err(error) => Some(Err(error.into())),
            })
    }

    /// Every key and value, for comparing two projections byte for byte.
    pub fn dump(&self) -> Result<Vec<KeyValue>, ProjectionError> {
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

/// The state in a claim's value.
fn decode_state(value: &[u8]) -> Result<Folded, ()> {
    bincode::serde::decode_from_slice(value, bincode_config())
        .map(|(folded, _)| folded)
        .map_err(|_| ())
}

pub(crate) fn be_i64(bytes: &[u8]) -> i64 {
    be_u64(bytes) as i64
}

pub(crate) fn be_u64(bytes: &[u8]) -> u64 {
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
