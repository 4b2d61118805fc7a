//! Telemetry: Prometheus metric names ([`metrics`]), the internal events that
//! log and count ([`events`]), and the HTTP endpoints `/metrics`, `/livez`,
//! `/readyz` ([`health`]), and the consumer-lag table that `/metrics` renders
//! itself because its series must be able to disappear ([`lag`]).

pub mod events;
pub mod health;
pub mod lag;
pub mod metrics;

pub use health::Health;
