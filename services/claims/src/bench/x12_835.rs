//! 835 parsing throughput: MB/s of `read_835` (envelope, loops, every amount to cents,
//! codes checked) against the floor any reader pays on the same bytes: splitting them into
//! segments and elements at the ISA's delimiters, with no interpretation. In memory, on a
//! generated file of realistic claims (two service lines, CO and PR adjustments each), so
//! the disk and NATS are out of the measurement.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;
use serde_json::json;

use claims_remittance::sample::{interchange, ClaimPaid, Remit835};
use claims_x12::remittance::{check_balance, read_835};

#[derive(Debug, Args)]
pub struct X12BenchArgs {
    /// Approximate size of the generated 835, in MB (10^6 bytes).
    #[arg(long, default_value_t = 40)]
    pub megabytes: usize,
    /// Claims per transaction set (one payment each).
    #[arg(long, default_value_t = 1000)]
    pub claims_per_payment: usize,
    /// Timed rounds of each side, alternating; the best of each is kept (the machine is
    /// shared and noisy).
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
}

pub fn run(args: &X12BenchArgs) -> anyhow::Result<serde_json::Value> {
    let (file, claims) = generate(args)?;
    let megabytes = file.len() as f64 / 1e6;

    // Correctness first, untimed: the parser must read every claim and the file must
    // balance, or the MB/s would be for a different job.
    let parsed = read_835(&file)?;
    let parsed_claims: usize = parsed.iter().map(|r| r.claims.len()).sum();
    anyhow::ensure!(
        parsed_claims == claims,
        "read {parsed_claims} claims of {claims}"
    );
    anyhow::ensure!(
        parsed.iter().all(|r| check_balance(r).is_empty()),
        "the generated 835 does not balance"
    );
    drop(parsed);

    let (mut best_project, mut best_baseline) = (0f64, 0f64);
    for _ in 0..args.rounds.max(1) {
        let started = Instant::now();
        black_box(split_segments(black_box(&file)));
        best_baseline = best_baseline.max(megabytes / started.elapsed().as_secs_f64());

        let started = Instant::now();
        let remittances = read_835(black_box(&file))?;
        best_project = best_project.max(megabytes / started.elapsed().as_secs_f64());
        black_box(remittances);
    }
    Ok(json!({
        "scenario": "x12-835",
        "unit": "MB/s",
        "project": best_project.round(),
        "baseline": best_baseline.round(),
        "ratio": (best_project / best_baseline * 1000.0).round() / 1000.0,
        "megabytes": (megabytes * 10.0).round() / 10.0,
        "claims": claims,
        "transactions": claims.div_ceil(args.claims_per_payment.max(1)),
        "rounds": args.rounds.max(1),
    }))
}

/// The baseline: every segment found by its terminator and split at the element
/// separator, both read from the ISA (bytes 3 and 105 of its fixed 106). Returns
/// (segments, elements) so the work cannot be optimised away.
fn split_segments(input: &str) -> (usize, usize) {
    let bytes = input.as_bytes();
    let (Some(&element), Some(&terminator)) = (bytes.get(3), bytes.get(105)) else {
        return (0, 0);
    };
    let (mut segments, mut elements) = (0, 0);
    for segment in bytes.split(|&b| b == terminator) {
        let segment = segment.trim_ascii_start();
        if segment.is_empty() {
            continue;
        }
        segments += 1;
        elements += segment.split(|&b| b == element).count();
    }
    (segments, elements)
}

/// An 835 of about `args.megabytes`, payments of `args.claims_per_payment` claims each, and
/// the number of claims in it.
fn generate(args: &X12BenchArgs) -> anyhow::Result<(String, usize)> {
    let per_payment = args.claims_per_payment.max(1);
    let paid_on = NaiveDate::from_ymd_opt(2026, 12, 10).expect("a valid date");
    let payment = |n: usize| {
        (0..per_payment).fold(Remit835::new(&format!("EFT-{n}"), paid_on), |remit, i| {
            remit.claim(claim(n * per_payment + i))
        })
    };
    let one = interchange(&[payment(0)])?.len();
    let payments = (args.megabytes * 1_000_000).div_ceil(one).max(1);
    let transactions: Vec<Remit835> = (0..payments).map(payment).collect();
    Ok((interchange(&transactions)?, payments * per_payment))
}

/// A paid office visit and lab test: $143.00 billed, $90.50 paid, $27.50 contractual,
/// $25.00 the patient's; CLP01 a claim id as the system writes them.
fn claim(index: usize) -> ClaimPaid {
    let claim_id = uuid::Uuid::from_u128(0x6b3f_1c5e_0000_4000_8000_0000_0000_0000 | index as u128);
    ClaimPaid::sample(&claim_id.to_string(), "1", 1).icn(&format!("ICN{index:010}"))
}
