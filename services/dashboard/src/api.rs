//! The JSON API (documented in docs/dashboard.md): what the page shows, for any other tool.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use claims_events::ClaimId;
use claims_projections::{timeline::timeline, unmatched, Projection, DEADLINES, WORKLISTS};

use crate::AppState;

type ApiResult = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn error(status: StatusCode, message: impl ToString) -> (StatusCode, Json<Value>) {
    (status, Json(json!({ "error": message.to_string() })))
}

/// Counts, money, KPIs, aging and denials, with the log position they reflect: read from
/// the counters the projector keeps, so the cost grows with payers and days, not claims.
pub async fn overview(State(state): State<AppState>) -> ApiResult {
    let projection = state.projection.get();
    let today = chrono::Utc::now().date_naive();
    let overview = projection
        .overview(today)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let checkpoint = projection
        .checkpoint()
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let log_end = state.store.last_sequence().await.ok();
    let worklists = worklist_counts(&projection, today)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(Json(json!({
        "as_of": today,
        "checkpoint": checkpoint,
        "log_end": log_end,
        "overview": overview,
        "worklists": worklists,
    })))
}

/// Deadlines this many days away or closer are on the deadlines worklist unless the request
/// says otherwise (`within`); passed ones always are.
pub const DEADLINE_WINDOW_DAYS: u32 = 30;

/// How many items each worklist holds, from the counters the projector keeps: the deadlines
/// worklist counts the claims due within [`DEADLINE_WINDOW_DAYS`] of `today`.
fn worklist_counts(
    projection: &Projection,
    today: chrono::NaiveDate,
) -> Result<BTreeMap<&'static str, i64>, claims_projections::ProjectionError> {
    let mut counts = BTreeMap::new();
    for list in WORKLISTS {
        let count = if list == DEADLINES {
            projection
                .deadlines_due_until(today + chrono::Days::new(DEADLINE_WINDOW_DAYS.into()))?
        } else {
            projection.counter(&format!("worklist/{list}"))?
        };
        counts.insert(list, count);
    }
    counts.insert(
        unmatched::WORKLIST,
        projection.counter(&format!("worklist/{}", unmatched::WORKLIST))?,
    );
    Ok(counts)
}

#[derive(Debug, Deserialize)]
pub struct WorklistQuery {
    pub payer: Option<String>,
    pub limit: Option<usize>,
    /// Deadlines worklist: how many days ahead to look (default [`DEADLINE_WINDOW_DAYS`]).
    pub within: Option<u32>,
}

/// Every worklist's name.
fn worklist_names() -> Vec<&'static str> {
    WORKLISTS
        .iter()
        .copied()
        .chain([unmatched::WORKLIST])
        .collect()
}

/// The worklists and how many items each holds.
pub async fn worklists(State(state): State<AppState>) -> ApiResult {
    let today = chrono::Utc::now().date_naive();
    let counts = worklist_counts(&state.projection.get(), today)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(Json(json!({ "worklists": counts })))
}

/// The items of a worklist, optionally for one payer: claims, largest open balance first;
/// payments held in suspense, oldest first.
pub async fn worklist(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<WorklistQuery>,
) -> ApiResult {
    if name == unmatched::WORKLIST {
        return unmatched_remittances(&state, &query);
    }
    if name == DEADLINES {
        return deadlines(&state, &query);
    }
    if !WORKLISTS.contains(&name.as_str()) {
        return Err(error(
            StatusCode::NOT_FOUND,
            format!(
                "no worklist `{name}`; there are {}",
                worklist_names().join(", ")
            ),
        ));
    }
    let mut claims = state
        .projection
        .get()
        .worklist(&name, usize::MAX)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    if let Some(payer) = &query.payer {
        claims.retain(|c| &c.payer_id == payer);
    }
    claims.sort_by(|a, b| {
        b.open
            .cmp(&a.open)
            .then(a.service_date.cmp(&b.service_date))
    });
    claims.truncate(query.limit.unwrap_or(200));
    Ok(Json(json!({ "worklist": name, "claims": claims })))
}

/// Claims whose deadline falls within `within` days (or has passed), soonest first, each with
/// the days left (negative once passed).
fn deadlines(state: &AppState, query: &WorklistQuery) -> ApiResult {
    let today = chrono::Utc::now().date_naive();
    let within = query.within.unwrap_or(DEADLINE_WINDOW_DAYS);
    let until = today
        .checked_add_days(chrono::Days::new(within.into()))
        .unwrap_or(chrono::NaiveDate::MAX);
    let projection = state.projection.get();
    let mut claims = Vec::new();
    for summary in projection.deadlines_until(until) {
        let summary = summary.map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
        if query.payer.as_ref().is_some_and(|p| p != &summary.payer_id) {
            continue;
        }
        if claims.len() >= query.limit.unwrap_or(200) {
            break;
        }
        let days_left = summary.deadline.map(|d| (d.due - today).num_days());
        let mut item = serde_json::to_value(&summary)
            .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
        item["days_left"] = json!(days_left);
        claims.push(item);
    }
    Ok(Json(json!({
        "worklist": DEADLINES,
        "as_of": today,
        "within_days": within,
        "claims": claims,
    })))
}

/// Payments held in suspense, oldest first; `payer` matches the payer's id (REF*2U or N104,
/// as the 835 gave it) or its name.
fn unmatched_remittances(state: &AppState, query: &WorklistQuery) -> ApiResult {
    let mut items = state
        .projection
        .get()
        .unmatched()
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    if let Some(payer) = &query.payer {
        items.retain(|item| {
            item.payer_id.as_deref() == Some(payer.as_str())
                || item.payer_name.eq_ignore_ascii_case(payer)
        });
    }
    let total: i64 = items.iter().map(|item| item.amount).sum();
    let count = items.len();
    items.truncate(query.limit.unwrap_or(200));
    Ok(Json(json!({
        "worklist": unmatched::WORKLIST,
        "count": count,
        "amount": total,
        "remittances": items,
    })))
}

/// One claim: its summary from the read models and its timeline from the log.
pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult {
    let claim_id: ClaimId = id.parse().map_err(|e| error(StatusCode::BAD_REQUEST, e))?;
    let loaded = state
        .store
        .load(claim_id)
        .await
        .map_err(|e| error(StatusCode::SERVICE_UNAVAILABLE, e))?;
    if loaded.commits.is_empty() {
        return Err(error(
            StatusCode::NOT_FOUND,
            format!("claim {claim_id} has no history"),
        ));
    }
    let summary = state
        .projection
        .get()
        .summary(&claim_id)
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(Json(
        json!({ "claim_id": claim_id, "summary": summary, "timeline": timeline(&loaded) }),
    ))
}
