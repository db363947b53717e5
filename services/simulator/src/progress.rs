//! Counters of what the simulated partners did, for the one-line progress a person watches
//! while `claims demo` runs and for tests that wait for the traffic to settle.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Monotonic counters, updated by the partner loops.
#[derive(Debug, Default)]
pub struct Stats {
    pub encounters_sent: AtomicU64,
    pub encounters_target: AtomicU64,
    pub receipts_accepted: AtomicU64,
    pub receipts_rejected: AtomicU64,
    pub batches_seen: AtomicU64,
    pub claims_seen: AtomicU64,
    pub acks_sent: AtomicU64,
    pub claims_rejected_front_end: AtomicU64,
    pub remittances_sent: AtomicU64,
    pub remittances_posted: AtomicU64,
    pub remittances_refused: AtomicU64,
    pub remittances_resent: AtomicU64,
    pub paid_cents: AtomicI64,
    pub appeals_answered: AtomicU64,
    pub operator_done: AtomicU64,
    pub operator_refused: AtomicU64,
    /// Work in flight (payer files being prepared, operator actions queued).
    pub pending: AtomicI64,
}

/// A copy of the counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    pub encounters_sent: u64,
    pub encounters_target: u64,
    pub receipts_accepted: u64,
    pub receipts_rejected: u64,
    pub batches_seen: u64,
    pub claims_seen: u64,
    pub acks_sent: u64,
    pub claims_rejected_front_end: u64,
    pub remittances_sent: u64,
    pub remittances_posted: u64,
    pub remittances_refused: u64,
    pub remittances_resent: u64,
    pub paid_cents: i64,
    pub appeals_answered: u64,
    pub operator_done: u64,
    pub operator_refused: u64,
    pub pending: i64,
}

pub fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

impl Stats {
    pub fn snapshot(&self) -> Snapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Snapshot {
            encounters_sent: get(&self.encounters_sent),
            encounters_target: get(&self.encounters_target),
            receipts_accepted: get(&self.receipts_accepted),
            receipts_rejected: get(&self.receipts_rejected),
            batches_seen: get(&self.batches_seen),
            claims_seen: get(&self.claims_seen),
            acks_sent: get(&self.acks_sent),
            claims_rejected_front_end: get(&self.claims_rejected_front_end),
            remittances_sent: get(&self.remittances_sent),
            remittances_posted: get(&self.remittances_posted),
            remittances_refused: get(&self.remittances_refused),
            remittances_resent: get(&self.remittances_resent),
            paid_cents: self.paid_cents.load(Ordering::Relaxed),
            appeals_answered: get(&self.appeals_answered),
            operator_done: get(&self.operator_done),
            operator_refused: get(&self.operator_refused),
            pending: self.pending.load(Ordering::Relaxed),
        }
    }
}

impl Snapshot {
    /// One line: encounters sent, receipts, 837s seen, 835s sent, operator work.
    pub fn line(&self) -> String {
        let refused = match self.remittances_refused {
            0 => String::new(),
            n => format!(", {n} REFUSED"),
        };
        let given_up = match self.operator_refused {
            0 => String::new(),
            n => format!(", {n} given up"),
        };
        format!(
            "claims sent {}/{} | receipts {} ok, {} refused | 837s {} ({} claims, {} rejected at the front end) | 835s sent {} ({} posted{refused}), paid ${} | operator {} done{given_up}",
            self.encounters_sent,
            self.encounters_target,
            self.receipts_accepted,
            self.receipts_rejected,
            self.batches_seen,
            self.claims_seen,
            self.claims_rejected_front_end,
            self.remittances_sent,
            self.remittances_posted,
            dollars(self.paid_cents),
            self.operator_done,
        )
    }
}

/// Cents as dollars with thousands separators: 123456789 is `1,234,567.89`.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let whole = (cents.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", cents.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_read_like_dollars() {
        assert_eq!(dollars(123_456_789), "1,234,567.89");
        assert_eq!(dollars(5), "0.05");
        assert_eq!(dollars(-10_050), "-100.50");
    }

    #[test]
    fn the_line_names_what_a_person_watches() {
        let line = Snapshot {
            encounters_sent: 3,
            encounters_target: 10,
            paid_cents: 12_345,
            ..Default::default()
        }
        .line();
        assert!(line.starts_with("claims sent 3/10"), "{line}");
        assert!(line.contains("paid $123.45"), "{line}");
    }
}
