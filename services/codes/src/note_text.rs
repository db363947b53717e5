//! Reading code references out of note prose, once, in the generator. The tabular list is
//! written for people: "(E10.-)", "(N14.0-N14.2)", "(I01.0 -I01.9)", "(P28.3- - P28.4-)",
//! "classified in subcategories S06.1- to S06.6-", "(E08-E13 with .41)". This module turns
//! those spellings into [`CodeRef`]s, and reports the few it cannot read instead of guessing.

use crate::code;
use crate::reference::{CodeRef, Qualifier};

/// References read from one note's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteReferences {
    /// References understood.
    pub refs: Vec<CodeRef>,
    /// Reference groups left out because their wording ("with ketoacidosis") could not be
    /// turned into codes; kept so the generator can report them.
    pub unresolved: Vec<String>,
}

/// Reads the code references out of a note's text. References are taken from parenthesised
/// groups that contain codes; a note with none ("injury to visual cortex S04.04-") is read
/// whole. A group ending in "with ..." is narrowed by [`Qualifier`] when the wording is one the
/// tabular list uses (".41", "5th character 1", "7th character B", "final characters -23");
/// otherwise the group is reported as unresolved rather than guessed.
pub fn references_in_note(text: &str) -> NoteReferences {
    let groups: Vec<&str> = parenthesised(text)
        .into_iter()
        .filter(|g| !scan_codes(g).0.is_empty())
        .collect();
    let groups = if groups.is_empty() {
        vec![text]
    } else {
        groups
    };
    let mut out = NoteReferences::default();
    for group in groups {
        let (refs, rest) = scan_codes(group);
        if refs.is_empty() {
            continue;
        }
        let rest = rest
            .trim_start_matches([',', ' ', ')'])
            .to_ascii_lowercase();
        match rest.strip_prefix("with") {
            None => out.refs.extend(refs),
            Some(q) => match parse_qualifier(q.trim()) {
                Some(q) => out.refs.extend(refs.into_iter().map(|r| CodeRef {
                    qualifier: Some(q.clone()),
                    ..r
                })),
                None => out.unresolved.push(group.trim().to_string()),
            },
        }
    }
    out
}

