//! [`GazetteerError`]: why a gazetteer could not be loaded.

use std::path::PathBuf;

use super::SnapshotError;

/// Why the gazetteer could not be loaded. All variants are an operator's
/// fault (a wrong path or file): fatal at start-up, a retry does not help.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file could not be opened or read.
    #[error("cannot read gazetteer file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line does not have the expected shape.
    #[error("{path}:{line}: {what}")]
    Parse {
        /// The file (`<embedded>/…` for the built-in data).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        what: String,
    },
    /// The files were read but gave no place at all.
    #[error("gazetteer {0} holds no country, ADM1 or populated place")]
    Empty(PathBuf),
    /// The prebuilt embedded gazetteer (`data/gazetteer/index/gazetteer.bin.gz`)
    /// is corrupt.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
}
