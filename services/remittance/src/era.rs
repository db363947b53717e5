//! The consumer of `inbox.*.era`: raw X12 835 files from clearinghouses and payers.
//!
//! One file, in order: read every interchange and transaction set; refuse the whole file if
//! any of it is unreadable or does not balance (dead letter and a rejected receipt; no
//! claim touched); otherwise group the claim payments by claim, post each claim in one
//! commit, record what could not be applied in the suspense list, send the patient
//! statements, and answer the sender with what became of every payment. The input is acked
//! only after all of that, and every step is idempotent, so a crash anywhere is repaired by
//! redelivery. Files from one partner are handled one at a time, in order, so a reversal
//! never overtakes the payment it reverses.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use futures::{stream, StreamExt};
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::{Actor, Causation, ClaimId};
use claims_payers::PayerRegistry;
use claims_runtime::{Clock, Failure, Handler, Input};
use claims_store::EventStore;
use claims_x12::remittance::{read_835, ClaimPayment, Remittance};

use crate::balance;
use crate::decide::Paid;
use crate::outcome::{Outcome, Suspense};
use crate::post::PostInput;
use crate::receipt::{PaymentReport, Problem, Receipt};
use crate::reply::{
    missing_message_id, partner_of, refuse, send_receipt, send_statement, unprocessable, unreadable,
};
use crate::suspense::{self, UnmatchedRemittance};
use crate::SERVICE;

/// Claims of one file posted at once: enough to keep a large 835 well inside the ack wait,
/// few enough not to crowd out other services' appends.
const CLAIMS_AT_ONCE: usize = 8;

pub struct EraHandler {
    pub store: EventStore,
    pub payers: Arc<PayerRegistry>,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
}

/// One CLP loop of the file, with where it stands.
struct Entry<'a> {
    paid: Paid<'a>,
    /// 1 for the first CLP with this CLP01 under this trace, 2 for the second, ...
    occurrence: u32,
    claim_id: Option<ClaimId>,
}

fn entries<'a>(remittances: &'a [Remittance<'a>]) -> Vec<Entry<'a>> {
    let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
    let mut out = Vec::new();
    for remittance in remittances {
        for payment in &remittance.claims {
            let count = seen
                .entry((remittance.trace.number, payment.claim_id()))
                .or_insert(0);
            *count += 1;
            out.push(Entry {
                paid: Paid {
                    remittance,
                    payment,
                },
                occurrence: *count,
                claim_id: payment.claim_id().parse().ok(),
            });
        }
    }
    out
}

/// The file as 835 records, or the problem that refuses it.
fn read(payload: &[u8]) -> Result<Vec<Remittance<'_>>, Problem> {
    let text = std::str::from_utf8(payload).map_err(|_| {
        Problem::whole_file(
            "x12.encoding",
            "the file is not text (X12 is ASCII): nothing in this file was posted".into(),
        )
    })?;
    read_835(text).map_err(|error| unreadable(&error))
}

