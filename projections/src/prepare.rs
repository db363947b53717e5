//! Preparing claims' writes for a batch: each claim's encoded state, and how the change of
//! its summary moves worklist entries and counters. The work is per claim and pure, so a
//! large batch (a rebuild writes a hundred thousand claims at once) is prepared on two
//! threads; the batch itself is then filled on one.

use claims_events::ClaimId;

use crate::deadline::PayerTerms;
use crate::keys;
use crate::states::Known;
use crate::summary::ClaimSummary;

/// Below this many claims a batch is prepared on the calling thread: a second thread would
/// cost more than it saves.
const PARALLEL_FROM: usize = 4096;

/// What a claim changes in the models.
pub(crate) struct ClaimWrite {
    /// The value at `claim/<id>`: bincode of its fold.
    pub state: Vec<u8>,
    /// Worklist entries it leaves, and those it joins (an entry that stays is not written).
    pub left: Vec<Vec<u8>>,
    pub joined: Vec<Vec<u8>>,
    /// Counter deltas: the old summary's contributions out, the new one's in.
    pub deltas: Vec<(Vec<u8>, i64)>,
}

/// Prepares every claim's write, in the order given, and sets each claim's summary to the
/// one being written.
pub(crate) fn prepare_all(
    claims: &mut [(ClaimId, Box<Known>)],
    terms: &PayerTerms,
) -> Vec<ClaimWrite> {
    let prepare_each = |claims: &mut [(ClaimId, Box<Known>)]| -> Vec<ClaimWrite> {
        claims
            .iter_mut()
            .map(|(claim_id, known)| prepare(claim_id, known, terms))
            .collect()
    };
    if claims.len() < PARALLEL_FROM {
        return prepare_each(claims);
    }
    let (first, second) = claims.split_at_mut(claims.len() / 2);
    std::thread::scope(|scope| {
        let first = scope.spawn(|| prepare_each(first));
        let second = prepare_each(second);
        let mut writes = first
            .join()
            .expect("preparing a claim's write does not panic");
        writes.extend(second);
        writes
    })
}

fn prepare(claim_id: &ClaimId, known: &mut Known, terms: &PayerTerms) -> ClaimWrite {
    let old = known.summary.take();
    let state = bincode::serde::encode_to_vec(&known.folded, crate::projection::bincode_config())
        .expect("a claim always encodes");
    let new = ClaimSummary::of(&known.folded, terms);
    let mut write = ClaimWrite {
        state,
        left: Vec::new(),
        joined: Vec::new(),
        deltas: Vec::new(),
    };
    // An unchanged summary changes no worklist or counter.
    if new != old {
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
        let (old_entries, new_entries) = (entries(&old), entries(&new));
        write.left = old_entries
            .iter()
            .filter(|key| !new_entries.contains(key))
            .cloned()
            .collect();
        write.joined = new_entries
            .into_iter()
            .filter(|key| !old_entries.contains(key))
            .collect();
        if let Some(old) = &old {
            write.deltas.extend(
                counter_deltas(old)
                    .into_iter()
                    .map(|(name, value)| (name, -value)),
            );
        }
        if let Some(new) = &new {
            write.deltas.extend(counter_deltas(new));
        }
    }
    known.summary = new;
    write
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

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::event::{ClaimCoded, ClaimRegistered, Event};
    use claims_events::{sample, Actor, Causation, Commit};

    use crate::fold::Folded;

    /// Claims registered, some of them also coded, so summaries and worklists differ.
    fn claims(n: usize) -> Vec<(ClaimId, Box<Known>)> {
        (0..n)
            .map(|i| {
                let encounter_id = format!("E-{i}");
                let claim_id =
                    ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), &encounter_id);
                let mut events = vec![Event::ClaimRegistered(ClaimRegistered {
                    encounter: sample::encounter("springfield-fp", &encounter_id),
                })];
                if i % 3 == 0 {
                    events.push(Event::ClaimCoded(ClaimCoded {
                        code_set: "ICD-10-CM FY2026".into(),
                    }));
                }
                let commit = Commit {
                    claim_id,
                    commit_id: uuid::Uuid::from_u128(i as u128),
                    service: "test".into(),
                    actor: Actor::System,
                    causation: Causation::Inbox {
                        subject: "inbox.springfield-fp.encounter".into(),
                        sequence: i as u64,
                        message_id: None,
                    },
                    correlation_id: uuid::Uuid::from_u128(i as u128),
                    recorded_at: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
                    previous_hash: None,
                    previous_sequences: vec![],
                    events,
                };
                let known = Known {
                    folded: Folded::default().apply(&commit),
                    summary: None,
                };
                (claim_id, Box::new(known))
            })
            .collect()
    }

    #[test]
    fn a_batch_prepared_on_two_threads_is_the_one_prepared_on_one() {
        let terms = PayerTerms::of(&claims_payers::PayerRegistry::sample());
        let count = PARALLEL_FROM + 101;
        let (mut parallel, mut sequential) = (claims(count), claims(count));
        let together = prepare_all(&mut parallel, &terms);
        let one_by_one: Vec<ClaimWrite> = sequential
            .iter_mut()
            .map(|(claim_id, known)| prepare(claim_id, known, &terms))
            .collect();
        assert_eq!(together.len(), count);
        assert!(
            together.iter().any(|w| !w.joined.is_empty()),
            "some claim joins a worklist"
        );
        for (a, b) in together.iter().zip(&one_by_one) {
            assert_eq!(
                (&a.state, &a.left, &a.joined, &a.deltas),
                (&b.state, &b.left, &b.joined, &b.deltas)
            );
        }
        for ((id_a, a), (id_b, b)) in parallel.iter().zip(&sequential) {
            assert_eq!((id_a, &a.summary), (id_b, &b.summary));
        }
    }
}
