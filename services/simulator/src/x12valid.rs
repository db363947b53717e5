//! Test helper: pyx12's `x12valid` on a file the simulator wrote, when the validator is
//! installed (`scripts/pyx12.sh` puts it in `.venv-pyx12/`, or `PYX12_X12VALID` names it).
//!
//! The submission crate requires pyx12 for the 837s the system sends; for the simulator's
//! own files (standing in for a clearinghouse's and payers') it is a check worth running
//! where available, not a reason to fail a machine without Python.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The validator's path, if installed.
pub fn x12valid() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PYX12_X12VALID") {
        return Some(PathBuf::from(path));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-pyx12/bin/x12valid");
    venv.is_file().then_some(venv)
}

/// Runs `x12valid` on `text`; `None` when it is not installed, else its verdict and output.
pub fn validate(name: &str, text: &str) -> Option<(bool, String)> {
    let validator = x12valid()?;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join(name);
    std::fs::write(&file, text).expect("write the file");
    let output = Command::new(validator)
        .arg(&file)
        .current_dir(dir.path())
        .output()
        .expect("run x12valid");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((said.contains(": OK") && !said.contains("Failure"), said))
}

/// Asserts that `text` passes x12valid when it is installed; says so when it is not.
pub fn assert_valid(name: &str, text: &str) {
    match validate(name, text) {
        Some((ok, said)) => assert!(ok, "x12valid refused {name}:\n{said}\n{text}"),
        None => eprintln!("x12valid not installed (scripts/pyx12.sh): {name} not validated"),
    }
}
