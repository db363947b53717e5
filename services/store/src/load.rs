//! Loading one claim: its commits, checked, and the state they fold to.
//!
//! The newest commit lists the stream sequences of every earlier commit of its claim, so a
//! load is one `direct_get_last_for_subject` followed by concurrent `direct_get`s, instead of
//! a walk over the subject (measured on 2.9 in NATS-NOTES.md: p99 2.1 ms against 18.5 ms for
//! walking forward). With replicas, the same two reads go to the stream leader instead
//! (see `read_from_leader`). Every load checks the hash chain: a service never decides on a history
//! that was tampered with.

use async_nats::jetstream::message::StreamMessage;
use async_nats::jetstream::stream::{DirectGetErrorKind, LastRawMessageErrorKind};
use bytes::Bytes;
use futures::future::try_join_all;

use claims_events::{codec, subjects, Claim, ClaimId, Commit, CommitHash};

use crate::{EventStore, StoreError};

/// A commit as stored: where it is in the log and the hash of its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCommit {
    pub sequence: u64,
    pub hash: CommitHash,
    pub commit: Commit,
}

impl StoredCommit {
    /// Decodes a message read from the log.
    pub fn decode(sequence: u64, payload: &[u8]) -> Result<StoredCommit, StoreError> {
        let commit = codec::decode(payload).map_err(|e| StoreError::Corrupt {
            sequence,
            reason: e.to_string(),
        })?;
        Ok(StoredCommit {
            sequence,
            hash: CommitHash::of(payload),
            commit,
        })
    }
}

/// A claim as loaded: its commits oldest first and their fold.
#[derive(Debug, Clone)]
pub struct LoadedClaim {
    pub claim_id: ClaimId,
    pub commits: Vec<StoredCommit>,
    pub state: Claim,
}

/// Where a claim's history ends: all an append needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimHead {
    pub claim_id: ClaimId,
    /// Stream sequences of every commit, oldest first.
    pub sequences: Vec<u64>,
    pub last_hash: Option<CommitHash>,
}

impl ClaimHead {
    /// A claim with no commits yet.
    pub fn new(claim_id: ClaimId) -> ClaimHead {
        ClaimHead {
            claim_id,
            sequences: Vec::new(),
            last_hash: None,
        }
    }

    /// The sequence the next append must expect: 0 for a claim with no commits.
    pub fn last_sequence(&self) -> u64 {
        self.sequences.last().copied().unwrap_or(0)
    }

    /// The head after `stored` was appended.
    pub fn advance(&mut self, stored: &StoredCommit) {
        self.sequences.push(stored.sequence);
        self.last_hash = Some(stored.hash);
    }
}

impl From<&LoadedClaim> for ClaimHead {
    fn from(claim: &LoadedClaim) -> ClaimHead {
        claim.head()
    }
}

impl LoadedClaim {
    pub fn head(&self) -> ClaimHead {
        ClaimHead {
            claim_id: self.claim_id,
            sequences: self.sequences(),
            last_hash: self.last_hash(),
        }
    }

    pub fn empty(claim_id: ClaimId) -> LoadedClaim {
        LoadedClaim {
            claim_id,
            commits: Vec::new(),
            state: Claim::default(),
        }
    }

    /// The sequence the next append must expect: 0 for a claim with no commits.
    pub fn last_sequence(&self) -> u64 {
        self.commits.last().map_or(0, |c| c.sequence)
    }

    pub fn last_hash(&self) -> Option<CommitHash> {
        self.commits.last().map(|c| c.hash)
    }

    pub fn sequences(&self) -> Vec<u64> {
        self.commits.iter().map(|c| c.sequence).collect()
    }

    /// Builds a loaded claim from commits read elsewhere (the log, a test), checking them.
    pub fn from_commits(
        claim_id: ClaimId,
        commits: Vec<StoredCommit>,
    ) -> Result<LoadedClaim, StoreError> {
        check_chain(&claim_id, &commits)?;
        let state = Claim::replay(commits.iter().map(|c| &c.commit));
        Ok(LoadedClaim {
            claim_id,
            commits,
            state,
        })
    }
}

