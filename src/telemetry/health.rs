//! `/metrics`, `/livez` and `/readyz` over HTTP.
//!
//! - `/livez` fails (503) only when the processor has made no progress for
//!   `stall_timeout` while librdkafka reports consumer lag: a stuck process,
//!   which a restart may fix. Idle with no lag is alive.
//! - `/readyz` succeeds when partitions are assigned and the producer has
//!   reached the broker (a start-up metadata request, an acknowledgement or
//!   librdkafka statistics; or, for JSON Lines, always).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use super::lag::ConsumerLag;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio_util::sync::CancellationToken;

/// Liveness and readiness inputs, updated by the pipeline.
#[derive(Debug)]
pub struct Health {
    started: Instant,
    last_progress_ms: AtomicI64,
    /// Consumer lag per partition, rendered on `/metrics`.
    pub lag: ConsumerLag,
    assigned: AtomicUsize,
    needs_assignment: AtomicBool,
    stall_timeout: Duration,
}

impl Health {
    /// `needs_assignment`: readiness requires assigned partitions (Kafka mode).
    pub fn new(stall_timeout: Duration, needs_assignment: bool) -> Self {
        Self {
            started: Instant::now(),
            last_progress_ms: AtomicI64::new(0),
            lag: ConsumerLag::new(),
            assigned: AtomicUsize::new(0),
            needs_assignment: AtomicBool::new(needs_assignment),
            stall_timeout,
        }
    }

    /// A message was fully handled (output or dead letter acknowledged).
    pub fn progressed(&self) {
        self.last_progress_ms
            .store(self.started.elapsed().as_millis() as i64, Ordering::Relaxed);
    }

    /// Partitions currently assigned.
    pub fn set_assigned(&self, n: usize) {
        self.assigned.store(n, Ordering::Relaxed);
    }

    /// False when there is lag and no progress for longer than the stall timeout.
    pub fn is_live(&self) -> bool {
        let since = self.started.elapsed().as_millis() as i64
            - self.last_progress_ms.load(Ordering::Relaxed);
        !(self.lag.total().is_some_and(|lag| lag > 0)
            && since > self.stall_timeout.as_millis() as i64)
    }

    /// True when partitions are assigned (if required) and `producer_ready`.
    pub fn is_ready(&self, producer_ready: bool) -> bool {
        producer_ready
            && (!self.needs_assignment.load(Ordering::Relaxed)
                || self.assigned.load(Ordering::Relaxed) > 0)
    }
}

#[derive(Clone)]
struct AppState {
    health: Arc<Health>,
    metrics: PrometheusHandle,
    producer_ready: Arc<dyn Fn() -> bool + Send + Sync>,
}

/// Binds `addr` and returns the server, which serves the endpoints until
/// `cancel` fires (the caller spawns it, under a supervisor).
///
/// # Errors
/// If `addr` cannot be bound.
pub async fn serve(
    addr: SocketAddr,
    health: Arc<Health>,
    metrics: PrometheusHandle,
    producer_ready: Arc<dyn Fn() -> bool + Send + Sync>,
    cancel: CancellationToken,
) -> std::io::Result<impl std::future::Future<Output = std::io::Result<()>> + Send + 'static> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "Telemetry listening.");
    let app = Router::new()
        .route(
            "/metrics",
            get(|State(s): State<AppState>| async move {
                let mut out = s.metrics.render();
                s.health.lag.render(&mut out);
                out
            }),
        )
        .route(
            "/livez",
            get(|State(s): State<AppState>| async move {
                if s.health.is_live() {
                    (StatusCode::OK, "live\n")
                } else {
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "stalled: lag and no progress\n",
                    )
                }
            }),
        )
        .route(
            "/readyz",
            get(|State(s): State<AppState>| async move {
                if s.health.is_ready((s.producer_ready)()) {
                    (StatusCode::OK, "ready\n")
                } else {
                    (
                        StatusCode::SERVICE_UNAVAILABLE,
                        "not ready: no partitions assigned or producer not connected\n",
                    )
                }
            }),
        )
        .with_state(AppState {
            health,
            metrics,
            producer_ready,
        });
    Ok(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(cancel.cancelled_owned())
            .await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lag_without_progress_is_not_live() {
        let h = Health::new(Duration::ZERO, true);
        assert!(h.is_live(), "no lag: idle is alive");
        h.lag.replace([(("in".to_string(), 0), 10)]);
        std::thread::sleep(Duration::from_millis(5));
        assert!(!h.is_live());
        h.progressed();
        let h2 = Health::new(Duration::from_secs(3600), true);
        h2.lag.replace([(("in".to_string(), 0), 10)]);
        assert!(h2.is_live());
    }

    #[test]
    fn readiness_needs_partitions_and_producer() {
        let h = Health::new(Duration::from_secs(1), true);
        assert!(!h.is_ready(true));
        h.set_assigned(2);
        assert!(h.is_ready(true));
        assert!(!h.is_ready(false));
        assert!(Health::new(Duration::from_secs(1), false).is_ready(true));
    }
}