impl Handler for EraHandler {
    fn service(&self) -> &'static str {
        SERVICE
    }

    fn ordering_key(&self, input: &Input) -> String {
        input.subject.clone()
    }

    async fn handle(&self, input: &Input) -> Result<(), Failure> {
        let partner = partner_of(input)?;
        if input.message_id.is_none() {
            return refuse(&self.store, input, &partner, vec![missing_message_id()]).await;
        }
        let remittances = match read(&input.payload) {
            Ok(remittances) => remittances,
            Err(problem) => return refuse(&self.store, input, &partner, vec![problem]).await,
        };
        let imbalances = balance::problems(&remittances);
        if !imbalances.is_empty() {
            return refuse(&self.store, input, &partner, imbalances).await;
        }
        let entries = entries(&remittances);
        let causation = Causation::Inbox {
            subject: input.subject.clone(),
            sequence: input.sequence,
            message_id: input.message_id.clone(),
        };
        let key = input_key(SERVICE, &causation);
        let post_input = PostInput {
            actor: Actor::Partner(partner.clone()),
            causation: &causation,
            input_key: &key,
            // Every commit of one file shares it, and a redelivery gets the same one.
            correlation_id: Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("claims/{key}").as_bytes()),
        };
        // Each claim's payments, by position in the file.
        let mut claims: BTreeMap<ClaimId, Vec<usize>> = BTreeMap::new();
        for (position, entry) in entries.iter().enumerate() {
            if let Some(claim_id) = entry.claim_id {
                claims.entry(claim_id).or_default().push(position);
            }
        }
        let post_input = &post_input;
        // Items without borrowed data: a stream of borrowing items trips the compiler's
        // proof that the handler's future is `Send`.
        let ids: Vec<ClaimId> = claims.keys().copied().collect();
        let posted: Vec<_> = stream::iter(ids)
            .map(|claim_id| {
                let positions = claims.get(&claim_id).map(Vec::as_slice).unwrap_or_default();
                let payments: Vec<Paid<'_>> = positions.iter().map(|&i| entries[i].paid).collect();
                async move { self.post_claim(claim_id, &payments, post_input).await }
            })
            .buffered(CLAIMS_AT_ONCE)
            .collect()
            .await;

        let mut outcomes: Vec<Outcome> =
            vec![Outcome::Suspense(Suspense::NotAClaimId); entries.len()];
        for ((&claim_id, positions), result) in claims.iter().zip(posted) {
            let claim = result?;
            for (&position, outcome) in positions.iter().zip(&claim.posting.outcomes) {
                outcomes[position] = outcome.clone();
            }
            if let Some(coverage) = claim.secondary_due() {
                tracing::info!(%claim_id, payer = %coverage.payer_id, "secondary payer due: the claim awaits billing to it");
            }
            if let (Some(statement), Some(encounter)) =
                (&claim.statement, &claim.posting.after.encounter)
            {
                send_statement(&self.store, input, &encounter.partner, claim_id, statement).await?;
            }
        }

        let unmatched: Vec<UnmatchedRemittance> = entries
            .iter()
            .zip(&outcomes)
            .filter_map(|(entry, outcome)| match outcome {
                Outcome::Suspense(why) => {
                    let known = !matches!(why, Suspense::NotAClaimId | Suspense::UnknownClaim);
                    let claim_id = entry.claim_id.filter(|_| known);
                    let (r, p) = (entry.paid.remittance, entry.paid.payment);
                    Some(UnmatchedRemittance::new(
                        r,
                        p,
                        entry.occurrence,
                        claim_id,
                        why,
                        &partner,
                        input,
                    ))
                }
                _ => None,
            })
            .collect();
        suspense::record(&self.store, &unmatched).await?;

        let reports = entries
            .iter()
            .zip(&outcomes)
            .map(|(entry, outcome)| {
                report(
                    entry.paid.remittance,
                    entry.paid.payment,
                    entry.claim_id,
                    outcome,
                )
            })
            .collect();
        let warnings = remittances
            .iter()
            .flat_map(|r| &r.warnings)
            .take(crate::receipt::LISTED)
            .map(|w| w.to_string())
            .collect();
        let receipt = Receipt::accepted(input.message_id.clone(), reports, warnings);
        tracing::info!(
            subject = %input.subject,
            sequence = input.sequence,
            transactions = remittances.len(),
            payments = entries.len(),
            suspense = unmatched.len(),
            outcome = receipt.outcome.unwrap_or_default(),
            "835 handled"
        );
        send_receipt(&self.store, input, &partner, &receipt).await
    }

    async fn rejected(&self, input: &Input, reason: &str) -> Result<(), Failure> {
        unprocessable(&self.store, input, reason).await
    }
}

fn report(
    remittance: &Remittance,
    payment: &ClaimPayment,
    claim_id: Option<ClaimId>,
    outcome: &Outcome,
) -> PaymentReport {
    let known = !matches!(
        outcome,
        Outcome::Suspense(Suspense::NotAClaimId | Suspense::UnknownClaim)
    );
    PaymentReport::new(remittance, payment, claim_id.filter(|_| known), outcome)
}
