//! Start-up cost of the embedded code set: how long loading takes, how big the table and its
//! indexes are, and the resident memory afterwards (Linux). Not a timed test on purpose:
//! timings depend on the machine, so they are printed for a person to judge.
//!
//! `cargo run --release -p claims-codes --example load`

use std::time::Instant;

use claims_codes::{CodeSet, EMBEDDED_TABLE};

fn main() -> Result<(), claims_codes::Error> {
    let rss_before = resident_kib();
    let started = Instant::now();
    let icd = CodeSet::embedded()?;
    let elapsed = started.elapsed();
    let rss_after = resident_kib();

    let (words, postings) = icd.search_index_size();
    println!("code set        {}", icd.version().name);
    println!(
        "table           {} bytes, {} lines",
        EMBEDDED_TABLE.len(),
        EMBEDDED_TABLE.lines().count()
    );
    println!(
        "entries         {} (chapters, sections and codes)",
        icd.len()
    );
    println!("counts          {}", icd.header("counts").unwrap_or("?"));
    println!("search index    {words} words, {postings} postings");
    println!("load time       {:.1} ms", elapsed.as_secs_f64() * 1000.0);
    match (rss_before, rss_after) {
        (Some(before), Some(after)) => {
            println!(
                "resident memory {:.1} MiB after load ({:+.1} MiB)",
                after as f64 / 1024.0,
                (after as f64 - before as f64) / 1024.0
            )
        }
        _ => println!("resident memory (not available on this platform)"),
    }

    let started = Instant::now();
    let hits = icd.search("type 2 diabetes", 5);
    println!(
        "search          {:.2} ms for \"type 2 diabetes\"",
        started.elapsed().as_secs_f64() * 1000.0
    );
    for hit in hits {
        let mark = if hit.billable { "billable" } else { "" };
        println!(
            "                {:<9} {:<8} {}",
            hit.code, mark, hit.description
        );
    }
    Ok(())
}

/// VmRSS from /proc/self/status, in KiB.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
