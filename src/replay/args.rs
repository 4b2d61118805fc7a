//! The command line of `newsevents replay` ([`ReplayArgs`], clap).

use std::num::NonZeroU32;
use std::path::PathBuf;

/// Command-line arguments of `newsevents replay`.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("replay_source").args(["from_topic", "from_archive", "resume"]).required(true)))]
#[command(group(clap::ArgGroup::new("replay_target").args(["to_topic", "to_stdout"])))]
pub struct ReplayArgs {
    /// Source topic, read by assignment (the live consumer group is never joined).
    #[arg(long, value_name = "TOPIC")]
    pub from_topic: Option<String>,
    /// Source partition (repeatable; default: all partitions).
    #[arg(long, value_name = "N", requires = "from_topic")]
    pub partition: Vec<i32>,
    /// First offset, inclusive: once for all partitions or once per --partition (default: log start).
    #[arg(long, value_name = "OFFSET", requires = "from_topic", conflicts_with_all = ["since", "until"])]
    pub start_offset: Vec<i64>,
    /// End offset, exclusive: once for all partitions or once per --partition (default: high watermark now).
    #[arg(long, value_name = "OFFSET", requires = "from_topic", conflicts_with_all = ["since", "until"])]
    pub end_offset: Vec<i64>,
    /// Window start, inclusive, by message timestamp: RFC 3339 with offset, e.g. 2019-04-14T00:00:00+02:00.
    #[arg(long, value_name = "TIME", requires = "from_topic")]
    pub since: Option<String>,
    /// Window end, exclusive, by message timestamp: RFC 3339 with offset.
    #[arg(long, value_name = "TIME", requires = "from_topic")]
    pub until: Option<String>,
    /// Source archive: JSON Lines, plain or gzip; raw articles or dead-letter records (repeatable).
    #[arg(long, value_name = "FILE")]
    pub from_archive: Vec<PathBuf>,
    /// Target topic (the live input topic or a side topic).
    #[arg(long, value_name = "TOPIC")]
    pub to_topic: Option<String>,
    /// Write JSON Lines to stdout instead of producing.
    #[arg(long)]
    pub to_stdout: bool,
    /// Replay for real; without it only the plan is printed.
    #[arg(long)]
    pub execute: bool,
    /// Produce with the original message timestamps (default: now).
    #[arg(long, conflicts_with = "resume")]
    pub keep_timestamps: bool,
    /// Rate limit, messages per second.
    #[arg(long, value_name = "N")]
    pub max_messages_per_sec: Option<NonZeroU32>,
    /// Rate limit, bytes (key + payload) per second.
    #[arg(long, value_name = "N")]
    pub max_bytes_per_sec: Option<NonZeroU32>,
    /// Checkpoint file (default: ./newsevents-replay-ID.checkpoint.json; with --resume, that file).
    #[arg(long, value_name = "PATH")]
    pub checkpoint: Option<PathBuf>,
    /// Continue the replay recorded in this checkpoint, without re-sending what was acknowledged.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["to_topic", "to_stdout", "id"])]
    pub resume: Option<PathBuf>,
    /// Replay id ([A-Za-z0-9._-], default: UTC time + random suffix).
    #[arg(long)]
    pub id: Option<String>,
    /// Stop after this many messages in this run (a canary); `--resume` continues.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Kafka bootstrap servers (overrides `kafka.bootstrap_servers`).
    #[arg(long)]
    pub brokers: Option<String>,
}