/// Contents of the innermost parentheses of `text`.
fn parenthesised(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' => open = Some(i + 1),
            ')' => {
                if let Some(start) = open.take() {
                    out.push(&text[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

/// The codes and ranges in `group`, and the text after the last one.
fn scan_codes(group: &str) -> (Vec<CodeRef>, &str) {
    let b = group.as_bytes();
    let mut refs = Vec::new();
    let mut rest_at = group.len();
    let mut i = 0;
    while i < b.len() {
        let Some((first, mut j)) = code_at(b, i) else {
            i += 1;
            continue;
        };
        // A wildcard dash ("E10.-", "S06.1-") is consumed; a range ("E10-E14", "S06.1- to
        // S06.6-", "I01.0 -I01.9") may follow the code or its dash.
        if b.get(j) == Some(&b'.') && b.get(j + 1) == Some(&b'-') {
            j += 1;
        }
        let mut last_at = connector_then_code(b, j);
        if last_at.is_none() && b.get(j) == Some(&b'-') {
            j += 1;
            last_at = connector_then_code(b, j).or_else(|| spaces_then_code(b, j));
        }
        let mut last = None;
        if let Some((code, end)) = last_at.and_then(|k| code_at(b, k)) {
            last = Some(code);
            j = end;
            if b.get(j) == Some(&b'.') && b.get(j + 1) == Some(&b'-') {
                j += 1;
            }
            if b.get(j) == Some(&b'-') && connector_then_code(b, j).is_none() {
                j += 1;
            }
        }
        refs.push(CodeRef {
            first,
            last,
            qualifier: None,
        });
        rest_at = j;
        i = j;
    }
    (refs, &group[rest_at.min(group.len())..])
}

/// After `j`: optional spaces, a range connector ("-" or "to"), optional spaces, then a code.
/// Returns where the code starts.
fn connector_then_code(b: &[u8], j: usize) -> Option<usize> {
    let mut k = skip_spaces(b, j);
    if b.get(k) == Some(&b'-') {
        k += 1;
    } else if b.get(k..k + 3) == Some(b"to ") {
        k += 2;
    } else {
        return None;
    }
    let k = skip_spaces(b, k);
    code_at(b, k).map(|_| k)
}

/// After a wildcard dash, a code following after spaces only ("I69.81- I69.91-") ends a range.
fn spaces_then_code(b: &[u8], j: usize) -> Option<usize> {
    let k = skip_spaces(b, j);
    (k > j).then_some(k).filter(|&k| code_at(b, k).is_some())
}

fn skip_spaces(b: &[u8], mut k: usize) -> usize {
    while b.get(k) == Some(&b' ') {
        k += 1;
    }
    k
}

/// A code starting exactly at `i` ("E10", "S72.001", "I69." read as I69), as an undotted key,
/// and where it ends. The code must stand alone: "G6PD" is not a code.
fn code_at(b: &[u8], i: usize) -> Option<(String, usize)> {
    if i > 0 && b[i - 1].is_ascii_alphanumeric() {
        return None;
    }
    let head = b.get(i..i + 3)?;
    if !(head[0].is_ascii_uppercase() && is_code_char(head[1]) && is_code_char(head[2])) {
        return None;
    }
    let mut j = i + 3;
    if b.get(j) == Some(&b'.') {
        j += 1;
        while j < b.len() && is_code_char(b[j]) {
            j += 1;
        }
    }
    if b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let key: String = b[i..j]
        .iter()
        .filter(|&&c| c != b'.')
        .map(|&c| c as char)
        .collect();
    code::is_key_shaped(&key).then_some((key, j))
}

fn is_code_char(c: u8) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase()
}

/// Qualifier wordings used by the tabular list, lower-cased, after "with".
fn parse_qualifier(q: &str) -> Option<Qualifier> {
    const OPEN_FRACTURE: [&str; 10] = ["B", "C", "E", "F", "H", "J", "M", "N", "Q", "R"];
    if let Some(suffixes) = q.strip_prefix('.') {
        // ".41", ".62-", ".51-.52": characters right after the dot.
        let mut alternatives = Vec::new();
        for part in suffixes.trim_end_matches('-').split("-.") {
            alternatives.push(clean_value(part)?);
        }
        if let [a, b] = alternatives.as_slice() {
            if let (Ok(x), Ok(y)) = (a.parse::<u32>(), b.parse::<u32>()) {
                if a.len() == b.len() && x < y && y - x < 10 {
                    let width = a.len();
                    alternatives = (x..=y).map(|n| format!("{n:0width$}")).collect();
                }
            }
        }
        return Some(Qualifier {
            position: 4,
            alternatives,
        });
    }
    if q.contains("open fracture") && (q.contains("7th") || q.contains("seventh")) {
        let alternatives = OPEN_FRACTURE.iter().map(|s| s.to_string()).collect();
        return Some(Qualifier {
            position: 7,
            alternatives,
        });
    }
    let value = clean_value(q.rsplit(' ').next()?.trim_start_matches(['-', '.']))?;
    let position = if q.starts_with("final characters") {
        code::MAX_LEN.checked_sub(value.len())?
    } else if q.contains("character") {
        q.split([' ', '-']).find_map(ordinal)?
    } else {
        return None;
    };
    (position >= 4 && position + value.len() - 1 <= code::MAX_LEN).then(|| Qualifier {
        position,
        alternatives: vec![value],
    })
}

fn ordinal(word: &str) -> Option<usize> {
    match word {
        "4th" | "fourth" => Some(4),
        "5th" | "fifth" => Some(5),
        "6th" | "sixth" => Some(6),
        "7th" | "seventh" => Some(7),
        _ => None,
    }
}

fn clean_value(v: &str) -> Option<String> {
    let v = v.trim().to_ascii_uppercase();
    (!v.is_empty() && v.len() <= 3 && v.bytes().all(is_code_char)).then_some(v)
}
