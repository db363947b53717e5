//! Ranked description search.

use claims_codes::CodeSet;

fn icd() -> &'static CodeSet {
    CodeSet::embedded().expect("the embedded table loads")
}

#[test]
fn given_type_2_diabetes_when_searched_then_an_e11_code_ranks_first() {
    let hits = icd().search("type 2 diabetes", 10);
    assert_eq!(hits.len(), 10);
    assert!(hits[0].code.starts_with("E11"), "{hits:?}");
    assert!(
        hits.iter().take(5).all(|h| h.code.starts_with("E11")),
        "{hits:?}"
    );
}

#[test]
fn given_results_when_searched_then_billable_codes_are_marked() {
    let hits = icd().search("type 2 diabetes without complications", 3);
    let e11_9 = hits
        .iter()
        .find(|h| h.code == "E11.9")
        .expect("E11.9 found");
    assert!(e11_9.billable);
    let fracture = icd().search("fracture neck right femur", 50);
    let s72 = fracture
        .iter()
        .find(|h| h.code == "S72.001")
        .expect("S72.001 found");
    assert!(!s72.billable && s72.requires_seventh_character);
}

#[test]
fn given_a_word_prefix_when_searched_then_longer_words_match() {
    let hits = icd().search("fract neck femur", 20);
    assert!(hits.iter().any(|h| h.code.starts_with("S72.0")), "{hits:?}");
}

#[test]
fn given_a_code_as_query_when_searched_then_it_and_its_subdivisions_are_listed() {
    let hits = icd().search("e11.6", 100);
    assert_eq!(hits[0].code, "E11.6");
    assert!(hits.iter().all(|h| h.code.starts_with("E11.6")));
    assert!(hits.iter().any(|h| h.code == "E11.65" && h.billable));
}

#[test]
fn given_nonsense_or_a_zero_limit_when_searched_then_nothing_is_returned() {
    assert!(icd().search("xyzzyplugh", 10).is_empty());
    assert!(icd().search("", 10).is_empty());
    assert!(icd().search("diabetes", 0).is_empty());
}
