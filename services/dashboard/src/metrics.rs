//! `/metrics`: the services' counters and latencies, plus how far each consumer and the
//! read models are behind the log.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::AppState;

/// The durable consumers whose lag is reported: (stream, consumer).
const CONSUMERS: [(&str, &str); 15] = [
    ("INBOX", "registration-encounters"),
    ("INBOX", "registration-eligibility"),
    ("CLAIMS", "coding-claims"),
    ("INBOX", "coding-corrections"),
    ("CLAIMS", "submission-claims"),
    ("SUBMIT", "submission-batcher"),
    ("CLAIMS", "submission-batches"),
    ("INBOX", "submission-acks"),
    ("INBOX", "remittance-era"),
    ("CLAIMS", "denials-claims"),
    ("INBOX", "denials-denial-correct"),
    ("INBOX", "denials-appeal-file"),
    ("INBOX", "denials-rebill"),
    ("INBOX", "denials-bill-patient"),
    ("INBOX", "denials-write-off"),
];

pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let mut out = claims_runtime::metrics::render();
    out.push_str("# TYPE claims_consumer_pending gauge\n");
    for (stream, consumer) in CONSUMERS {
        let Ok(stream_handle) = state.store.jetstream().get_stream(stream).await else {
            continue;
        };
        if let Ok(mut c) = stream_handle
            .get_consumer::<async_nats::jetstream::consumer::pull::Config>(consumer)
            .await
        {
            if let Ok(info) = c.info().await {
                out.push_str(&format!(
                    "claims_consumer_pending{{consumer=\"{consumer}\"}} {}\n",
                    info.num_pending
                ));
            }
        }
    }
    if let (Ok(end), Ok(checkpoint)) = (
        state.store.last_sequence().await,
        state.projection.get().checkpoint(),
    ) {
        out.push_str("# TYPE claims_projection_lag gauge\n");
        out.push_str(&format!(
            "claims_projection_lag {}\n",
            end.saturating_sub(checkpoint)
        ));
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out)
}
