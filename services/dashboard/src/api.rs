//! The JSON API (documented in docs/dashboard.md): what the page shows, for any other tool.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use claims_events::ClaimId;
use claims_projections::{kpis, timeline::timeline, WORKLISTS};

use crate::AppState;

type ApiResult = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn error(status: StatusCode, message: impl ToString) -> (StatusCode, Json<Value>) {
    (status, Json(json!({ "error": message.to_string() })))
}

/// Counts, money, KPIs, aging and denials, with the log position they reflect.
pub async fn overview(State(state): State<AppState>) -> ApiResult {
    let projection = state.projection.get();
    let summaries: Vec<_> = projection
        .summaries()
        .collect::<Result<_, _>>()
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let today = chrono::Utc::now().date_naive();
    let overview = kpis::overview(&summaries, today);
    let checkpoint = state
        .projection
        .get()
        .checkpoint()
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let log_end = state.store.last_sequence().await.ok();
    let worklists: BTreeMap<&str, usize> = WORKLISTS
        .iter()
        .map(|list| {
            (
                *list,
                summaries
                    .iter()
                    .filter(|s| s.worklists().contains(list))
                    .count(),
            )
        })
        .collect();
    Ok(Json(json!({
        "as_of": today,
        "checkpoint": checkpoint,
        "log_end": log_end,
        "overview": overview,
        "worklists": worklists,
    })))
}

#[derive(Debug, Deserialize)]
pub struct WorklistQuery {
    pub payer: Option<String>,
    pub limit: Option<usize>,
}

/// The claims on a worklist, largest open balance first, optionally for one payer.
pub async fn worklist(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<WorklistQuery>,
) -> ApiResult {
    if !WORKLISTS.contains(&name.as_str()) {
        return Err(error(
            StatusCode::NOT_FOUND,
            format!("no worklist `{name}`; there are {}", WORKLISTS.join(", ")),
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
