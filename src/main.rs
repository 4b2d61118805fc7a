//! `newsevents`: parse the command line, set up logging, load settings, and
//! hand over to `app` (or `replay`). Nothing else lives here.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use newsevents::config::Settings;
use newsevents::shutdown::{self, Shutdown};

/// mimalloc instead of glibc's malloc: without stages it cut the CPU per
/// article by about a quarter (malloc/free were 16 % of the pipeline
/// thread), with the whole chain about a fifth, and its small blocks carry
/// no header (glibc's 8-byte header and 16-byte rounding cost ~40 MB over
/// the stages' ~2.5 million start-up allocations). See BENCHMARKS.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc options (v3 numbering, `mimalloc.h` `mi_option_e`). With its
/// defaults the stages' parallel loading peaked at 324 MB resident against
/// glibc's 311 MB; with these, at 239 MB. They must be set before mimalloc
/// initialises (set from `main`, the eager commit had no effect: 264 MB), so
/// [`tune_allocator`] runs as an ELF constructor, before `main` and before
/// mimalloc's own constructor (ours comes first in `.init_array`: the
/// binary's objects are linked before its static libraries). An
/// environment variable (`MIMALLOC_ARENA_EAGER_COMMIT`, …) still wins.
const ALLOCATOR_OPTIONS: [(
    libmimalloc_sys::mi_option_t,
    std::ffi::c_long,
    &std::ffi::CStr,
); 2] = [
    // Commit arena memory as pages are used rather than when reserved.
    (4, 0, c"MIMALLOC_ARENA_EAGER_COMMIT"),
    // Give freed pages back to the OS at once (default: after 10 ms, ten
    // times that for arenas), so start-up buffers do not linger.
    (15, 0, c"MIMALLOC_PURGE_DELAY"),
];

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

/// Sets [`ALLOCATOR_OPTIONS`]; allocates nothing (it runs before mimalloc
/// is initialised).
extern "C" fn tune_allocator() {
    for (option, value, env) in ALLOCATOR_OPTIONS {
        // SAFETY: runs once, single-threaded, before `main`; `env` is a
        // NUL-terminated literal; getenv reads the environment the loader set up.
        unsafe {
            if libc::getenv(env.as_ptr()).is_null() {
                libmimalloc_sys::mi_option_set(option, value);
            }
        }
    }
}

/// Streaming news-event processor: names, actors, locations and events in Arabic and English news.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// TOML configuration file (layered over the built-in defaults).
    #[arg(long, global = true, env = "NEWSEVENTS_CONFIG")]
    config: Option<PathBuf>,
    /// Set a configuration key, e.g. `--set kafka.bootstrap_servers=127.0.0.1:9092` or `--set 'kafka.producer.librdkafka."message.timeout.ms"=30000'` (repeatable; key in TOML dotted syntax, value is TOML, bare words are strings).
    #[arg(long = "set", global = true, value_name = "KEY=VALUE")]
    set: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the processor: Kafka when `kafka.bootstrap_servers` is set, else JSON Lines stdin → stdout.
    Run {
        /// Kafka bootstrap servers (overrides `kafka.bootstrap_servers`).
        #[arg(long)]
        brokers: Option<String>,
        /// JSON Lines input file instead of stdin.
        #[arg(long)]
        input: Option<PathBuf>,
        /// JSON Lines output file instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Dead-letter JSON Lines file instead of stderr.
        #[arg(long)]
        dead_letter: Option<PathBuf>,
    },
    /// Print the merged configuration (secrets masked) and exit.
    CheckConfig,
    /// Re-feed a topic range or JSON Lines archives into a topic or stdout (dry run unless --execute).
    Replay(Box<newsevents::replay::ReplayArgs>),
    /// Score the enrichment chain against a gold corpus (see `newsevents::eval`).
    Eval(newsevents::eval::EvalArgs),
    /// Train, evaluate or build clusters for the entity tagger (see `newsevents::nlp::ner::train`).
    TrainNer(newsevents::nlp::ner::train::TrainNerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut overrides = match cli
        .set
        .iter()
        .map(|kv| newsevents::config::parse_set(kv))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(o) => o,
        Err(e) => return fail(&e.to_string()),
    };
    let brokers = match &cli.command {
        Command::Run { brokers, .. } => brokers,
        Command::Replay(args) => &args.brokers,
        Command::CheckConfig | Command::Eval(_) | Command::TrainNer(_) => &None,
    };
    if let Some(b) = brokers {
        overrides.push((
            "kafka.bootstrap_servers".into(),
            toml::Value::String(b.clone()),
        ));
    }
    let settings = match Settings::load(cli.config.as_deref(), std::env::vars(), &overrides) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    init_tracing(settings.kafka.is_some());
    match cli.command {
        Command::Eval(args) => match newsevents::eval::run(&settings, &args) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        },
        Command::TrainNer(args) => match newsevents::nlp::ner::train::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        },
        Command::CheckConfig => {
            print!("{}", settings.masked_toml());
            ExitCode::SUCCESS
        }
        Command::Run {
            input,
            output,
            dead_letter,
            ..
        } => {
            let options = newsevents::app::RunOptions {
                input,
                output,
                dead_letter,
                leak_chain_at_exit: true,
            };
            let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
            let stop = Shutdown::default();
            // The drain budget holds even if a thread is stuck in librdkafka.
            shutdown::exit_on_hard_stop(stop.hard.clone(), Duration::from_millis(500));
            let signals = {
                let _context = runtime.enter();
                shutdown::signals(stop.hard.clone())
            };
            let result = runtime.block_on(newsevents::app::run(settings, options, signals, stop));
            // A stage cut off by its time limit may still hold a blocking
            // thread; do not wait for it on the way out.
            runtime.shutdown_background();
            match result {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("{e:#}")),
            }
        }
        Command::Replay(args) => match newsevents::replay::run(&settings, *args) {
            Ok(report) if report.success() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::FAILURE,
            Err(e) => fail(&format!("{e:#}")),
        },
    }
}

fn init_tracing(kafka_mode: bool) {
    let default = if kafka_mode { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // A log line that cannot be written is dropped: with internal-error
    // logging on, tracing-subscriber reports a failed write with eprintln!,
    // which panics when stderr is a closed pipe (a log collector gone), and
    // the panic in the signal or drain-deadline task left the process
    // unable to stop on SIGTERM.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .log_internal_errors(false)
        .init();
}

fn fail(message: &str) -> ExitCode {
    shutdown::write_stderr(&format!("newsevents: error: {message}"));
    ExitCode::FAILURE
}
