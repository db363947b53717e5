//! The verifier fed log entries by hand: an intact cycle, then each way a log can lie.

use claims_events::{codec, subjects, Cents, ClaimId, CommitHash};

use super::{Problem, Verifier};
use crate::audit::cycle::{self, chain, entry, entry_on};

const SEQUENCES: [u64; 6] = [3, 7, 12, 20, 21, 30];

fn verify(entries: &[claims_store::log::LogEntry]) -> (Verifier, Vec<Problem>) {
    let mut verifier = Verifier::new();
    let problems = entries.iter().flat_map(|e| verifier.check(e)).collect();
    (verifier, problems)
}

fn intact() -> Vec<claims_store::log::LogEntry> {
    chain(cycle::full_cycle(), &SEQUENCES)
        .iter()
        .map(|(sequence, bytes)| entry(*sequence, bytes))
        .collect()
}

#[test]
fn a_whole_cycle_verifies() {
    let (verifier, problems) = verify(&intact());
    assert_eq!(problems, vec![]);
    assert_eq!(
        (verifier.messages, verifier.commits, verifier.claims()),
        (6, 6, 1)
    );
}

#[test]
fn garbage_on_a_claims_subject_is_reported_and_the_history_goes_on() {
    let mut entries = intact();
    entries.insert(2, entry(10, b"{\"paid\": 1000000}"));
    let (verifier, problems) = verify(&entries);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].sequence, 10);
    assert_eq!(problems[0].claim_id, Some(cycle::claim_id()));
    assert!(problems[0].what.contains("CLM magic"), "{}", problems[0]);
    assert_eq!(verifier.commits, 6);
}

#[test]
fn a_commit_that_does_not_chain_is_named_and_left_out() {
    let mut entries = intact();
    let mut forged = codec::decode(&chain(cycle::full_cycle(), &SEQUENCES)[4].1).unwrap();
    forged.previous_hash = Some(CommitHash([7; 32]));
    forged.events = vec![cycle::payment()];
    entries.push(entry(31, &codec::encode(&forged)));
    // A genuine commit after the forgery chains to the real last commit.
    let mut next = cycle::commit(6, vec![cycle::follow_up()]);
    let last = entries[5].commit.as_ref().unwrap();
    next.previous_hash = Some(last.hash);
    next.previous_sequences = SEQUENCES.to_vec();
    entries.push(entry(40, &codec::encode(&next)));

    let (verifier, problems) = verify(&entries);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].sequence, 31);
    assert!(
        problems[0]
            .what
            .starts_with("tampered or forged: previous hash 0707"),
        "{}",
        problems[0]
    );
    assert!(problems[0]
        .to_string()
        .starts_with(&format!("#31 claim {}", cycle::claim_id())));
    assert_eq!(verifier.commits, 7);
}

#[test]
fn a_missing_commit_is_reported_once_by_its_sequence() {
    let mut entries = intact();
    entries.remove(2);
    let (verifier, problems) = verify(&entries);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].sequence, 12);
    assert!(problems[0]
        .what
        .starts_with("missing: listed as an earlier commit of the claim by #20"));
    assert_eq!(verifier.commits, 5);
}

#[test]
fn a_missing_first_commit_is_reported_too() {
    let mut entries = intact();
    entries.remove(0);
    let (_, problems) = verify(&entries);
    assert_eq!(
        problems.iter().map(|p| p.sequence).collect::<Vec<_>>(),
        vec![3]
    );
}

#[test]
fn a_commit_of_another_claim_on_this_claims_subject_is_forged() {
    let other = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-2");
    let mut entries = intact();
    let mut commit = cycle::commit(0, vec![cycle::follow_up()]);
    commit.claim_id = other;
    entries.push(entry(31, &codec::encode(&commit)));
    let (_, problems) = verify(&entries);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].what.contains(&format!("names claim {other}")));
}

#[test]
fn a_ledger_violation_is_reported_at_the_commit_that_caused_it() {
    let mut commits = cycle::full_cycle();
    commits.push(cycle::commit(6, vec![cycle::reversal(Cents(20_000))]));
    let entries: Vec<_> = chain(commits, &[3, 7, 12, 20, 21, 30, 44])
        .iter()
        .map(|(sequence, bytes)| entry(*sequence, bytes))
        .collect();
    let (_, problems) = verify(&entries);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].sequence, 44);
    assert!(
        problems[0].what.contains("paid is negative (-$102.00)"),
        "{}",
        problems[0]
    );
}

#[test]
fn messages_off_any_claims_subject_or_out_of_order_are_reported() {
    let mut entries = intact();
    entries.push(entry_on("claims.claim.ab.not-a-claim", 31, b"junk"));
    entries.push(entry(25, b"late"));
    let (_, problems) = verify(&entries);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].claim_id, None);
    assert!(problems[0]
        .to_string()
        .starts_with("#31 on claims.claim.ab.not-a-claim: "));
    assert!(problems[1].what.contains("out of order, after #31"));
}

#[test]
fn interleaved_claims_are_each_verified() {
    let first = chain(cycle::full_cycle(), &[1, 3, 5, 7, 9, 11]);
    let other = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-3");
    let commits = cycle::full_cycle()
        .into_iter()
        .map(|mut c| {
            c.claim_id = other;
            c
        })
        .collect();
    let second = chain(commits, &[2, 4, 6, 8, 10, 12]);
    let mut entries: Vec<_> = first.iter().map(|(s, b)| entry(*s, b)).collect();
    entries.extend(
        second
            .iter()
            .map(|(s, b)| entry_on(&subjects::claim(&other), *s, b)),
    );
    entries.sort_by_key(|e| e.sequence);
    let (verifier, problems) = verify(&entries);
    assert_eq!(problems, vec![]);
    assert_eq!((verifier.commits, verifier.claims()), (12, 2));
}
