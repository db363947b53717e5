//! Spelling of ICD-10-CM codes. Coders type codes with or without the dot, in either case and
//! with stray spaces; the table and every answer use the official dotted form. This module turns
//! one into the other so the rest of the crate only ever compares undotted upper-case keys
//! ("E119", "S72001A") and only ever shows dotted codes ("E11.9", "S72.001A").

/// Longest ICD-10-CM code, in characters without the dot (six plus the 7th character).
pub(crate) const MAX_LEN: usize = 7;

/// Characters a full code has before its 7th character; shorter codes are padded with `X`.
pub(crate) const BASE_LEN: usize = 6;

/// The undotted upper-case key of a code as a coder wrote it, or `None` when it cannot be an
/// ICD-10-CM code at all (wrong length, a digit where the letter goes, punctuation...).
///
/// Accepts "e11.9", " E119 ", "S72.001a". Only one dot is allowed, after the third character.
pub(crate) fn key(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let mut out = String::with_capacity(MAX_LEN);
    for (i, c) in trimmed.chars().enumerate() {
        if c == '.' {
            if i != 3 {
                return None;
            }
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            return None;
        }
        out.push(c.to_ascii_uppercase());
    }
    if is_key_shaped(&out) {
        Some(out)
    } else {
        None
    }
}

/// True when `key` looks like an undotted code: a letter, then 2 to 6 letters or digits with
/// a digit in the 2nd or 3rd place (E11, QA0 from FY2026; not HIV or NOS).
pub(crate) fn is_key_shaped(key: &str) -> bool {
    let b = key.as_bytes();
    let alnum = |c: &u8| c.is_ascii_digit() || c.is_ascii_uppercase();
    (3..=MAX_LEN).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && (b[1].is_ascii_digit() || b[2].is_ascii_digit())
        && b[1..].iter().all(alnum)
}

/// The official dotted form of an undotted key: "E119" -> "E11.9", "E11" -> "E11".
pub(crate) fn dotted(key: &str) -> String {
    if key.len() <= 3 {
        key.to_string()
    } else {
        format!("{}.{}", &key[..3], &key[3..])
    }
}

/// The undotted key of a dotted code from the table ("S72.001" -> "S72001").
pub(crate) fn undotted(code: &str) -> String {
    code.chars().filter(|&c| c != '.').collect()
}

/// The key of a code extended with a 7th character: padded to six characters with the
/// placeholder `X`, then the 7th character ("S0000" + 'A' -> "S0000XA").
pub(crate) fn with_seventh(base_key: &str, seventh: char) -> String {
    let mut out = String::with_capacity(MAX_LEN);
    out.push_str(base_key);
    while out.len() < BASE_LEN {
        out.push('X');
    }
    out.push(seventh);
    out
}

/// Ways a coder may have misplaced or left out the placeholder `X`s of a 6-character base:
/// every 6-character string made of `body` without its `X`s (after the category) with `X`s put
/// back in the 4th to 6th positions. "T3601" yields "T360X1" among others.
pub(crate) fn placeholder_candidates(body: &str) -> Vec<String> {
    if body.len() < 3 || body.len() > BASE_LEN {
        return Vec::new();
    }
    let (category, rest) = body.split_at(3);
    let core: Vec<char> = rest.chars().filter(|&c| c != 'X').collect();
    let slots = BASE_LEN - 3;
    if core.len() > slots {
        return Vec::new();
    }
    let xs = slots - core.len();
    let mut out = Vec::new();
    for mask in 0u32..(1 << slots) {
        if mask.count_ones() as usize != xs {
            continue;
        }
        let mut chars = core.iter();
        let mut candidate = category.to_string();
        for slot in 0..slots {
            if mask & (1 << slot) != 0 {
                candidate.push('X');
            } else if let Some(&c) = chars.next() {
                candidate.push(c);
            }
        }
        if candidate != body {
            out.push(candidate);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_codes_in_any_spelling_when_keyed_then_dot_and_case_do_not_matter() {
        assert_eq!(key("e11.9").as_deref(), Some("E119"));
        assert_eq!(key(" E119 ").as_deref(), Some("E119"));
        assert_eq!(key("s72.001a").as_deref(), Some("S72001A"));
        assert_eq!(key("E1.19"), None);
        assert_eq!(key("11.9"), None);
        assert_eq!(key("qa0.01").as_deref(), Some("QA001"));
        assert_eq!(key("HIV"), None);
        assert_eq!(key("E11.9-"), None);
        assert_eq!(key(""), None);
        assert_eq!(key("S72.001AB"), None);
    }

    #[test]
    fn given_a_short_base_when_extended_then_it_is_padded_with_placeholder_x() {
        assert_eq!(with_seventh("S0000", 'A'), "S0000XA");
        assert_eq!(with_seventh("S72001", 'A'), "S72001A");
        assert_eq!(dotted("S0000XA"), "S00.00XA");
    }

    #[test]
    fn given_a_body_missing_its_x_when_candidates_are_made_then_the_real_base_is_among_them() {
        let candidates = placeholder_candidates("T3601");
        assert!(candidates.contains(&"T360X1".to_string()));
        assert!(!candidates.contains(&"T3601".to_string()));
        assert!(placeholder_candidates("S0000").contains(&"S0000X".to_string()));
    }
}
