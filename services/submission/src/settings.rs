//! The submission service's own settings: batching, recovery, follow-up and who we are in
//! the 837's envelope.
//!
//! They live here rather than in the shared `claims_runtime::Settings` because only this
//! service reads them and that structure refuses fields it does not know. Defaults first,
//! then `CLAIMS_*` environment variables; tests build them in code.

use std::time::Duration;

use claims_events::PartnerId;

use crate::x837::{Receiver, Submitter, Usage};

/// How the submission service batches, recovers and follows up.
#[derive(Debug, Clone)]
pub struct SubmissionSettings {
    /// A batch is flushed as soon as this many claims wait (`CLAIMS_BATCH_MAX_CLAIMS`).
    pub batch_max_claims: usize,
    /// ... or at the latest this long after the batcher started waiting for claims
    /// (`CLAIMS_BATCH_MAX_WAIT_SECS`): no claim waits longer before it goes out.
    pub batch_max_wait: Duration,
    /// A batch recorded this long ago whose 837 is still not marked published is rebuilt
    /// from the log and sent by the recovery loop (`CLAIMS_BATCH_RECOVERY_SECS`). The batcher
    /// stops marking claims for a batch at half this age, so the two never overlap.
    pub recovery_after: Duration,
    /// How often the follow-up sweep runs (`CLAIMS_FOLLOW_UP_INTERVAL_SECS`). Its decisions
    /// are per day, so running it often only costs reads.
    pub follow_up_interval: Duration,
    /// A claim not yet with its payer is flagged this many days before its timely-filing
    /// limit (`CLAIMS_TIMELY_FILING_WARNING_DAYS`).
    pub timely_filing_warning_days: u32,
    /// ISA15 (`CLAIMS_X12_USAGE` = `test` or `production`). Test until the real submitter
    /// identity is configured: the defaults below are samples.
    pub usage: Usage,
    /// Loop 1000A and ISA06: `CLAIMS_SUBMITTER_NAME`, `_ID` (the ETIN the clearinghouse
    /// assigned), `_CONTACT`, `_PHONE`.
    pub submitter: Submitter,
}

impl Default for SubmissionSettings {
    fn default() -> Self {
        SubmissionSettings {
            batch_max_claims: 100,
            batch_max_wait: Duration::from_secs(30),
            recovery_after: Duration::from_secs(60),
            follow_up_interval: Duration::from_secs(60 * 60),
            timely_filing_warning_days: 30,
            usage: Usage::Test,
            submitter: Submitter {
                name: "Springfield Billing Service".into(),
                id: "SUBM12345".into(),
                contact_name: "Billing Office".into(),
                phone: "2175550100".into(),
            },
        }
    }
}

impl SubmissionSettings {
    /// Defaults overridden by the process environment.
    pub fn from_env() -> Result<SubmissionSettings, String> {
        SubmissionSettings::default().with_env(|name| std::env::var(name).ok())
    }

    /// Defaults overridden by `var` (the environment, or a map in tests). The error names
    /// the variable to fix.
    pub fn with_env(
        mut self,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<SubmissionSettings, String> {
        let number = |name: &str| -> Result<Option<u64>, String> {
            var(name)
                .map(|value| {
                    value
                        .trim()
                        .parse::<u64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("{name}={value:?}: expected a whole number above 0"))
                })
                .transpose()
        };
        if let Some(n) = number("CLAIMS_BATCH_MAX_CLAIMS")? {
            self.batch_max_claims = usize::try_from(n).map_err(|e| e.to_string())?;
        }
        if let Some(secs) = number("CLAIMS_BATCH_MAX_WAIT_SECS")? {
            self.batch_max_wait = Duration::from_secs(secs);
        }
        if let Some(secs) = number("CLAIMS_BATCH_RECOVERY_SECS")? {
            self.recovery_after = Duration::from_secs(secs);
        }
        if let Some(secs) = number("CLAIMS_FOLLOW_UP_INTERVAL_SECS")? {
            self.follow_up_interval = Duration::from_secs(secs);
        }
        if let Some(days) = number("CLAIMS_TIMELY_FILING_WARNING_DAYS")? {
            self.timely_filing_warning_days = u32::try_from(days).map_err(|e| e.to_string())?;
        }
        if let Some(usage) = var("CLAIMS_X12_USAGE") {
            self.usage = match usage.as_str() {
                "test" => Usage::Test,
                "production" => Usage::Production,
                _ => {
                    return Err(format!(
                        "CLAIMS_X12_USAGE={usage:?}: use `test` or `production`"
                    ))
                }
            };
        }
        let text = |name: &str, target: &mut String| {
            if let Some(value) = var(name).filter(|v| !v.trim().is_empty()) {
                *target = value;
            }
        };
        text("CLAIMS_SUBMITTER_NAME", &mut self.submitter.name);
        text("CLAIMS_SUBMITTER_ID", &mut self.submitter.id);
        text("CLAIMS_SUBMITTER_CONTACT", &mut self.submitter.contact_name);
        text("CLAIMS_SUBMITTER_PHONE", &mut self.submitter.phone);
        Ok(self)
    }
}

