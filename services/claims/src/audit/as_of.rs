//! `--as-of`: a claim exactly as it stood at an instant an auditor names.
//!
//! A claim's past state is a prefix of its history: the commits in log order up to the last
//! one recorded at or before the instant. A prefix, not a filter by time, so the answer is
//! always a state the claim really was in, even if two services' clocks disagreed slightly.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use claims_events::Claim;
use claims_store::LoadedClaim;

/// Parses RFC 3339 (`2026-12-20T15:00:00Z`, any offset) or a date (`2026-12-20`), which means
/// the end of that day in UTC: everything recorded that day counts.
pub fn parse(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!("`{text}` is neither RFC 3339 (2026-12-20T15:00:00Z) nor a date (2026-12-20)")
    })?;
    // Commits are recorded to the microsecond: this is the day's last instant they can have.
    let last = NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).expect("a valid time");
    Ok(date.and_time(last).and_utc())
}

/// Cuts the claim back to what it was at `as_of` and refolds it; returns how many commits
/// the log holds in all.
pub fn cut(claim: &mut LoadedClaim, as_of: Option<DateTime<Utc>>) -> usize {
    let total = claim.commits.len();
    if let Some(as_of) = as_of {
        let kept = claim
            .commits
            .iter()
            .take_while(|stored| stored.commit.recorded_at <= as_of)
            .count();
        claim.commits.truncate(kept);
        claim.state = Claim::replay(claim.commits.iter().map(|stored| &stored.commit));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::cycle;
    use claims_store::StoredCommit;

    #[test]
    fn a_date_means_the_end_of_that_day_in_utc() {
        assert_eq!(
            parse("2026-12-20").unwrap().to_rfc3339(),
            "2026-12-20T23:59:59.999999+00:00"
        );
        assert_eq!(
            parse("2026-12-20T10:00:00-05:00").unwrap().to_rfc3339(),
            "2026-12-20T15:00:00+00:00"
        );
        assert!(parse("20/12/2026")
            .unwrap_err()
            .contains("neither RFC 3339"));
    }

    #[test]
    fn the_claim_as_of_an_instant_is_the_prefix_recorded_by_then() {
        let commits: Vec<StoredCommit> = cycle::chain(cycle::full_cycle(), &[1, 2, 3, 4, 5, 6])
            .iter()
            .map(|(sequence, bytes)| StoredCommit::decode(*sequence, bytes).unwrap())
            .collect();
        let mut claim = LoadedClaim::from_commits(cycle::claim_id(), commits).unwrap();
        // The payment is the fifth commit, recorded at cycle::at(4).
        let before_payment = cycle::at(4) - chrono::Duration::microseconds(1);
        assert_eq!(cut(&mut claim.clone(), None), 6);
        assert_eq!(cut(&mut claim, Some(before_payment)), 6);
        assert_eq!(claim.commits.len(), 4);
        assert_eq!(claim.state.ledger.paid, claims_events::Cents::ZERO);
        assert_eq!(claim.state.status().as_str(), "accepted");
    }
}
