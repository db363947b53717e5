//! Free text and identifiers that will travel in X12: names, addresses, plans, member ids.
//!
//! An 837P separates elements with `*`, components with `:`, repetitions with `^` and
//! segments with `~`, and its character set is ASCII: a name containing one of them, or an
//! accented letter, breaks the transaction or is rejected by the clearinghouse days later.
//! Refusing such text at intake, with the field named, is what the practice can fix.
//! Lengths are the X12 element maximums (NM103 60, NM104 35, N301 55, N401 30, ...).

use super::json::Node;
use super::problem::Problems;

/// The X12 delimiters this system writes; no text may contain them.
const DELIMITERS: &str = "*~:^";

/// The first character of `s` that X12 text cannot carry: non-ASCII, a control character or
/// a delimiter.
fn unsafe_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !(' '..='~').contains(c) || DELIMITERS.contains(*c))
}

fn describe(c: char) -> String {
    if DELIMITERS.contains(c) {
        format!("`{c}`, which X12 uses as a delimiter")
    } else if c.is_ascii() {
        format!("{c:?}, a control character")
    } else {
        format!("`{c}`, which is not plain ASCII (write accented letters without their accents)")
    }
}

fn check_length(node: &Node, s: &str, max: usize, problems: &mut Problems) {
    let length = s.chars().count();
    if length > max {
        problems.push(
            node.path(),
            "text.too_long",
            format!(
                "{} is {length} characters; at most {max} fit the claim",
                node.name()
            ),
        );
    }
}

/// Required X12-safe text of at most `max` characters, trimmed of surrounding spaces.
pub(crate) fn text(node: &Node, max: usize, problems: &mut Problems) -> Option<String> {
    let raw = node.string(problems)?;
    let before = problems.len();
    check_length(node, raw, max, problems);
    if let Some(c) = unsafe_char(raw) {
        problems.push(
            node.path(),
            "text.characters",
            format!("{} contains {}", node.name(), describe(c)),
        );
    }
    let trimmed = raw.trim_matches(' ');
    if trimmed.is_empty() {
        problems.push(
            node.path(),
            "text.empty",
            format!("{} must not be empty", node.name()),
        );
    }
    (problems.len() == before).then(|| trimmed.to_owned())
}

/// Optional X12-safe text: `None` when not sent (or when refused, with a problem recorded).
pub(crate) fn optional_text(node: &Node, max: usize, problems: &mut Problems) -> Option<String> {
    node.clone()
        .present()
        .and_then(|node| text(&node, max, problems))
}

/// A required identifier: 1 to `max` printable ASCII characters without spaces or X12
/// delimiters, kept exactly as sent because it is compared with what others send.
pub(crate) fn identifier(node: &Node, max: usize, problems: &mut Problems) -> Option<String> {
    let raw = node.string(problems)?;
    let before = problems.len();
    if raw.is_empty() {
        problems.push(
            node.path(),
            "text.empty",
            format!("{} must not be empty", node.name()),
        );
    }
    check_length(node, raw, max, problems);
    if let Some(c) = raw.chars().find(|c| *c == ' ').or_else(|| unsafe_char(raw)) {
        let what = if c == ' ' {
            "a space".to_owned()
        } else {
            describe(c)
        };
        problems.push(
            node.path(),
            "text.characters",
            format!(
                "{} contains {what}: use letters, digits and punctuation only",
                node.name()
            ),
        );
    }
    (problems.len() == before).then(|| raw.to_owned())
}
