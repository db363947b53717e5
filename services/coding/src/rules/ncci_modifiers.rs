//! Which modifiers CMS accepts as showing that two services of an NCCI PTP pair were distinct
//! (the "NCCI-associated modifiers", NCCI Policy Manual, chapter I):
//!
//! - anatomic: E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, RC, LM, RI;
//! - global surgery: 24, 25, 57, 58, 78, 79;
//! - other: 27, 59, 91, XE, XS, XP, XU.
//!
//! How this crate reads them: 25 and 57 count only on an evaluation and management (E/M) code,
//! the only codes they describe; an anatomic modifier counts only when the two lines name
//! different sites (RT on one, LT on the other), since the same site on both shows nothing
//! distinct; the others count on either line of the pair.

use claims_events::{Modifier, ProcedureCode, ProcedureKind, ServiceLine};

/// Modifiers that show distinctness on either line of a pair.
const ON_EITHER_LINE: [&str; 11] = [
    "59", "XE", "XS", "XP", "XU", "24", "27", "58", "78", "79", "91",
];

/// The more specific forms of 59 (separate encounter, structure, practitioner, unusual service).
pub(crate) const X_MODIFIERS: [&str; 4] = ["XE", "XS", "XP", "XU"];

/// True when `code` is an E/M service (CPT 99202-99499).
pub(crate) fn is_em(code: &ProcedureCode) -> bool {
    code.kind() == ProcedureKind::Cpt
        && code
            .as_str()
            .parse::<u32>()
            .is_ok_and(|n| (99202..=99499).contains(&n))
}

pub(crate) fn is_anatomic(modifier: &Modifier) -> bool {
    match modifier.as_str().as_bytes() {
        [b'E', b'1'..=b'4'] | [b'F' | b'T', b'A' | b'1'..=b'9'] => true,
        _ => matches!(
            modifier.as_str(),
            "LT" | "RT" | "LC" | "LD" | "RC" | "LM" | "RI"
        ),
    }
}

/// True when one of the pair's modifiers lets both lines be paid (see the module doc).
pub(crate) fn bypasses(a: &ServiceLine, b: &ServiceLine) -> bool {
    distinct_on(a) || distinct_on(b) || different_sites(a, b)
}

fn distinct_on(line: &ServiceLine) -> bool {
    line.modifiers.iter().any(|m| match m.as_str() {
        "25" | "57" => is_em(&line.procedure),
        other => ON_EITHER_LINE.contains(&other),
    })
}

fn different_sites(a: &ServiceLine, b: &ServiceLine) -> bool {
    fn sites(line: &ServiceLine) -> impl Iterator<Item = &Modifier> {
        line.modifiers.iter().filter(|m| is_anatomic(m))
    }
    let only_in = |x: &ServiceLine, y: &ServiceLine| sites(x).any(|m| !y.modifiers.contains(m));
    sites(a).next().is_some() && sites(b).next().is_some() && (only_in(a, b) || only_in(b, a))
}