/// Checks that the commits are one claim's unbroken history, oldest first.
pub fn check_chain(claim_id: &ClaimId, commits: &[StoredCommit]) -> Result<(), StoreError> {
    for (index, stored) in commits.iter().enumerate() {
        let corrupt = |reason: String| StoreError::Corrupt {
            sequence: stored.sequence,
            reason,
        };
        if stored.commit.claim_id != *claim_id {
            return Err(corrupt(format!(
                "commit belongs to claim {}",
                stored.commit.claim_id
            )));
        }
        let expected_hash = index.checked_sub(1).map(|i| commits[i].hash);
        if stored.commit.previous_hash != expected_hash {
            return Err(corrupt(match expected_hash {
                Some(hash) => format!(
                    "previous-commit hash does not match commit #{} ({hash})",
                    commits[index - 1].sequence
                ),
                None => "first commit of the claim names a previous commit".to_owned(),
            }));
        }
        let earlier: Vec<u64> = commits[..index].iter().map(|c| c.sequence).collect();
        if stored.commit.previous_sequences != earlier {
            return Err(corrupt(format!(
                "commit lists earlier commits at {:?}, the log has them at {earlier:?}",
                stored.commit.previous_sequences
            )));
        }
    }
    Ok(())
}

impl EventStore {
    /// Loads a claim; a claim with no commits loads empty.
    pub async fn load(&self, claim_id: ClaimId) -> Result<LoadedClaim, StoreError> {
        let subject = subjects::claim(&claim_id);
        let Some(newest) = self.last_on_subject(&subject).await? else {
            return Ok(LoadedClaim::empty(claim_id));
        };
        let newest = StoredCommit::decode(newest.sequence, &newest.payload)?;
        let earlier = try_join_all(
            newest
                .commit
                .previous_sequences
                .iter()
                .map(|&sequence| self.get(sequence, &subject)),
        )
        .await?;
        let mut commits = earlier;
        commits.push(newest);
        LoadedClaim::from_commits(claim_id, commits)
    }

    /// One commit by sequence, which must be on `subject`.
    async fn get(&self, sequence: u64, subject: &str) -> Result<StoredCommit, StoreError> {
        let message = self
            .at_sequence(sequence)
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                sequence,
                reason: "a commit listed as earlier is missing".into(),
            })?;
        if message.subject.as_str() != subject {
            return Err(StoreError::Corrupt {
                sequence,
                reason: format!(
                    "listed as a commit of {subject} but is on {}",
                    message.subject
                ),
            });
        }
        StoredCommit::decode(sequence, &message.payload)
    }

    /// The raw bytes at a sequence of the claims log (for audit's view of the original).
    pub async fn raw(&self, sequence: u64) -> Result<Option<(String, Bytes)>, StoreError> {
        Ok(self
            .at_sequence(sequence)
            .await?
            .map(|message| (message.subject.to_string(), message.payload)))
    }

    /// Replicated, the log is read from its leader: on 2.9 any replica answers a direct get,
    /// and a follower that has not yet applied the newest commits answers with an older
    /// history, on which a service would decide "nothing to do" and acknowledge its input
    /// (seen in tests/e2e/cluster.rs). A single node reads directly: faster, and current.
    fn read_from_leader(&self) -> bool {
        self.claims.cached_info().config.num_replicas > 1
    }

    /// The newest message on `subject` of the CLAIMS stream, if any: from the leader when
    /// replicated (see `read_from_leader`), so records beside the commits (837 batches) are
    /// read as current as the commits are.
    pub async fn last_on_subject(
        &self,
        subject: &str,
    ) -> Result<Option<StreamMessage>, StoreError> {
        if self.read_from_leader() {
            return match self.claims.get_last_raw_message_by_subject(subject).await {
                Ok(message) => Ok(Some(message)),
                Err(error) if error.kind() == LastRawMessageErrorKind::NoMessageFound => Ok(None),
                Err(error) => Err(StoreError::unavailable(error)),
            };
        }
        match self.claims.direct_get_last_for_subject(subject).await {
            Ok(message) => Ok(Some(message)),
            Err(error) if error.kind() == DirectGetErrorKind::NotFound => Ok(None),
            Err(error) => Err(StoreError::unavailable(error)),
        }
    }

    /// The message at `sequence`, if any.
    async fn at_sequence(&self, sequence: u64) -> Result<Option<StreamMessage>, StoreError> {
        if self.read_from_leader() {
            return match self.claims.get_raw_message(sequence).await {
                Ok(message) => Ok(Some(message)),
                Err(error) if error.kind() == LastRawMessageErrorKind::NoMessageFound => Ok(None),
                Err(error) => Err(StoreError::unavailable(error)),
            };
        }
        match self.claims.direct_get(sequence).await {
            Ok(message) => Ok(Some(message)),
            Err(error) if error.kind() == DirectGetErrorKind::NotFound => Ok(None),
            Err(error) => Err(StoreError::unavailable(error)),
        }
    }
}
