//! Metrics, internal events and health endpoints.

pub mod events;
