//! CPU time of a process, from `/proc/<pid>/stat`: what a benchmark side cost the server and
//! the client, apart from the wall clock. On a shared two-core machine the wall clock swings
//! with whatever else runs; CPU seconds per message say where the work is.

use std::time::Duration;

/// User plus system CPU time of `pid` (`None`: this process) so far; `None` off Linux.
pub fn used(pid: Option<u32>) -> Option<Duration> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_owned(),
    };
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15, i.e. 11 and 12 after the state field (3).
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_secs_f64(
        ticks as f64 / clock_ticks_per_second(),
    ))
}

/// `sysconf(_SC_CLK_TCK)`, 100 on every Linux this runs on.
fn clock_ticks_per_second() -> f64 {
    100.0
}

/// CPU used by the server and by this process while `work` runs.
pub struct Meter {
    server: Option<u32>,
    start: (Option<Duration>, Option<Duration>),
}

impl Meter {
    pub fn start(server: Option<u32>) -> Meter {
        Meter {
            server,
            start: (used(server), used(None)),
        }
    }

    /// (server, client) CPU microseconds per message since `start`.
    pub fn per_message(&self, messages: usize) -> (Option<f64>, Option<f64>) {
        let per = |before: Option<Duration>, after: Option<Duration>| {
            Some((after? - before?).as_secs_f64() * 1e6 / messages.max(1) as f64)
        };
        (
            per(self.start.0, used(self.server)),
            per(self.start.1, used(None)),
        )
    }
}
