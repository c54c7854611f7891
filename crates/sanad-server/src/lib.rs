//! sanad's HTTP server. STUB: axum + the embedded web bundle come next.
