//! Live updates: a server-sent event each time the read models move forward, carrying the
//! new checkpoint; the page then fetches what it shows. Polling the checkpoint once a second
//! costs one sled read per open page.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;

use crate::AppState;

pub async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = futures::stream::unfold((state, 0u64), |(state, last)| async move {
        loop {
            let checkpoint = state.projection.get().checkpoint().unwrap_or(last);
            if checkpoint != last {
                let event = Event::default()
                    .event("checkpoint")
                    .data(checkpoint.to_string());
                return Some((Ok(event), (state, checkpoint)));
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
