//! One 835 file on its way: written per payee, sent on `inbox.<payer id>.era` with a
//! `Nats-Msg-Id`, its payments recorded in the ledger once, its receipt read, and every
//! tenth file sent a second time as a payer's gateway retransmits.

use chrono::Utc;

use claims_payers::Payer;

use crate::adjudicate::ClaimPaid;
use crate::bus::{BusError, Receipts};
use crate::config::Shared;
use crate::decisions::resends_file;
use crate::progress::add;
use crate::rng::Rng;
use crate::x835::{write_835, PayerParty, Payment};

/// Writes and sends one 835 (a transaction set per payee), records its payments, resends it
/// now and then; true when the system posted it.
pub async fn remit(
    shared: &Shared,
    payer: &Payer,
    message_id: &str,
    trace: &str,
    claims: Vec<(ClaimPaid, String)>,
) -> Result<bool, BusError> {
    let mut payees: Vec<(String, String)> = Vec::new();
    for (claim, name) in &claims {
        let npi = shared
            .billed_claim(&claim.claim_id)
            .map(|(b, _)| b.billing_npi)
            .unwrap_or_default();
        if !payees.iter().any(|(n, _)| *n == npi) {
            payees.push((npi, name.clone()));
        }
    }
    let today = Utc::now().date_naive();
    let payments: Vec<Payment> = payees
        .iter()
        .enumerate()
        .map(|(n, (npi, name))| Payment {
            trace: format!("{trace}-{}", n + 1),
            payee_name: name.clone(),
            payee_npi: npi.clone(),
            paid_on: today,
            claims: claims
                .iter()
                .filter(|(c, _)| {
                    shared
                        .billed_claim(&c.claim_id)
                        .is_some_and(|(b, _)| b.billing_npi == *npi)
                })
                .map(|(c, _)| c.clone())
                .collect(),
        })
        .collect();
    let control =
        Rng::for_key(shared.config.seed, "835-control", message_id).below(999_999_998) as u32 + 1;
    let text = write_835(&party(payer), &payments, control, Utc::now().naive_utc())
        .map_err(BusError::nats)?;
    let receipts = receipts_for(shared, payer.id.as_str()).await?;
    let subject = format!("inbox.{}.era", payer.id);
    let (stored, receipt) = receipts
        .send(
            &shared.js,
            &subject,
            message_id,
            text.clone().into_bytes(),
            shared.config.receipt_wait,
        )
        .await?;
    let mut resend = false;
    if !stored.duplicate {
        let mut ledger = shared.ledger.lock().expect("ledger");
        for payment in &payments {
            for claim in &payment.claims {
                ledger.paid(&claim.claim_id, &payment.trace, claim.paid);
            }
        }
        let total: i64 = payments.iter().map(Payment::total).sum();
        shared
            .stats
            .paid_cents
            .fetch_add(total, std::sync::atomic::Ordering::Relaxed);
        let n = shared
            .stats
            .remittances_sent
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        resend = resends_file(n);
    }
    let posted = match &receipt {
        Some(r) if r["status"] == "accepted" => {
            add(&shared.stats.remittances_posted, 1);
            true
        }
        Some(r) => {
            add(&shared.stats.remittances_refused, 1);
            tracing::warn!(message_id, errors = %r["errors"], "the system refused an 835");
            false
        }
        None => false,
    };
    if resend {
        let again = format!("{message_id}-again");
        receipts
            .send(
                &shared.js,
                &subject,
                &again,
                text.into_bytes(),
                shared.config.receipt_wait,
            )
            .await?;
        add(&shared.stats.remittances_resent, 1);
    }
    Ok(posted)
}

/// The receipts router of a payer partner, subscribed on first use.
async fn receipts_for(shared: &Shared, payer_id: &str) -> Result<Receipts, BusError> {
    let mut routers = shared.payer_receipts.lock().await;
    if let Some(receipts) = routers.get(payer_id) {
        return Ok(receipts.clone());
    }
    let receipts = Receipts::subscribe(
        &shared.client,
        &format!("outbox.{payer_id}.receipts"),
        shared.stopped.clone(),
    )
    .await?;
    routers.insert(payer_id.to_owned(), receipts.clone());
    Ok(receipts)
}

/// The payer as its 835 names it.
fn party(payer: &Payer) -> PayerParty {
    let code = payer.claim_filing_indicator.code();
    PayerParty {
        name: payer.name.clone(),
        x12_payer_id: payer.x12_payer_id.clone(),
        trace_id: format!(
            "1{:09}",
            Rng::for_key(0, "payer-tax-id", payer.id.as_str()).below(1_000_000_000)
        ),
        // The 835 has no BL or CI: Blue Cross and commercial plans pay as PPOs (12).
        filing_indicator: if matches!(code, "MB" | "MC" | "HM") {
            code.to_owned()
        } else {
            "12".to_owned()
        },
        sender: payer.x12_payer_id.clone(),
    }
}
