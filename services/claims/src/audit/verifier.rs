//! The checks of `claims audit verify`, one log message at a time and without I/O, so the
//! same code verifies one claim's subject or the whole log, and is tested without NATS.
//!
//! Per claim it keeps the last accepted commit's hash, the sequences of the accepted commits
//! and the claim's books (see `books`): bounded however long the log is. A message that does
//! not fit the claim's history (it does not decode, is on the wrong subject, or does not chain
//! to the previous commit) is reported and left out of the history, so the commits after it
//! are checked against what the claim really was and one forgery is one problem. A gap (a
//! commit lists earlier sequences the log no longer has on its subject) is reported once per
//! missing sequence and the history goes on from the commit that noticed it.

use std::collections::HashMap;
use std::fmt;

use claims_events::{subjects, ClaimId, CommitHash};
use claims_store::log::LogEntry;
use claims_store::{StoreError, StoredCommit};

use super::books::Books;

/// Something in the log that is not a valid history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The stream sequence of the offending (or missing) message.
    pub sequence: u64,
    /// The claim whose history it breaks, when the subject names one.
    pub claim_id: Option<ClaimId>,
    pub subject: String,
    pub what: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.claim_id {
            Some(id) => write!(f, "#{} claim {id}: {}", self.sequence, self.what),
            None => write!(f, "#{} on {}: {}", self.sequence, self.subject, self.what),
        }
    }
}

/// What is kept per claim between its commits.
#[derive(Debug)]
struct Trail {
    last_hash: CommitHash,
    sequences: Vec<u64>,
    /// `None` once a gap is found: books folded from part of a history would report
    /// problems that are only the gap's consequences.
    books: Option<Books>,
}

/// Verifies log entries fed in log order.
#[derive(Debug, Default)]
pub struct Verifier {
    claims: HashMap<ClaimId, Trail>,
    last_sequence: u64,
    /// Messages seen, commits accepted into a history, problems found.
    pub messages: u64,
    pub commits: u64,
    pub problems: u64,
}

impl Verifier {
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// Claims with at least one accepted commit.
    pub fn claims(&self) -> usize {
        self.claims.len()
    }

