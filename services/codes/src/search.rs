//! Text search over code descriptions, for a coder who knows the condition but not the code
//! ("type 2 diabetes", "fract neck femur"). An inverted index from lower-cased words to the
//! codes whose description contains them is built at load time; a query is answered by
//! intersecting the postings of its words.
//!
//! Ranking (best first), documented because coders will ask why a code came first:
//! 1. every query word must occur in the description, as a whole word or, for query words of
//!    three letters or more, as the start of a word ("fract" finds "fracture");
//! 2. more query words matched as whole words rank higher;
//! 3. then descriptions where the query words appear together, in order ("type 2 diabetes");
//! 4. then descriptions that start with the first query word;
//! 5. then shorter descriptions (fewer words): the general code before its variants;
//! 6. then tabular order.
//!
//! A query that is itself a code in the table ("E11.6", "s72") lists that code and its
//! subdivisions in tabular order. Billable codes are marked, not favoured.

use std::collections::HashMap;

use crate::table::{Node, Status};
use crate::{code, CodeSet};

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// Dotted code as in the tabular list ("E11.9").
    pub code: &'static str,
    pub description: &'static str,
    /// Billable as is.
    pub billable: bool,
    /// Billable only once a 7th character is added (see [`CodeSet::validate`]).
    pub requires_seventh_character: bool,
    /// Higher is better; see the module documentation for how it is made.
    pub score: u32,
}

/// Words to entries (indexes into the code set's entries), sorted by word.
#[derive(Debug, Default)]
pub(crate) struct SearchIndex {
    words: Vec<(Box<str>, Vec<u32>)>,
}

impl SearchIndex {
    pub(crate) fn build(nodes: &[Node]) -> SearchIndex {
        let mut map: HashMap<String, Vec<u32>> = HashMap::with_capacity(20_000);
        for (i, node) in nodes.iter().enumerate() {
            if !searchable(node.status) {
                continue;
            }
            let i = i as u32;
            for word in words(node.desc) {
                match map.get_mut(word.as_str()) {
                    Some(postings) if postings.last() == Some(&i) => {}
                    Some(postings) => postings.push(i),
                    None => {
                        map.insert(word, vec![i]);
                    }
                }
            }
        }
        let mut words: Vec<(Box<str>, Vec<u32>)> = map
            .into_iter()
            .map(|(w, p)| (w.into_boxed_str(), p))
            .collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        SearchIndex { words }
    }

    /// Entries containing `word` as a whole word, or (for words of 3+ letters) as a prefix.
    fn postings(&self, word: &str) -> Vec<u32> {
        let start = self.words.partition_point(|(w, _)| w.as_ref() < word);
        let mut out = Vec::new();
        for (w, postings) in &self.words[start..] {
            let hit = if word.len() >= 3 {
                w.starts_with(word)
            } else {
                w.as_ref() == word
            };
            if !hit {
                break;
            }
            out.extend_from_slice(postings);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Number of distinct words indexed.
    pub(crate) fn word_count(&self) -> usize {
        self.words.len()
    }

    /// Number of (word, entry) pairs indexed.
    pub(crate) fn posting_count(&self) -> usize {
        self.words.iter().map(|(_, p)| p.len()).sum()
    }
}

impl CodeSet {
    /// Codes whose description matches `query`, best first, at most `limit` of them. See the
    /// module documentation for the ranking.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        if limit == 0 {
            return Vec::new();
        }
        if let Some(&i) = code::key(query).and_then(|k| self.by_key.get(&k)) {
            let (start, end) = (i as usize, self.nodes[i as usize].end as usize);
            return (start..end)
                .filter(|&j| searchable(self.nodes[j].status))
                .take(limit)
                .map(|j| self.hit(j as u32, 0))
                .collect();
        }
        let mut query_words: Vec<String> = Vec::new();
        for w in words(query) {
            if !query_words.contains(&w) {
                query_words.push(w);
            }
        }
        let mut lists: Vec<Vec<u32>> = query_words
            .iter()
            .map(|w| self.search.postings(w))
            .collect();
        lists.sort_by_key(Vec::len);
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let candidates = first
            .iter()
            .copied()
            .filter(|i| rest.iter().all(|l| l.binary_search(i).is_ok()));
        let mut scored: Vec<(u32, u32)> = candidates
            .map(|i| (score(&query_words, self.nodes[i as usize].desc), i))
            .collect();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(s, i)| self.hit(i, s))
            .collect()
    }

    /// Size of the search index: distinct words and (word, code) pairs.
    pub fn search_index_size(&self) -> (usize, usize) {
        (self.search.word_count(), self.search.posting_count())
    }

    fn hit(&self, i: u32, score: u32) -> SearchHit {
        let node = &self.nodes[i as usize];
        SearchHit {
            code: node.label,
            description: node.desc,
            billable: node.status == Status::Billable,
            requires_seventh_character: matches!(node.status, Status::NeedsSeventh(_)),
            score,
        }
    }
}

/// Real codes only: not chapters, sections or placeholder levels (which repeat their parent).
fn searchable(status: Status) -> bool {
    matches!(
        status,
        Status::Billable | Status::HasSubdivisions | Status::NeedsSeventh(_)
    )
}

/// Lower-cased words (runs of letters and digits) of `text`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn matches_word(query: &str, word: &str) -> bool {
    word == query || (query.len() >= 3 && word.starts_with(query))
}

/// Score of a description every query word matches (see the module documentation).
fn score(query: &[String], desc: &str) -> u32 {
    let desc: Vec<String> = words(desc).collect();
    let whole = query.iter().filter(|q| desc.contains(q)).count() as u32;
    let together = desc
        .windows(query.len())
        .any(|w| w.iter().zip(query).all(|(d, q)| matches_word(q, d)));
    let starts = match (query.first(), desc.first()) {
        (Some(q), Some(d)) => matches_word(q, d),
        _ => false,
    };
    let shortness = 100u32.saturating_sub(desc.len() as u32);
    whole * 10_000 + u32::from(together) * 2_000 + u32::from(starts) * 1_000 + shortness
}
