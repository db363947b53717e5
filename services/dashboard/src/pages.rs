//! The two pages, embedded in the binary: the overview and a claim's page. Both render from
//! the JSON API in the browser, so the page and the API can never disagree.

use axum::response::Html;

pub async fn index() -> Html<&'static str> {
    Html(include_str!("../assets/index.html"))
}

pub async fn claim() -> Html<&'static str> {
    Html(include_str!("../assets/claim.html"))
}
