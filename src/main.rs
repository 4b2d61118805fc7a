//! `newsevents` command line (placeholder).
fn main() {}
