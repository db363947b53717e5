//! The changes of log items applied in memory and not yet written: gathered over as many
//! items as the projector likes, then written in one sled batch with the checkpoint.
//!
//! A claim touched many times before the batch is written is written once, with its state
//! after the last of those commits: the models end up the same whether the log was applied
//! a commit at a time or all at once (the projections e2e test holds the projector to that).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use claims_events::{Causation, ClaimId, Commit, Event};

use crate::keys;
use crate::projection::{LogItem, Projection, ProjectionError};
use crate::states::{Known, States, Written};
use crate::unmatched::{self, SuspenseRecord, UnmatchedRemittance};

/// The changes gathered since the last batch.
#[derive(Default)]
pub struct Changes {
    /// Per claim: its summary as written and its state after the items gathered. Models
    /// change by the difference between that summary and the one of the state at the end.
    /// Boxed, and the same box goes back to the state cache once written: a claim's state
    /// is two kilobytes, which a growing map would otherwise move, and a rebuild's batch
    /// holds a hundred thousand claims.
    touched: HashMap<ClaimId, Box<Known>>,
    /// Suspense items added (`Some`) or cleared (`None`) since the last batch, by key, so
    /// that a posting sees a record not yet written.
    unmatched: BTreeMap<Vec<u8>, Option<UnmatchedRemittance>>,
    /// Counter deltas, by key.
    counters: BTreeMap<Vec<u8>, i64>,
    /// Log items gathered.
    items: usize,
}

impl Changes {
    /// Distinct claims changed: what the changes hold in memory grows with these.
    pub fn claims(&self) -> usize {
        self.touched.len()
    }

    /// Log items gathered.
    pub fn items(&self) -> usize {
        self.items
    }

    pub(crate) fn add(
        &mut self,
        projection: &Projection,
        states: &mut States,
        item: &LogItem,
    ) -> Result<(), ProjectionError> {
        self.items += 1;
        match item {
            LogItem::Commit(commit) => self.commit(projection, states, commit),
            LogItem::Remittance {
                sequence,
                stored_at,
                payload,
            } => self.remittance(projection, *sequence, *stored_at, payload),
        }
    }

    fn commit(
        &mut self,
        projection: &Projection,
        states: &mut States,
        commit: &Commit,
    ) -> Result<(), ProjectionError> {
        let claim_id = commit.claim_id;
        let touched = match self.touched.entry(claim_id) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert(match states.take(&claim_id) {
                    Some(known) => known,
                    None => Box::new(projection.stored(&claim_id)?),
                })
            }
        };
        // The summary stays the one written until the batch is; only the state moves on.
        touched.folded = std::mem::take(&mut touched.folded).apply(commit);
        for event in &commit.events {
            if let Event::RemittancePosted(posted) = event {
                self.posted(projection, &posted.trace, &claim_id, &commit.causation)?;
            }
        }
        Ok(())
    }

    /// A suspense record: a new item, unless the same payment is already on the list; or a
    /// resolution, which takes its item off the list.
    fn remittance(
        &mut self,
        projection: &Projection,
        sequence: u64,
        stored_at: DateTime<Utc>,
        payload: &[u8],
    ) -> Result<(), ProjectionError> {
        let item = match SuspenseRecord::read(payload, sequence, stored_at) {
            Some(SuspenseRecord::Held(item)) => *item,
            Some(SuspenseRecord::Resolved { key }) => return self.resolved(projection, key),
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
            None => projection.tree.contains_key(&key)?,
        };
        if !known {
            self.count_unmatched(&item, 1);
            self.unmatched.insert(key, Some(item));
        }
        Ok(())
    }

    /// An operator resolved the item at `key`: it leaves the list, if still on it.
    fn resolved(&mut self, projection: &Projection, key: Vec<u8>) -> Result<(), ProjectionError> {
        let held = match self.unmatched.get(&key) {
            Some(pending) => pending.clone(),
            None => match projection.tree.get(&key)? {
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
        projection: &Projection,
        trace: &str,
        claim_id: &ClaimId,
        causation: &Causation,
    ) -> Result<(), ProjectionError> {
        let prefix = unmatched::matched_by(trace, claim_id);
        let mut held: BTreeMap<Vec<u8>, UnmatchedRemittance> = BTreeMap::new();
        for entry in projection.tree.scan_prefix(&prefix) {
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

    /// The batch of every change (claims, worklists, suspense items, counters),
    /// and the claims as they will be once it is written.
    pub(crate) fn into_batch(
        mut self,
        projection: &Projection,
    ) -> Result<(sled::Batch, Written), ProjectionError> {
        let mut batch = sled::Batch::default();
        let mut written: Written = self.touched.into_iter().collect();
        let writes = crate::prepare::prepare_all(&mut written, projection.terms());
        for ((claim_id, _), write) in written.iter().zip(writes) {
            batch.insert(keys::claim(claim_id), write.state);
            for key in write.left {
                batch.remove(key);
            }
            for key in write.joined {
                batch.insert(key, &claim_id.as_uuid().as_bytes()[..]);
            }
            for (name, delta) in write.deltas {
                *self.counters.entry(name).or_default() += delta;
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
            let current = projection
                .tree
                .get(&key)?
                .map_or(0, |v| crate::projection::be_i64(&v));
            // A counter back at zero is removed, so the models hold the same keys however
            // the log was cut into chunks.
            match current + delta {
                0 => batch.remove(key),
                value => batch.insert(key, &value.to_be_bytes()[..]),
            }
        }
        Ok((batch, written))
    }
}

pub(crate) fn decode_unmatched(json: &[u8]) -> Result<UnmatchedRemittance, ProjectionError> {
    serde_json::from_slice(json).map_err(|_| ProjectionError::Corrupt("suspense item".into()))
}
