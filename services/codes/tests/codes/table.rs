//! The committed table: its provenance, its release and dates of service.

use claims_codes::{CodeSet, IsoDate, ICD10CM, SOURCE_SHA256};

const SOURCE_MD: &str = include_str!("../../data/SOURCE.md");
const DOCUMENTED_SHA256: &str = "f161f8182aff3ce3a2a78e202f8259c08eaee2c670a9e45b0072445c52302935";

fn icd() -> &'static CodeSet {
    CodeSet::embedded().expect("the embedded table loads")
}

#[test]
fn given_the_table_when_loaded_then_its_recorded_sha256_is_the_documented_one() {
    assert_eq!(icd().header("source_sha256"), Some(DOCUMENTED_SHA256));
    assert_eq!(SOURCE_SHA256, DOCUMENTED_SHA256);
    assert!(
        SOURCE_MD.contains(DOCUMENTED_SHA256),
        "data/SOURCE.md records the checksum"
    );
    assert_eq!(
        icd().header("source"),
        Some("icd10cm-tabular-2026-04-01.xml.gz")
    );
}

#[test]
fn given_the_table_when_loaded_then_it_is_the_fy2026_april_release_with_its_dates() {
    let v = icd().version();
    assert_eq!(v, &ICD10CM);
    assert_eq!(v.name, "ICD-10-CM FY2026, April 1 2026 update");
    assert_eq!(v.valid_from.to_string(), "2026-04-01");
    assert_eq!(v.valid_to.to_string(), "2026-09-30");
    assert_eq!(v.fiscal_year_start.to_string(), "2025-10-01");
    assert!(SOURCE_MD.contains("2026-04-01") && SOURCE_MD.contains("2026-09-30"));
}

#[test]
fn given_the_table_when_loaded_then_it_holds_the_whole_code_set() {
    assert_eq!(
        icd()
            .header("counts")
            .unwrap_or_default()
            .split(' ')
            .find(|c| c.starts_with("billable_codes=")),
        Some("billable_codes=74795")
    );
    assert!(icd().len() > 47_000);
}

#[test]
fn given_a_date_of_service_in_2014_when_checked_then_icd10_does_not_apply() {
    let date = IsoDate::parse("2014-06-30").expect("a date");
    let err = icd()
        .version()
        .check_date_of_service(date)
        .expect_err("ICD-9-CM era");
    assert!(
        err.to_string()
            .starts_with("ICD-10-CM does not apply before 2015-10-01"),
        "{err}"
    );
}

#[test]
fn given_a_table_for_another_release_when_loaded_then_it_is_refused() {
    let table = "# format\tclaims-codes-icd10cm/1\n# code_set\tICD-10-CM FY2027\nchapter\t1\tX\n";
    assert!(matches!(
        CodeSet::from_table(table),
        Err(claims_codes::Error::HeaderMismatch { .. })
    ));
}

#[test]
fn given_every_billable_code_when_validated_then_each_is_billable_and_they_are_all_counted() {
    let mut count = 0;
    for code in icd().billable_codes() {
        assert!(
            icd().validate(&code).is_billable(),
            "{code}: {}",
            icd().validate(&code)
        );
        count += 1;
    }
    assert_eq!(count, 74_795);
}
