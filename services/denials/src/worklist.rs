//! The denial work queue: which denied claims a biller works first.
//!
//! Money is lost two ways: a large denial left unworked, and a deadline that passes while
//! a denial waits. So claims whose deadline is close (within [`URGENT_WITHIN_DAYS`]) come
//! first, soonest first; then the rest by amount at risk, largest first; claims whose
//! deadline has already passed come last (what is left is usually a write-off). Items carry
//! their payer and category so the queue can be split per payer and category, as billing
//! teams are usually organised. Pure: built from denial cases and today's date. The
//! dashboard's read model (a projection of the log) uses the same functions.

use std::cmp::Ordering;

use chrono::NaiveDate;
use serde::Serialize;

use claims_events::event::{DenialCategory, DenialTriaged, RecommendedAction};
use claims_events::{Cents, ClaimId, ClaimStatus, PayerId};

use crate::case::DenialCase;
use crate::deadline::days_left;

/// Deadlines this close put a claim at the top of the queue.
pub const URGENT_WITHIN_DAYS: i64 = 14;

/// One claim to work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkItem {
    pub claim_id: ClaimId,
    pub payer_id: Option<PayerId>,
    pub status: ClaimStatus,
    /// Of the open denial with the most at risk.
    pub category: DenialCategory,
    pub action: RecommendedAction,
    /// The sum over the claim's open denials that still need someone.
    pub amount_at_risk: Cents,
    /// The earliest of their deadlines.
    pub deadline: Option<NaiveDate>,
    /// Days from today to `deadline`; negative once passed.
    pub days_left: Option<i64>,
    /// The open denials as billers write them (`CO-16 line 2`, `PR-96`).
    pub reasons: Vec<String>,
}

/// A denial someone still has to act on: money at risk, or a code only a person can read.
/// Denials the automatic rules settled (contractual, linked duplicates) have nothing at risk.
pub fn needs_work(denial: &DenialTriaged) -> bool {
    denial.amount_at_risk.is_positive() || denial.action == RecommendedAction::HumanReview
}

/// The claim's place in the queue, if it has denials to work.
pub fn work_item(case: &DenialCase, today: NaiveDate) -> Option<WorkItem> {
    if !case.is_workable() {
        return None;
    }
    let work: Vec<&DenialTriaged> = case.open.iter().filter(|d| needs_work(d)).collect();
    let lead = work.iter().copied().max_by(|a, b| {
        a.amount_at_risk
            .cmp(&b.amount_at_risk)
            .then_with(|| earliest_first(b.deadline, a.deadline))
    })?;
    let deadline = work.iter().filter_map(|d| d.deadline).min();
    Some(WorkItem {
        claim_id: case.claim_id,
        payer_id: case.claim.coverage.as_ref().map(|c| c.payer_id.clone()),
        status: case.claim.status(),
        category: lead.category,
        action: lead.action,
        amount_at_risk: work.iter().map(|d| d.amount_at_risk).sum(),
        deadline,
        days_left: deadline.map(|d| days_left(today, d)),
        reasons: work.iter().map(|d| reason_label(d)).collect(),
    })
}

/// The queue: every case with work, in the order to work them.
pub fn build<'a>(
    cases: impl IntoIterator<Item = &'a DenialCase>,
    today: NaiveDate,
) -> Vec<WorkItem> {
    let mut items: Vec<WorkItem> = cases
        .into_iter()
        .filter_map(|c| work_item(c, today))
        .collect();
    items.sort_by(priority);
    items
}

/// Work-first order (see the module doc); ties by claim id so the order is stable.
pub fn priority(a: &WorkItem, b: &WorkItem) -> Ordering {
    let tier = |item: &WorkItem| match item.days_left {
        Some(left) if left < 0 => 2,
        Some(left) if left <= URGENT_WITHIN_DAYS => 0,
        _ => 1,
    };
    tier(a)
        .cmp(&tier(b))
        .then_with(|| {
            if tier(a) == 0 {
                earliest_first(a.deadline, b.deadline)
                    .then_with(|| b.amount_at_risk.cmp(&a.amount_at_risk))
            } else {
                b.amount_at_risk
                    .cmp(&a.amount_at_risk)
                    .then_with(|| earliest_first(a.deadline, b.deadline))
            }
        })
        .then_with(|| a.claim_id.cmp(&b.claim_id))
}

/// Earlier dates first; no deadline after any date.
fn earliest_first(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// One payer's queue for one category: its size and total at risk, items in work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub payer_id: Option<PayerId>,
    pub category: DenialCategory,
    pub claims: usize,
    pub amount_at_risk: Cents,
    pub items: Vec<WorkItem>,
}

/// The queue split per payer and category, groups with the most at risk first.
pub fn by_payer_and_category(items: &[WorkItem]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for item in items {
        match groups
            .iter_mut()
            .find(|g| g.payer_id == item.payer_id && g.category == item.category)
        {
            Some(group) => {
                group.claims += 1;
                group.amount_at_risk += item.amount_at_risk;
                group.items.push(item.clone());
            }
            None => groups.push(Group {
                payer_id: item.payer_id.clone(),
                category: item.category,
                claims: 1,
                amount_at_risk: item.amount_at_risk,
                items: vec![item.clone()],
            }),
        }
    }
    groups.sort_by(|a, b| {
        b.amount_at_risk
            .cmp(&a.amount_at_risk)
            .then_with(|| a.payer_id.cmp(&b.payer_id))
            .then_with(|| a.category.cmp(&b.category))
    });
    groups
}

/// `CO-16 line 2`, `PR-96`, `A3:21` (a rejection has no group).
pub fn reason_label(denial: &DenialTriaged) -> String {
    let code = match denial.group {
        Some(group) => format!("{}-{}", group.code(), denial.reason),
        None => denial.reason.clone(),
    };
    match denial.line {
        Some(line) => format!("{code} line {line}"),
        None => code,
    }
}
