//! Reading code references out of Excludes1 note text, as the generator does.

use claims_codes::reference::{references_in_note, CodeRef};

fn compact(text: &str) -> Vec<String> {
    references_in_note(text)
        .refs
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn given_notes_with_codes_in_parentheses_when_read_then_codes_and_ranges_are_found() {
    assert_eq!(compact("type 1 diabetes mellitus (E10.-)"), ["E10"]);
    assert_eq!(compact("influenza (J00-J22)"), ["J00-J22"]);
    assert_eq!(compact("nephropathy (N14.0-N14.2)"), ["N14.0-N14.2"]);
    assert_eq!(compact("x (Y63.6, Y63.8-Y63.9)"), ["Y63.6", "Y63.8-Y63.9"]);
    assert_eq!(compact("x (Z91.12-, Z91.13-)"), ["Z91.12", "Z91.13"]);
    assert_eq!(
        compact("apnea of newborn (P28.3- - P28.4-)"),
        ["P28.3-P28.4"]
    );
    assert_eq!(compact("rheumatic fever (I01.0 -I01.9)"), ["I01.0-I01.9"]);
}

#[test]
fn given_words_that_look_like_codes_when_read_then_they_are_ignored() {
    assert_eq!(
        compact("glucose-6-phosphate dehydrogenase (G6PD) deficiency (D75.A)"),
        ["D75.A"]
    );
    assert_eq!(
        compact("pneumoconiosis with tuberculosis, any type in A15 (J65)"),
        ["J65"]
    );
    assert!(compact("certain localized infections - see body system-related chapters").is_empty());
}

#[test]
fn given_a_note_without_parentheses_when_read_then_codes_in_the_text_count() {
    assert_eq!(compact("injury to visual cortex S04.04-"), ["S04.04"]);
    assert_eq!(
        compact("classified in subcategories S06.1- to S06.6-, and more"),
        ["S06.1-S06.6"]
    );
}

#[test]
fn given_qualified_references_when_read_then_they_are_narrowed() {
    assert_eq!(
        compact("diabetic mononeuropathy (E08-E13 with .41)"),
        ["E08-E13@4=41"]
    );
    assert_eq!(
        compact("angiopathy (E08-E13 with .51-.52)"),
        ["E08-E13@4=51|52"]
    );
    assert_eq!(
        compact("concussion (S06.0X- with seventh character A)"),
        ["S06.0X@7=A"]
    );
    assert_eq!(
        compact("stuttering (I69. with final characters -23)"),
        ["I69@5=23"]
    );
    let unresolved =
        references_in_note("acidosis - see categories E08-E10, E11, E13 with ketoacidosis");
    assert!(unresolved.refs.is_empty() && unresolved.unresolved.len() == 1);
}

#[test]
fn given_references_when_checked_against_codes_then_subdivisions_and_ranges_are_covered() {
    let parse = |t: &str| CodeRef::parse_compact(t).expect("valid compact reference");
    assert!(parse("E10").covers("E109"));
    assert!(!parse("E10").covers("E119"));
    assert!(parse("N14.0-N14.2").covers("N1411"));
    assert!(!parse("N14.0-N14.2").covers("N143"));
    assert!(!parse("T80-T88.6").covers("T887"));
    assert!(parse("T80-T88.6").covers("T886XXA"));
    assert!(
        !parse("E10.9").covers("E10"),
        "a broader code is not covered by a narrower reference"
    );
    assert!(parse("E08-E13@4=41").covers("E1141"));
    assert!(!parse("E08-E13@4=41").covers("E119"));
    assert_eq!(parse("E08-E13@4=51|52").to_string(), "E08-E13@4=51|52");
}
