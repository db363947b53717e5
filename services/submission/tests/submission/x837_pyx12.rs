//! Every claim shape the 837P writer produces must pass pyx12 4.0.0, the open-source X12
//! validator that knows the 005010X222A1 implementation guide (loops, required segments,
//! code lists, element sizes).
//!
//! The validator is required, not optional: it is found through `PYX12_X12VALID`, then
//! `<repo>/.venv-pyx12/bin/x12valid`, then installed by `scripts/pyx12.sh`; if none of that
//! works the test fails and says what to install. `x12valid` exits with the same status
//! whether the file passed or not, so its verdict is read from its output
//! (`FILE: OK` / `FILE: Failure` on stderr). The files are written under Cargo's
//! per-target temporary directory, never into the repository.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::x837_support::{all, control, created, receiver, submitter, Scenario};
use claims_submission::x837::{write_batch, Usage};

const INSTALL_HINT: &str = "pyx12 4.0.0 is required to check the 837P files. Run \
`bash scripts/pyx12.sh` from the repository root (it needs python3 with the venv module, \
Debian: `apt-get install python3-venv`, and access to PyPI), or install it yourself with \
`python3 -m pip install pyx12==4.0.0` and set PYX12_X12VALID to the path of its `x12valid`.";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The path of `x12valid`, found or installed once per test binary.
fn x12valid() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(path) = std::env::var_os("PYX12_X12VALID") {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "PYX12_X12VALID={} is not a file. {INSTALL_HINT}",
                path.display()
            );
            return path;
        }
        let venv = repo_root().join(".venv-pyx12/bin/x12valid");
        if venv.is_file() {
            return venv;
        }
        let script = repo_root().join("scripts/pyx12.sh");
        let output = Command::new("bash")
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("could not run {}: {e}. {INSTALL_HINT}", script.display()));
        let printed = String::from_utf8_lossy(&output.stdout);
        let path = PathBuf::from(printed.lines().last().unwrap_or("").trim());
        assert!(
            output.status.success() && path.is_file(),
            "{} did not install x12valid:\n{}\n{INSTALL_HINT}",
            script.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        path
    })
}

/// Runs x12valid on `file`; `Err` holds its whole output when the verdict is not OK.
fn validate(file: &Path) -> Result<String, String> {
    let output = Command::new(x12valid())
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "could not run {}: {e}. {INSTALL_HINT}",
                x12valid().display()
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let verdict = format!("{}: OK", file.display());
    if text.lines().any(|l| l.trim() == verdict) && !text.contains("Failure") {
        Ok(text)
    } else {
        Err(text)
    }
}

fn output_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("x837-pyx12");
    std::fs::create_dir_all(&dir).expect("the target temp dir is writable");
    dir
}

/// Writes `scenarios` as one batch to `<name>.837` and validates it.
fn write_and_validate(name: &str, scenarios: &[Scenario]) -> Result<String, String> {
    let claims: Vec<_> = scenarios.iter().map(Scenario::bill).collect();
    let batch = write_batch(
        &submitter(),
        &receiver(),
        control(),
        created(),
        Usage::Test,
        &claims,
    )
    .map_err(|e| format!("the writer refused {name}: {e}"))?;
    let file = output_dir().join(format!("{name}.837"));
    std::fs::write(&file, &batch.text).expect("the target temp dir is writable");
    validate(&file).map_err(|output| {
        format!(
            "{name}: pyx12 did not say OK.\n--- pyx12 output ---\n{output}\n--- file ---\n{}",
            batch.text
        )
    })
}

#[test]
fn every_claim_shape_passes_pyx12() {
    let mut failures = Vec::new();
    for scenario in all() {
        match write_and_validate(scenario.name, std::slice::from_ref(&scenario)) {
            Ok(output) => eprint!("{output}"),
            Err(failure) => failures.push(failure),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn pyx12_fails_a_broken_837_so_its_ok_means_something() {
    let scenario = crate::x837_support::self_patient();
    let batch = write_batch(
        &submitter(),
        &receiver(),
        control(),
        created(),
        Usage::Test,
        &[scenario.bill()],
    )
    .expect("the sample is billable");
    let broken: String = batch
        .text
        .lines()
        .filter(|l| !l.starts_with("CLM*"))
        .map(|l| format!("{l}\n"))
        .collect();
    let file = output_dir().join("broken.837");
    std::fs::write(&file, broken).expect("the target temp dir is writable");
    let output = validate(&file).expect_err("a claim without CLM is not valid");
    assert!(output.contains("Failure"), "{output}");
}

#[test]
fn a_batch_of_every_shape_passes_pyx12() {
    match write_and_validate("all-shapes", &all()) {
        Ok(output) => eprint!("{output}"),
        Err(failure) => panic!("{failure}"),
    }
}
