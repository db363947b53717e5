//! Loading the CMS edit tables from files: the shipped samples load, and a bad file is refused
//! with its name, line and column.

use std::path::{Path, PathBuf};

use claims_coding::rules::tables::{
    Adjudication, CodeKey, LoadError, ModifierIndicator, MueLimits, NcciEdits,
};
use claims_coding::rules::Reference;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

fn key(code: &str) -> CodeKey {
    CodeKey::parse(code).expect("a five-character code")
}

/// A file of its own under the system temp directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("claims-coding-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("the temp dir is writable");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn given_the_sample_files_when_loaded_from_disk_then_every_row_is_read() {
    let ptp = NcciEdits::from_files(&[data("ncci-ptp-sample.txt")]).expect("the sample PTP loads");
    assert_eq!(ptp.len(), 12);
    let on = "2026-05-04".parse().expect("a date");
    let edit = ptp
        .edit_on(key("99213"), key("99214"), on)
        .expect("99214/99213 is an edit");
    assert_eq!((edit.column1, edit.column2), (key("99214"), key("99213")));
    assert_eq!(edit.indicator, ModifierIndicator::NotAllowed);
    assert_eq!(edit.rationale, "Mutually exclusive procedures");

    let mue = MueLimits::from_file(&data("mue-sample.csv")).expect("the sample MUE loads");
    assert_eq!(mue.len(), 12);
    let knee = mue.limit(key("20610")).expect("20610 has a limit");
    assert_eq!((knee.units, knee.adjudication), (2, Adjudication::Line));

    let reference =
        Reference::load(&[data("ncci-ptp-sample.txt")], &data("mue-sample.csv")).expect("loads");
    assert!(reference.billable_code_count() > 70_000);
}

#[test]
fn given_a_ptp_file_split_in_parts_when_loaded_then_the_parts_form_one_table() {
    let f1 = TempFile::with(
        "f1.txt",
        "Column 1\tColumn 2\n99214\t99213\t\t20100101\t*\t0\tMutually exclusive procedures\n",
    );
    let f2 = TempFile::with(
        "f2.txt",
        "Column 1\tColumn 2\n93000\t93010\t*\t19960101\t*\t0\tStandards\n",
    );
    let ptp = NcciEdits::from_files(&[&f1.0, &f2.0]).expect("both parts load");
    assert_eq!(ptp.len(), 2);
}

#[test]
fn given_a_bad_ptp_row_when_loaded_then_the_file_line_and_column_are_named() {
    let file = TempFile::with("bad.txt", "notice\nColumn 1\tColumn 2\n99214\t99213\t\t20100101\t*\t0\tok\n99214\t36415\t\t20100101\t*\t2\tbad\n");
    let err = NcciEdits::from_files(&[&file.0]).expect_err("indicator 2 does not exist");
    let LoadError::Row {
        file: name,
        line,
        column,
        column_name,
        ..
    } = &err
    else {
        panic!("expected a row error, got {err}");
    };
    assert_eq!(
        (name.as_str(), *line, *column),
        (file.0.display().to_string().as_str(), 4, 6)
    );
    assert!(column_name.starts_with("Modifier"));
    assert!(
        err.to_string()
            .contains("`2` is not a modifier indicator (0, 1 or 9)"),
        "{err}"
    );
}

#[test]
fn given_a_file_without_rows_or_no_file_when_loaded_then_the_file_is_named() {
    let empty = TempFile::with("empty.csv", "\"only a notice\",,,\n");
    let err = MueLimits::from_file(&empty.0).expect_err("no rows");
    assert!(matches!(err, LoadError::NoRows { .. }), "{err}");
    assert!(err.to_string().contains("empty.csv"), "{err}");

    let missing = data("no-such-file.txt");
    let err = NcciEdits::from_files(&[&missing]).expect_err("no file");
    assert!(matches!(err, LoadError::Io { .. }), "{err}");
    assert!(err.to_string().contains("no-such-file.txt"), "{err}");
}

#[test]
fn given_a_code_listed_twice_in_the_mue_file_when_loaded_then_both_lines_are_named() {
    let err = MueLimits::parse("mue.csv", "99213,1,2,x\n36415,2,3,y\n99213,2,2,z\n")
        .expect_err("duplicate code");
    assert_eq!(
        err.to_string(),
        "mue.csv: line 3, column 1 (HCPCS/CPT Code): 99213 is listed twice (first on line 1)"
    );
}
