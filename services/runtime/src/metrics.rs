//! Process-wide counters and latencies in Prometheus text format, for `/metrics`.
//!
//! Kept deliberately small: a few counters per service (inputs consumed, commits appended,
//! append conflicts, inputs refused, inputs dead-lettered, transient failures) and one
//! latency histogram of input handling. `claims up` runs every service in one process, so one
//! registry serves them all; each line is labelled with its service.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram's buckets.
const BUCKETS: [f64; 9] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5];

#[derive(Default)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Registry {
    counters: BTreeMap<(String, &'static str), u64>,
    latencies: BTreeMap<String, Histogram>,
}

fn registry() -> &'static Mutex<Registry> {
    static REGISTRY: OnceLock<Mutex<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Adds one to `claims_<name>_total{service}`.
pub fn count(service: &str, name: &'static str) {
    let mut registry = registry().lock().unwrap_or_else(|p| p.into_inner());
    *registry
        .counters
        .entry((service.to_owned(), name))
        .or_default() += 1;
}

/// Records how long handling one input took.
pub fn observe(service: &str, took: Duration) {
    let seconds = took.as_secs_f64();
    let mut registry = registry().lock().unwrap_or_else(|p| p.into_inner());
    let histogram = registry.latencies.entry(service.to_owned()).or_default();
    for (bucket, bound) in histogram.buckets.iter_mut().zip(BUCKETS) {
        if seconds <= bound {
            *bucket += 1;
        }
    }
    histogram.count += 1;
    histogram.sum += seconds;
}

/// The counter's current value (for tests and the dashboard).
pub fn value(service: &str, name: &'static str) -> u64 {
    let registry = registry().lock().unwrap_or_else(|p| p.into_inner());
    registry
        .counters
        .get(&(service.to_owned(), name))
        .copied()
        .unwrap_or(0)
}

/// Everything, in Prometheus text exposition format.
pub fn render() -> String {
    let registry = registry().lock().unwrap_or_else(|p| p.into_inner());
    let mut out = String::new();
    let mut last_name = "";
    for ((service, name), value) in &registry.counters {
        if *name != last_name {
            let _ = writeln!(out, "# TYPE claims_{name}_total counter");
            last_name = name;
        }
        let _ = writeln!(out, "claims_{name}_total{{service=\"{service}\"}} {value}");
    }
    let _ = writeln!(out, "# TYPE claims_input_seconds histogram");
    for (service, histogram) in &registry.latencies {
        for (bucket, bound) in histogram.buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "claims_input_seconds_bucket{{service=\"{service}\",le=\"{bound}\"}} {bucket}"
            );
        }
        let _ = writeln!(
            out,
            "claims_input_seconds_bucket{{service=\"{service}\",le=\"+Inf\"}} {}",
            histogram.count
        );
        let _ = writeln!(
            out,
            "claims_input_seconds_sum{{service=\"{service}\"}} {}",
            histogram.sum
        );
        let _ = writeln!(
            out,
            "claims_input_seconds_count{{service=\"{service}\"}} {}",
            histogram.count
        );
    }
    out
}
