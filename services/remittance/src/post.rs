//! Posting one claim's payments from one 835: load, decide, append one commit, and on a
//! conflict do it again. An operator's `suspense-resolve/v1` applying a held payment posts
//! through here too, with the command as the input.
//!
//! A redelivered 835 (a crash after the append, before the ack) finds its commit already in
//! the claim's log. Rather than answer "nothing to do", the decision is made again on the
//! history as it stood before that commit: being pure, it reproduces the same outcomes and
//! the same statement, so the sender's receipt and the patient's statement are the ones the
//! first delivery would have sent, and nothing is appended twice.

use std::convert::Infallible;

use claims_events::{Actor, Causation, Claim, ClaimId, Coverage};
use claims_runtime::{decide_and_append, CommandError, Failure};
use claims_store::{Decision, LoadedClaim};
use uuid::Uuid;

use crate::decide::{decide_posting, Context, History, Paid, Posting};
use crate::era::EraHandler;
use crate::statement::{self, Statement};
use crate::SERVICE;

/// What posting did to one claim.
#[derive(Debug)]
pub struct ClaimPosted {
    pub posting: Posting,
    /// The statement to send, when the patient was billed.
    pub statement: Option<Statement>,
}

impl ClaimPosted {
    pub fn secondary_due(&self) -> Option<&Coverage> {
        self.posting.secondary_due.as_ref()
    }
}

/// Everything a decision on one claim needs from the input.
pub struct PostInput<'a> {
    /// Who the commit names: the 835's sender, or the operator who resolved a held payment.
    pub actor: Actor,
    pub causation: &'a Causation,
    pub input_key: &'a str,
    pub correlation_id: Uuid,
}

impl EraHandler {
    /// Decides and appends the posting of `payments` (all naming `claim_id`).
    pub async fn post_claim(
        &self,
        claim_id: ClaimId,
        payments: &[Paid<'_>],
        input: &PostInput<'_>,
    ) -> Result<ClaimPosted, Failure> {
        let mut decided: Option<Posting> = None;
        let outcome = decide_and_append(
            &self.store,
            claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |loaded| {
                let today = self.clock.now().date_naive();
                let (posting, fresh) = self.decide(loaded, payments, input.input_key, today);
                let decision = (fresh && !posting.events.is_empty()).then(|| Decision {
                    service: SERVICE.into(),
                    actor: input.actor.clone(),
                    causation: input.causation.clone(),
                    correlation_id: input.correlation_id,
                    events: posting.events.clone(),
                });
                decided = Some(posting);
                Ok::<_, Infallible>(decision)
            },
        )
        .await;
        match outcome {
            Ok(claims_runtime::Outcome::Appended { appended, .. }) => {
                tracing::info!(%claim_id, sequence = appended.sequence, events = %appended.stored.commit.event_types(), "remittance posted");
            }
            Ok(claims_runtime::Outcome::Unchanged(_)) => {}
            Err(CommandError::Refused(never)) => match never {},
            Err(CommandError::Store(error)) => return Err(error.into()),
            Err(error @ CommandError::TooManyConflicts { .. }) => {
                return Err(Failure::Transient(error.to_string()))
            }
        }
        let posting = decided.ok_or_else(|| Failure::Transient("no decision was made".into()))?;
        let statement = posting
            .statement_id
            .and_then(|id| statement::build(&posting.after, claim_id, id, &self.payers));
        Ok(ClaimPosted { posting, statement })
    }

    /// The decision on `loaded`, and whether it is new (`false`: this input's commit is
    /// already in the log, and the decision was reproduced from the history before it).
    fn decide(
        &self,
        loaded: &LoadedClaim,
        payments: &[Paid<'_>],
        input_key: &str,
        today: chrono::NaiveDate,
    ) -> (Posting, bool) {
        let handled = loaded
            .commits
            .iter()
            .position(|c| c.commit.input_key() == input_key);
        let (commits, today, fresh) = match handled {
            Some(i) => (
                &loaded.commits[..i],
                loaded.commits[i].commit.recorded_at.date_naive(),
                false,
            ),
            None => (&loaded.commits[..], today, true),
        };
        let state = if fresh {
            loaded.state.clone()
        } else {
            Claim::replay(commits.iter().map(|c| &c.commit))
        };
        let history = History::of(commits.iter().flat_map(|c| &c.commit.events));
        let context = Context {
            payers: &self.payers,
            input_key,
            today,
        };
        (decide_posting(&state, &history, payments, &context), fresh)
    }
}
