//! Excludes1 pairs taken from the FY2026 tabular list.

use claims_codes::CodeSet;

fn icd() -> &'static CodeSet {
    CodeSet::embedded().expect("the embedded table loads")
}

#[test]
fn given_type_2_and_type_1_diabetes_when_checked_then_the_e11_note_forbids_the_pair() {
    let note = icd()
        .excludes1("E11.9", "E10.9")
        .expect("E11 excludes1 type 1 diabetes (E10.-)");
    assert_eq!(note.code, "E11.9");
    assert_eq!(note.excluded, "E10.9");
    assert_eq!(note.note_on, "E11");
    assert_eq!(note.text, "type 1 diabetes mellitus (E10.-)");
}

#[test]
fn given_the_pair_in_the_other_order_when_checked_then_it_is_still_excluded() {
    let note = icd()
        .excludes1("e109", "e119")
        .expect("E10 excludes1 type 2 diabetes (E11.-)");
    assert_eq!(note.note_on, "E10");
    assert_eq!(note.text, "type 2 diabetes mellitus (E11.-)");
}

#[test]
fn given_type_2_diabetes_and_hypertension_when_checked_then_they_may_be_coded_together() {
    assert_eq!(icd().excludes1("E11.9", "I10"), None);
    assert_eq!(icd().excludes1("I10", "E11.9"), None);
}

#[test]
fn given_a_note_narrowed_by_characters_when_checked_then_only_matching_codes_are_excluded() {
    // G59 excludes1 "diabetic mononeuropathy (E08-E13 with .41)".
    let note = icd()
        .excludes1("G59", "E11.41")
        .expect("E11.41 is diabetic mononeuropathy");
    assert_eq!(note.note_on, "G59");
    assert_eq!(icd().excludes1("G59", "E11.9"), None);
}

#[test]
fn given_a_note_on_a_section_when_a_7th_character_code_is_checked_then_the_section_note_applies() {
    // Section T36-T50 excludes1 "toxic reaction to local anesthesia in pregnancy (O29.3-)".
    let note = icd()
        .excludes1("T36.0X1A", "O29.3X1")
        .expect("section T36-T50 note");
    assert_eq!(note.note_on, "T36-T50");
    assert_eq!(note.code, "T36.0X1A");
}

#[test]
fn given_an_unknown_code_when_checked_then_there_is_no_note() {
    assert_eq!(icd().excludes1("E11.99", "E10.9"), None);
}
