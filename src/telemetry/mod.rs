//! Telemetry: Prometheus metric names ([`metrics`]), the internal events that
//! log and count ([`events`]), and the HTTP endpoints `/metrics`, `/livez`,
//! `/readyz` ([`health`]).

pub mod events;
pub mod health;
pub mod metrics;

pub use health::Health;