impl SubmissionSettings {
    /// Refuses a submitter identity no 837 could carry (an ETIN longer than ISA06's 15
    /// characters, an empty name, a telephone number without digits), at start-up rather
    /// than on the first batch: it writes the sample claim with it.
    pub fn check(&self) -> Result<(), String> {
        let encounter = claims_events::sample::encounter("springfield-fp", "SETTINGS-CHECK");
        let claim = claims_events::Claim {
            coverage: Some(encounter.coverage.clone()),
            coding: Some(encounter.coding.clone()),
            encounter: Some(encounter),
            ..Default::default()
        };
        let id = claims_events::ClaimId::from_uuid(uuid::Uuid::nil());
        // Only the submitter is in question: any valid receiver will do.
        let receiver = Receiver {
            name: "CLEARINGHOUSE".into(),
            id: "CLEARINGHOUSE".into(),
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        let findings = crate::bill::check_billable(
            id,
            &claim,
            &claims_payers::PayerRegistry::sample(),
            claims_events::event::Frequency::Original,
            &self.submitter,
            &receiver,
            today,
        );
        match findings.first() {
            None => Ok(()),
            Some(finding) => Err(format!(
                "the submitter settings (CLAIMS_SUBMITTER_*) cannot go into an 837: {}",
                finding.message
            )),
        }
    }
}

/// Loop 1000B for a clearinghouse: its partner id, upper-cased, as name and id (ISA08 holds
/// 15 characters). Clearinghouses publish their receiver id in their companion guide; the
/// partner id is chosen to be it when the clearinghouse is set up.
pub fn receiver_for(clearinghouse: &PartnerId) -> Receiver {
    let id: String = clearinghouse
        .as_str()
        .to_uppercase()
        .chars()
        .take(15)
        .collect();
    Receiver {
        name: clearinghouse.as_str().to_uppercase(),
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn batching_defaults_to_a_hundred_claims_or_thirty_seconds() {
        let settings = SubmissionSettings::default().with_env(env(&[])).unwrap();
        assert_eq!(settings.batch_max_claims, 100);
        assert_eq!(settings.batch_max_wait, Duration::from_secs(30));
        assert_eq!(settings.usage, Usage::Test);
    }

    #[test]
    fn the_environment_overrides_the_defaults() {
        let settings = SubmissionSettings::default()
            .with_env(env(&[
                ("CLAIMS_BATCH_MAX_CLAIMS", "5"),
                ("CLAIMS_BATCH_MAX_WAIT_SECS", "2"),
                ("CLAIMS_X12_USAGE", "production"),
                ("CLAIMS_SUBMITTER_ID", "ETIN777"),
            ]))
            .unwrap();
        assert_eq!(settings.batch_max_claims, 5);
        assert_eq!(settings.batch_max_wait, Duration::from_secs(2));
        assert_eq!(settings.usage, Usage::Production);
        assert_eq!(settings.submitter.id, "ETIN777");
    }

    #[test]
    fn a_bad_variable_names_itself() {
        let error = SubmissionSettings::default()
            .with_env(env(&[("CLAIMS_BATCH_MAX_WAIT_SECS", "soon")]))
            .unwrap_err();
        assert!(error.contains("CLAIMS_BATCH_MAX_WAIT_SECS"), "{error}");
        assert!(SubmissionSettings::default()
            .with_env(env(&[("CLAIMS_BATCH_MAX_CLAIMS", "0")]))
            .is_err());
    }

    #[test]
    fn a_submitter_no_837_can_carry_is_refused_at_start() {
        assert_eq!(SubmissionSettings::default().check(), Ok(()));
        let mut settings = SubmissionSettings::default();
        settings.submitter.id = "AN-ETIN-FAR-TOO-LONG".into();
        assert!(settings.check().unwrap_err().contains("CLAIMS_SUBMITTER"));
    }

    #[test]
    fn a_clearinghouse_receives_under_its_partner_id() {
        let receiver = receiver_for(&"availity".parse().unwrap());
        assert_eq!(receiver.id, "AVAILITY");
    }
}
