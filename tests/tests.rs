//! Integration tests, built as one binary. Kafka tests use the real broker
//! started by `deploy/kafka/kafka.sh start`.

mod support;

mod cli_stdin;
mod deploy_check;
mod faults;
mod fuzz_enrich;
mod golden;
mod kafka_delivery;
mod layering;
mod metrics_scrape;
mod replay;
