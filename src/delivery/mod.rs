//! At-least-once bookkeeping: which offsets are in flight, and how far each
//! partition may be committed ([`offsets`]); when a run of dead letters means
//! a bad deploy rather than bad input ([`breaker`]).

pub mod breaker;
pub mod offsets;

pub use offsets::{OffsetTracker, Ticket, TopicPartition};
