//! Claims' folds kept in memory between chunks, so a commit to a claim seen lately applies
//! without reading and decoding its state from sled.
//!
//! The cache only ever holds what sled holds after the last batch written: a chunk takes
//! the states it changes out of it, and gives them back once its batch is written. A chunk
//! that fails gives nothing back, so those claims are read from sled again. Bounded by a
//! number of claims; past it, claims not touched by the last chunk are dropped (any of
//! them: a dropped claim is only read from sled again when next needed).

use std::collections::HashMap;

use claims_events::ClaimId;

use crate::fold::Folded;
use crate::summary::ClaimSummary;

/// How many claims' states are kept in memory at most (a claim of the benchmarks' workload
/// holds a few kilobytes in memory, so about a gigabyte at this bound).
pub const CACHED_CLAIMS: usize = 262_144;

/// A claim as sled holds it: its fold and the summary of that fold.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub folded: Folded,
    pub summary: Option<ClaimSummary>,
}

/// Claims as a batch leaves them, to give back to the cache once it is written.
pub type Written = Vec<(ClaimId, Box<Known>)>;

#[derive(Debug)]
pub struct States {
    /// Boxed, so that growing the map moves pointers, not two-kilobyte states.
    claims: HashMap<ClaimId, Box<Known>>,
    capacity: usize,
}

impl States {
    pub fn new(capacity: usize) -> States {
        States {
            claims: HashMap::new(),
            capacity,
        }
    }

    /// The claim's state, taken out: the chunk that changes it gives it back when written.
    pub fn take(&mut self, claim_id: &ClaimId) -> Option<Box<Known>> {
        self.claims.remove(claim_id)
    }

    /// Gives back the states a chunk has just written, making room for them first.
    pub fn give_back(&mut self, written: impl ExactSizeIterator<Item = (ClaimId, Box<Known>)>) {
        let incoming = written.len().min(self.capacity);
        let room = self.capacity - incoming;
        if self.claims.len() > room {
            // Dropping down to three quarters of the room keeps this pass rare.
            let mut excess = self.claims.len() - room * 3 / 4;
            self.claims.retain(|_, _| {
                let keep = excess == 0;
                excess = excess.saturating_sub(1);
                keep
            });
        }
        self.claims.extend(written.take(incoming));
    }

    pub fn len(&self) -> usize {
        self.claims.len()
    }

    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: usize) -> ClaimId {
        ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), &format!("E-{n}"))
    }

    #[test]
    fn never_holds_more_than_its_capacity_and_keeps_what_was_just_written() {
        let mut states = States::new(100);
        states.give_back(
            (0..90)
                .map(|n| (id(n), Box::default()))
                .collect::<Vec<_>>()
                .into_iter(),
        );
        assert_eq!(states.len(), 90);
        states.give_back(
            (90..130)
                .map(|n| (id(n), Box::default()))
                .collect::<Vec<_>>()
                .into_iter(),
        );
        assert!(states.len() <= 100, "{}", states.len());
        for n in 90..130 {
            assert!(states.take(&id(n)).is_some(), "claim {n} was just written");
        }
        states.give_back(
            (0..500)
                .map(|n| (id(n), Box::default()))
                .collect::<Vec<_>>()
                .into_iter(),
        );
        assert_eq!(states.len(), 100);
    }

    #[test]
    fn a_taken_state_is_gone_until_given_back() {
        let mut states = States::new(10);
        states.give_back(vec![(id(1), Box::default())].into_iter());
        assert!(states.take(&id(1)).is_some());
        assert!(states.take(&id(1)).is_none(), "read from sled again");
    }
}