    /// The newest sequence checked.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence
    }

    /// Checks the next message of the log and returns what is wrong with it.
    pub fn check(&mut self, entry: &LogEntry) -> Vec<Problem> {
        self.messages += 1;
        let subject_claim = subjects::claim_of(&entry.subject);
        let problem = |sequence: u64, what: String| Problem {
            sequence,
            claim_id: subject_claim,
            subject: entry.subject.clone(),
            what,
        };
        let problems: Vec<Problem> = if entry.sequence <= self.last_sequence {
            vec![problem(
                entry.sequence,
                format!("delivered out of order, after #{}", self.last_sequence),
            )]
        } else {
            self.last_sequence = entry.sequence;
            match (&entry.commit, subject_claim) {
                (Err(StoreError::Corrupt { reason, .. }), _) => {
                    vec![problem(entry.sequence, reason.clone())]
                }
                (Err(other), _) => vec![problem(entry.sequence, other.to_string())],
                (Ok(_), None) => vec![problem(
                    entry.sequence,
                    "a commit on a subject that names no claim".into(),
                )],
                (Ok(stored), Some(claim_id)) if stored.commit.claim_id != claim_id => {
                    vec![problem(
                        entry.sequence,
                        format!(
                            "forged: the commit names claim {} but is on this claim's subject",
                            stored.commit.claim_id
                        ),
                    )]
                }
                (Ok(stored), Some(claim_id)) => self
                    .check_commit(claim_id, stored)
                    .into_iter()
                    .map(|(sequence, what)| problem(sequence, what))
                    .collect(),
            }
        };
        self.problems += problems.len() as u64;
        problems
    }

    /// Chains a decoded commit into its claim's history and checks the books after it.
    fn check_commit(&mut self, claim_id: ClaimId, stored: &StoredCommit) -> Vec<(u64, String)> {
        let commit = &stored.commit;
        let trail = self.claims.get(&claim_id);
        let (expected_hash, known) = match trail {
            Some(trail) => (Some(trail.last_hash), trail.sequences.as_slice()),
            None => (None, &[][..]),
        };
        let mut problems = Vec::new();
        let chains = commit.previous_hash == expected_hash && commit.previous_sequences == known;
        if !chains {
            match missing(known, &commit.previous_sequences, stored.sequence) {
                Some(gone) if commit.previous_hash != expected_hash => {
                    // A gap: the commit is genuine as far as the log can tell, its
                    // predecessor is gone. Report what is gone and go on from this commit.
                    problems.extend(gone.into_iter().map(|sequence| {
                        (
                            sequence,
                            format!(
                                "missing: listed as an earlier commit of the claim by #{}, \
                                 but not in the log on the claim's subject (the claim's \
                                 ledger is not checked after the gap)",
                                stored.sequence
                            ),
                        )
                    }));
                }
                _ => {
                    let why = mismatch(commit, expected_hash, known);
                    return vec![(
                        stored.sequence,
                        format!("tampered or forged: {why}; left out of the claim's history"),
                    )];
                }
            }
        }
        let trail = self.claims.entry(claim_id).or_insert_with(|| Trail {
            last_hash: stored.hash,
            sequences: Vec::new(),
            books: Some(Books::default()),
        });
        if !chains {
            trail.sequences = commit.previous_sequences.clone();
            trail.books = None;
        }
        trail.sequences.push(stored.sequence);
        trail.last_hash = stored.hash;
        if let Some(books) = &mut trail.books {
            let broken = books.apply(commit);
            problems.extend(broken.into_iter().map(|what| (stored.sequence, what)));
        }
        self.commits += 1;
        problems
    }

    /// Roughly how many bytes the per-claim state holds (for the benchmark's memory figure).
    pub fn approximate_bytes(&self) -> usize {
        let entry = std::mem::size_of::<(ClaimId, Trail)>() + 1;
        let sequences: usize = self
            .claims
            .values()
            .map(|trail| trail.sequences.capacity() * std::mem::size_of::<u64>())
            .sum();
        self.claims.capacity() * entry + sequences
    }
}

/// The sequences a commit lists that the claim's history does not have, if the history is
/// otherwise what the commit lists (in order, all before it): a gap, not a forgery.
fn missing(known: &[u64], listed: &[u64], sequence: u64) -> Option<Vec<u64>> {
    let increasing = listed.windows(2).all(|pair| pair[0] < pair[1]);
    let before = listed.last().is_none_or(|&last| last < sequence);
    let covers = known.iter().all(|s| listed.binary_search(s).is_ok());
    let gone: Vec<u64> = listed
        .iter()
        .copied()
        .filter(|s| known.binary_search(s).is_err())
        .collect();
    (increasing && before && covers && !gone.is_empty()).then_some(gone)
}

/// Why a commit does not follow the claim's history, in words.
fn mismatch(
    commit: &claims_events::Commit,
    expected_hash: Option<CommitHash>,
    known: &[u64],
) -> String {
    let mut reasons = Vec::new();
    match (commit.previous_hash, expected_hash) {
        (Some(named), None) => reasons.push(format!(
            "names a previous commit ({named}) but the claim has no earlier commit in the log"
        )),
        (None, Some(_)) => reasons.push(format!(
            "names no previous commit but the claim already has commits at {known:?}"
        )),
        (Some(named), Some(expected)) if named != expected => reasons.push(format!(
            "previous hash {named} is not the hash of the claim's previous commit #{} ({expected})",
            known.last().copied().unwrap_or_default()
        )),
        _ => {}
    }
    if commit.previous_sequences != known {
        reasons.push(format!(
            "lists earlier commits at {:?}, the log has them at {known:?}",
            commit.previous_sequences
        ));
    }
    reasons.join("; ")
}

#[cfg(test)]
#[path = "verifier_tests.rs"]
mod tests;
