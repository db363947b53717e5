//! The commits the benchmarks write: realistic claims, each with an id of its own.

use claims_events::event::{ClaimCoded, ClaimRegistered, ClaimSubmitted, FollowUpDue, Frequency};
use claims_events::{sample, Actor, Causation, Cents, ClaimId, Event, PartnerId, PayerOrder};
use claims_store::{ClaimHead, Decision, EventStore};
use futures::{stream, StreamExt};
use uuid::Uuid;

pub fn claim_id(run: &str, index: usize) -> ClaimId {
    let partner: PartnerId = "bench-practice".parse().expect("valid partner id");
    ClaimId::for_encounter(&partner, &format!("{run}-{index}"))
}

/// The `round`-th decision of claim `index`: a registration first, then the lifecycle's
/// smaller facts.
pub fn decision(run: &str, index: usize, round: usize) -> Decision {
    let event = match round {
        0 => Event::ClaimRegistered(ClaimRegistered {
            encounter: sample::encounter("bench-practice", &format!("{run}-{index}")),
        }),
        1 => Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        }),
        r if r % 2 == 0 => Event::ClaimSubmitted(ClaimSubmitted {
            batch_id: Uuid::from_u128(r as u128),
            clearinghouse: "availity".parse().expect("valid partner id"),
            payer_id: "medicare-il".parse().expect("valid payer id"),
            payer_order: PayerOrder::Primary,
            frequency: Frequency::Original,
            charge: Cents(14300),
            interchange_control: index as u32,
            group_control: index as u32,
            transaction_control: format!("{:04}", round),
        }),
        _ => Event::FollowUpDue(FollowUpDue {
            submitted_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date"),
            days_waiting: 30,
        }),
    };
    Decision {
        service: "bench".into(),
        actor: Actor::System,
        causation: Causation::Inbox {
            subject: "inbox.bench.input".into(),
            sequence: (index * 64 + round) as u64,
            message_id: None,
        },
        correlation_id: Uuid::now_v7(),
        events: vec![event],
    }
}

/// Writes `claims` claims × `per_claim` commits round by round (so each claim's commits
/// spread over the whole log), 256 appends in flight; returns the commits written per second.
pub async fn write_rounds(
    store: &EventStore,
    run: &str,
    claims: usize,
    per_claim: usize,
) -> anyhow::Result<f64> {
    let mut heads: Vec<ClaimHead> = (0..claims)
        .map(|i| ClaimHead::new(claim_id(run, i)))
        .collect();
    let started = std::time::Instant::now();
    for round in 0..per_claim {
        let appended: Vec<_> = stream::iter(heads.iter().cloned().enumerate())
            .map(|(i, head)| async move {
                let appended = store
                    .append(head, decision(run, i, round), chrono::Utc::now())
                    .await;
                (i, appended)
            })
            .buffer_unordered(256)
            .collect()
            .await;
        for (i, appended) in appended {
            heads[i].advance(&appended?.stored);
        }
        eprintln!(
            "claims bench {run}: {} of {} commits written",
            (round + 1) * claims,
            per_claim * claims
        );
    }
    Ok((claims * per_claim) as f64 / started.elapsed().as_secs_f64())
}
