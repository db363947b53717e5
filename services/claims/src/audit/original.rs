//! The partner's original message behind a decision: a commit caused by an `INBOX` message
//! names its sequence, and `INBOX` keeps partner input byte for byte for years, so the
//! history leads an auditor to exactly what the partner sent.
//!
//! For JSON, originals are fetched by sequence (`direct_get`, concurrently) and given as
//! stored: the subject, `Nats-Msg-Id` and payload the stream holds, beside the causation the
//! commit names, so an auditor can compare them.

use std::collections::BTreeMap;

use async_nats::jetstream::stream::DirectGetErrorKind;
use bytes::Bytes;
use claims_events::Causation;
use claims_store::{EventStore, StoredCommit, INBOX};
use futures::future::try_join_all;
use serde_json::json;

/// One `INBOX` message as stored.
#[derive(Debug, Clone)]
pub struct Original {
    pub subject: String,
    pub message_id: Option<String>,
    pub payload: Bytes,
}

/// The originals of a history by `INBOX` sequence; `None` where the stream no longer has it.
pub type Originals = BTreeMap<u64, Option<Original>>;

/// The `INBOX` sequence a commit was caused by, if it was.
pub fn inbox_sequence(causation: &Causation) -> Option<u64> {
    match causation {
        Causation::Inbox { sequence, .. } => Some(*sequence),
        _ => None,
    }
}

/// Fetches the original of every commit caused by an `INBOX` message.
pub async fn fetch(store: &EventStore, commits: &[StoredCommit]) -> anyhow::Result<Originals> {
    let mut sequences: Vec<u64> = commits
        .iter()
        .filter_map(|stored| inbox_sequence(&stored.commit.causation))
        .collect();
    sequences.sort_unstable();
    sequences.dedup();
    if sequences.is_empty() {
        return Ok(Originals::new());
    }
    let Ok(inbox) = store.jetstream().get_stream(INBOX).await else {
        // No INBOX stream (a log copied without it): every original is unreachable, which the
        // history then says commit by commit.
        return Ok(sequences.into_iter().map(|s| (s, None)).collect());
    };
    let fetched = try_join_all(sequences.iter().map(|&sequence| {
        let inbox = &inbox;
        async move {
            match inbox.direct_get(sequence).await {
                Ok(message) => Ok((
                    sequence,
                    Some(Original {
                        subject: message.subject.to_string(),
                        message_id: message
                            .headers
                            .get(async_nats::header::NATS_MESSAGE_ID)
                            .map(|value| value.as_str().to_owned()),
                        payload: message.payload,
                    }),
                )),
                Err(error) if error.kind() == DirectGetErrorKind::NotFound => Ok((sequence, None)),
                Err(error) => Err(anyhow::anyhow!("reading INBOX #{sequence}: {error}")),
            }
        }
    }))
    .await?;
    Ok(fetched.into_iter().collect())
}

/// The "original:" line of `audit show` for a commit caused by an `INBOX` message: where the
/// partner's message is, as the commit names it. (The text view does not fetch it, so `show`
/// costs one claim load; `--json` and `export` fetch it and say whether it is still there.)
pub fn line(causation: &Causation) -> Option<String> {
    let Causation::Inbox {
        subject,
        sequence,
        message_id,
    } = causation
    else {
        return None;
    };
    let id = match message_id {
        Some(id) => format!("message id {id}"),
        None => "no message id".to_owned(),
    };
    Some(format!("original: INBOX #{sequence} ({subject}, {id})"))
}

/// The original as JSON for `show --json` and `export`: where it is, and what it says.
pub fn json(causation: &Causation, originals: &Originals) -> Option<serde_json::Value> {
    let sequence = inbox_sequence(causation)?;
    Some(match originals.get(&sequence) {
        Some(Some(original)) => {
            let mut value = json!({
                "stream": INBOX,
                "sequence": sequence,
                "found": true,
                "subject": original.subject,
                "message_id": original.message_id,
            });
            // JSON and X12 are text; anything else travels as base64 so no byte is lost.
            match std::str::from_utf8(&original.payload) {
                Ok(text) => value["payload"] = json!(text),
                Err(_) => value["payload_base64"] = json!(base64(&original.payload)),
            }
            value
        }
        _ => json!({ "stream": INBOX, "sequence": sequence, "found": false }),
    })
}

/// Standard base64 with padding (RFC 4648), for bytes that are not text.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
    }

    #[test]
    fn the_original_is_named_and_fetched_as_stored() {
        let causation = Causation::Inbox {
            subject: "inbox.acme.encounter".into(),
            sequence: 7,
            message_id: Some("ENC-1".into()),
        };
        assert_eq!(
            line(&causation).unwrap(),
            "original: INBOX #7 (inbox.acme.encounter, message id ENC-1)"
        );
        let mut originals = Originals::new();
        assert_eq!(json(&causation, &originals).unwrap()["found"], false);
        let payload = Bytes::from_static(b"\xff{}");
        let stored = |payload| Original {
            subject: "inbox.acme.encounter".into(),
            message_id: Some("ENC-1".into()),
            payload,
        };
        originals.insert(7, Some(stored(Bytes::from_static(b"{}"))));
        assert_eq!(json(&causation, &originals).unwrap()["payload"], "{}");
        originals.insert(7, Some(stored(payload)));
        assert_eq!(
            json(&causation, &originals).unwrap()["payload_base64"],
            "/3t9"
        );
    }
}
