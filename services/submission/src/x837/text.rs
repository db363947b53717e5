//! Free text (names, addresses) made fit for an X12 element.
//!
//! X12 has no escape: a `*` in a name would end the element, a `~` the segment, and the
//! rest of the file would be read wrongly. Registration already refuses such characters,
//! but the 837 must be safe whatever reaches it, so free text is cleaned rather than
//! refused: a stray delimiter in a name is better billed as a space than held back. The
//! same goes for what the X12 character sets cannot carry at all (control characters,
//! letters outside ASCII), and for text longer than its element.
//!
//! The rules, in order: letters are upper-cased (what payer systems expect, and all the
//! basic character set has) and common Latin accents dropped (`José` is `JOSE`); any
//! delimiter, control character or other non-ASCII character becomes a space; runs of
//! spaces become one; the ends are trimmed; the result is cut to the element's maximum
//! length. Identifiers (NPIs, member ids, codes) are never cleaned: the writer refuses a
//! bad one, because a changed identifier bills the wrong person.

use claims_x12::Delimiters;

/// `value` cleaned for a free-text element of at most `max` characters (see the module
/// doc). May be empty: callers decide whether the element is required.
pub(super) fn free_text(delimiters: &Delimiters, value: &str, max: usize) -> String {
    let mut folded = String::with_capacity(value.len());
    for c in value.chars().flat_map(char::to_uppercase) {
        match fold(c) {
            Some(letters) => folded.push_str(letters),
            None => folded.push(c),
        }
    }
    let usable = |c: char| {
        c.is_ascii()
            && !c.is_ascii_control()
            && delimiters.find_in(c.encode_utf8(&mut [0; 4])).is_none()
    };
    let spaced: String = folded
        .chars()
        .map(|c| if usable(c) { c } else { ' ' })
        .collect();
    let words = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    words
        .chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The digits of `value`: telephone numbers are written without punctuation.
pub(super) fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// The ASCII letters of an accented upper-case Latin letter, or `None`.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Æ' => "AE",
        'Ç' | 'Ć' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'Ł' | 'Ľ' => "L",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'Œ' => "OE",
        'Ř' => "R",
        'Ś' | 'Š' | 'Ş' => "S",
        'ẞ' => "SS",
        'Ť' | 'Ţ' => "T",
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ý' | 'Ÿ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(value: &str) -> String {
        free_text(&Delimiters::default(), value, 60)
    }

    #[test]
    fn delimiters_become_spaces_and_never_reach_the_file() {
        assert_eq!(clean("Smith~Jones*Jr"), "SMITH JONES JR");
        assert_eq!(clean("O'Brien: A^B"), "O'BRIEN A B");
        assert_eq!(clean("**~~"), "");
    }

    #[test]
    fn accents_are_dropped_and_other_letters_become_spaces() {
        assert_eq!(clean("José Müller-Łukasz"), "JOSE MULLER-LUKASZ");
        assert_eq!(clean("Straße"), "STRASSE");
        assert_eq!(clean("李 Wang"), "WANG");
    }

    #[test]
    fn control_characters_and_runs_of_spaces_collapse() {
        assert_eq!(clean("  1 Main\tSt\r\n Apt 2  "), "1 MAIN ST APT 2");
    }

    #[test]
    fn long_text_is_cut_to_the_element() {
        let d = Delimiters::default();
        assert_eq!(free_text(&d, "Springfield Family", 12), "SPRINGFIELD");
        assert_eq!(free_text(&d, "abcdef", 3), "ABC");
    }

    #[test]
    fn phone_numbers_keep_their_digits() {
        assert_eq!(digits("(217) 555-0100"), "2175550100");
    }
}
