//! Integration tests, built as one binary. Kafka tests use the real broker
//! started by `deploy/kafka/kafka.sh start`; the outage tests start and stop
//! a private one of their own (`support::private_broker`).

mod support;

mod cli_stdin;
mod deploy_check;
mod faults;
mod fuzz_enrich;
mod golden;
mod hostile_input;
mod kafka_delivery;
mod layering;
mod metrics_scrape;
mod outage;
mod replay;
