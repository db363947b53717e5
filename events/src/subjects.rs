//! Every NATS subject the system uses, built in one place.
//!
//! Subjects are a contract with partners (`inbox.<partner>.<kind>`, `outbox.<partner>.<kind>`)
//! and with the future layout of the log (`claims.claim.<shard>.<claim_id>`), so no other
//! code formats one by hand.

use crate::domain::{ClaimId, PartnerId};

/// The subject of a claim's commits. The shard token lets the log split across streams by
/// ranges of shards without renaming any subject.
pub fn claim(claim_id: &ClaimId) -> String {
    format!("claims.claim.{}.{}", claim_id.shard(), claim_id)
}

/// All claims' commits: what the `CLAIMS` stream captures and the services consume.
pub const ALL_CLAIMS: &str = "claims.claim.*.*";

/// Remittance batches (835 files as posted), by trace number.
pub fn remittance(trace: &str) -> String {
    format!("claims.remit.{}", token(trace))
}

pub const ALL_REMITTANCES: &str = "claims.remit.*";

/// An 837 batch's record in the log: what went out, under which control numbers.
pub fn batch(batch_id: &uuid::Uuid) -> String {
    format!("claims.batch.{batch_id}")
}

pub const ALL_BATCHES: &str = "claims.batch.*";

/// The submission queue of claims ready for one payer through one clearinghouse.
pub fn submit_queue(clearinghouse: &PartnerId, payer: &crate::PayerId) -> String {
    format!("submit.{clearinghouse}.{payer}")
}

/// What a partner or operator sends: `inbox.<source>.<kind>`.
pub fn inbox(source: &str, kind: &str) -> String {
    format!("inbox.{source}.{kind}")
}

/// Every source's messages of one kind (`inbox.*.encounter`).
pub fn inbox_kind(kind: &str) -> String {
    format!("inbox.*.{kind}")
}

/// What the system sends a partner: `outbox.<partner>.<kind>`.
pub fn outbox(partner: &PartnerId, kind: &str) -> String {
    format!("outbox.{partner}.{kind}")
}

/// Where a service copies inputs it could not process.
pub fn deadletter(service: &str) -> String {
    format!("deadletter.{service}")
}

/// The source token of an inbox subject (`inbox.<source>.<kind>`), if it is one.
pub fn inbox_source(subject: &str) -> Option<&str> {
    let mut parts = subject.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("inbox"), Some(source), Some(_kind), None) => Some(source),
        _ => None,
    }
}

/// The claim id of a claim subject, if it is one.
pub fn claim_of(subject: &str) -> Option<ClaimId> {
    let rest = subject.strip_prefix("claims.claim.")?;
    let (_shard, id) = rest.split_once('.')?;
    id.parse().ok()
}

/// Makes an outside string safe as one subject token: `.`, `*`, `>` and white space would
/// change the subject's meaning, so they become `_`.
pub fn token(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '.' || c == '*' || c == '>' || c.is_whitespace() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_subjects_carry_the_shard_and_parse_back() {
        let partner: PartnerId = "springfield-fp".parse().unwrap();
        let id = ClaimId::for_encounter(&partner, "ENC-1");
        let subject = claim(&id);
        assert_eq!(
            subject,
            format!("claims.claim.{}.{}", &id.to_string()[..2], id)
        );
        assert_eq!(claim_of(&subject), Some(id));
        assert_eq!(claim_of("claims.claim.ab"), None);
    }

    #[test]
    fn inbox_sources_are_read_from_the_subject() {
        assert_eq!(inbox_source("inbox.acme.encounter"), Some("acme"));
        assert_eq!(inbox_source("inbox.acme"), None);
        assert_eq!(inbox_source("outbox.acme.receipts"), None);
    }

    #[test]
    fn outside_text_cannot_add_subject_tokens() {
        assert_eq!(
            remittance("12.34 *>"),
            "claims.remit.12_34__>".replace('>', "_")
        );
    }
}
