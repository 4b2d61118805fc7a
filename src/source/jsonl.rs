//! JSON Lines source, the embedded default: one raw article per line from
//! stdin or a file. Lines are read as bytes, so invalid UTF-8 reaches the
//! decoder (and the dead-letter output) instead of stopping the run.

use std::path::PathBuf;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{SourceError, SourceMessage};
use crate::article::Origin;

/// Reads `path` (stdin when `None`) line by line into `tx` until end of
/// input, cancellation, or the receiver closing. Returns the number of
/// messages sent. Empty lines are skipped; `origin.offset` is the 0-based
/// line number and `origin.topic` the path (`-` for stdin).
///
/// # Errors
/// [`SourceError::Io`] if the input cannot be opened or read.
pub async fn run(
    path: Option<PathBuf>,
    tx: mpsc::Sender<SourceMessage>,
    cancel: CancellationToken,
) -> Result<u64, SourceError> {
    let name = path
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.display().to_string());
    let input: Box<dyn AsyncRead + Unpin + Send> = match &path {
        Some(p) => Box::new(
            tokio::fs::File::open(p)
                .await
                .map_err(|source| SourceError::Io {
                    path: name.clone(),
                    source,
                })?,
        ),
        None => Box::new(tokio::io::stdin()),
    };
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut sent = 0;
    let mut line_no: i64 = -1;
    loop {
        let mut line = Vec::new();
        let n = tokio::select! {
            _ = cancel.cancelled() => break,
            r = reader.read_until(b'\n', &mut line) => r.map_err(|source| SourceError::Io { path: name.clone(), source })?,
        };
        if n == 0 {
            break;
        }
        line_no += 1;
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.is_empty() {
            continue;
        }
        let msg = SourceMessage {
            origin: Origin {
                topic: name.clone(),
                partition: 0,
                offset: line_no,
            },
            key: None,
            payload: Some(line),
            headers: Vec::new(),
            timestamp_ms: None,
            ticket: None,
        };
        if tx.send(msg).await.is_err() {
            break;
        }
        sent += 1;
    }
    Ok(sent)
}
