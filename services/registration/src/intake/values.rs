//! Typed values partners send as JSON strings and numbers: dates, money, whole numbers,
//! and words from a fixed list.
//!
//! Each reader takes a [`Node`], records a problem with a stable code when the value is
//! wrong, and returns the domain value otherwise. Messages never echo the value: it may be a
//! birth date, and the sender has it anyway.

use chrono::NaiveDate;
use claims_events::{Cents, MoneyError};

use super::json::Node;
use super::problem::Problems;

/// A required `YYYY-MM-DD` date that exists in the calendar.
pub(crate) fn date(node: &Node, problems: &mut Problems) -> Option<NaiveDate> {
    let text = node.string(problems)?;
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        problems.push(
            node.path(),
            "date.format",
            format!("{} must be a date written YYYY-MM-DD", node.name()),
        );
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let date = match (number(0..4), number(5..7), number(8..10)) {
        (Some(y), Some(m), Some(d)) => i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    };
    if date.is_none() {
        problems.push(
            node.path(),
            "date.invalid",
            format!(
                "{} is not a real calendar date: check the month and the day",
                node.name()
            ),
        );
    }
    date
}

/// A required date that is not after `today`.
pub(crate) fn past_date(
    node: &Node,
    today: NaiveDate,
    problems: &mut Problems,
) -> Option<NaiveDate> {
    let date = date(node, problems)?;
    if date > today {
        problems.push(
            node.path(),
            "date.future",
            format!(
                "{} is after today ({today}): a date of service or birth cannot be in the future",
                node.name()
            ),
        );
        return None;
    }
    Some(date)
}

/// The largest amount accepted: ten digits of dollars, far beyond any one service line.
const MAX_DOLLAR_DIGITS: usize = 10;

/// A required positive amount sent as a decimal string with at most two decimals. A JSON
/// number is refused: binary floating point cannot hold 0.10 exactly, and the contract is
/// that money is never rounded on the way in.
pub(crate) fn money(node: &Node, problems: &mut Problems) -> Option<Cents> {
    let name = node.name();
    let text = match node.required(problems)? {
        serde_json::Value::String(text) => text,
        _ => {
            problems.push(
                node.path(),
                "field.type",
                format!("{name} must be a decimal string such as \"125.00\", not a JSON number"),
            );
            return None;
        }
    };
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let refuse = |problems: &mut Problems, code: &str, why: String| {
        problems.push(node.path(), code, why);
        None
    };
    match Cents::parse_decimal(text) {
        Err(MoneyError::TooManyDecimals(_)) => refuse(
            problems,
            "money.decimals",
            format!("{name} has more than two decimal places: send whole cents, such as 125.50"),
        ),
        Err(MoneyError::NotDecimal(_)) => refuse(
            problems,
            "money.format",
            format!("{name} must be a decimal amount such as 125.00, without a currency sign or separators"),
        ),
        Err(MoneyError::Overflow(_)) => too_large(node, problems),
        Ok(cents) if !cents.is_positive() => refuse(
            problems,
            "money.not_positive",
            format!("{name} must be more than zero: bill a service with its charge, and credits as adjustments"),
        ),
        Ok(_) if unsigned.split('.').next().map_or(0, str::len) > MAX_DOLLAR_DIGITS => too_large(node, problems),
        Ok(cents) => Some(cents),
    }
}

fn too_large(node: &Node, problems: &mut Problems) -> Option<Cents> {
    problems.push(
        node.path(),
        "money.range",
        format!(
            "{} is too large: at most {MAX_DOLLAR_DIGITS} digits before the decimal point",
            node.name()
        ),
    );
    None
}

/// A required whole number within `range`; `code` names the rule when it is outside.
pub(crate) fn whole_number_in(
    node: &Node,
    range: std::ops::RangeInclusive<i64>,
    code: &str,
    problems: &mut Problems,
) -> Option<i64> {
    let n = node.whole_number(problems)?;
    if !range.contains(&n) {
        problems.push(
            node.path(),
            code,
            format!(
                "{} must be from {} to {}, not {n}",
                node.name(),
                range.start(),
                range.end()
            ),
        );
        return None;
    }
    Some(n)
}

/// A required word from a fixed list, such as `F`, `M` or `U`. Case matters: the list is
/// the contract, and the JSON Schema says the same.
pub(crate) fn one_of<T: Copy>(
    node: &Node,
    words: &[(&str, T)],
    code: &str,
    problems: &mut Problems,
) -> Option<T> {
    let text = node.string(problems)?;
    let found = words
        .iter()
        .find(|(word, _)| *word == text)
        .map(|(_, value)| *value);
    if found.is_none() {
        let allowed: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
        problems.push(
            node.path(),
            code,
            format!("{} must be one of {}", node.name(), allowed.join(", ")),
        );
    }
    found
}

/// Reports a list whose length is outside `range`; the items are still read one by one.
pub(crate) fn check_count(
    node: &Node,
    len: usize,
    range: std::ops::RangeInclusive<usize>,
    what: &str,
    code: &str,
    problems: &mut Problems,
) {
    if !range.contains(&len) {
        problems.push(
            node.path(),
            code,
            format!(
                "{} has {len} {what}; a claim takes {} to {}",
                node.name(),
                range.start(),
                range.end()
            ),
        );
    }
}
