//! The one reader of the gazetteer's tab-separated tables (GeoNames dumps,
//! our curated lists, the Who's On First and landmark tables): files opened
//! plain or through gzip, rows numbered from the file's first line, blank
//! lines skipped, `#` comments skipped where the format has them, and
//! errors that name the file and the 1-based line.

use std::fs::File;
use std::io::{BufRead, BufReader, Lines, Read};
use std::iter::Enumerate;
use std::path::Path;

use super::GazetteerError;

/// Opens `path`, through gzip when it ends in `.gz`.
///
/// # Errors
/// [`GazetteerError::Io`] naming the file.
pub(super) fn open(path: &Path) -> Result<Box<dyn BufRead>, GazetteerError> {
    let f = File::open(path).map_err(|source| io(path, source))?;
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::GzDecoder::new(f),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

/// The whole of `path` ([`open`]) as text.
///
/// # Errors
/// [`GazetteerError::Io`] naming the file.
pub(super) fn read_to_string(path: &Path) -> Result<String, GazetteerError> {
    let mut s = String::new();
    open(path)?
        .read_to_string(&mut s)
        .map_err(|source| io(path, source))?;
    Ok(s)
}

/// The rows of a table: `(index, line)`, `index` 0-based from the file's
/// first line (for [`parse_err`]). Blank lines are skipped, and so are
/// lines opening with `#` when the format has comments.
pub(super) struct Rows<'p, R> {
    lines: Enumerate<Lines<R>>,
    path: &'p Path,
    comments: bool,
}

/// The rows of a table whose lines opening with `#` are comments (the
/// GeoNames dumps, our curated lists).
pub(super) fn rows<R: BufRead>(reader: R, path: &Path) -> Rows<'_, R> {
    Rows {
        lines: reader.lines().enumerate(),
        path,
        comments: true,
    }
}

/// The rows of a table that opens with the header `expected` and has no
/// comments (the Who's On First and landmark tables).
///
/// # Errors
/// [`GazetteerError::Parse`] on line 1 when the header is missing or not
/// `expected`; [`GazetteerError::Io`] when it cannot be read.
pub(super) fn rows_after_header<'p, R: BufRead>(
    reader: R,
    path: &'p Path,
    expected: &str,
) -> Result<Rows<'p, R>, GazetteerError> {
    let mut lines = reader.lines().enumerate();
    match lines.next() {
        Some((_, Ok(line))) if line == expected => Ok(Rows {
            lines,
            path,
            comments: false,
        }),
        Some((_, Err(source))) => Err(io(path, source)),
        Some((_, Ok(line))) => Err(parse_err(
            path,
            0,
            format!(
                "header {:?} is not the expected {:?}",
                line.chars().take(60).collect::<String>(),
                expected.chars().take(60).collect::<String>()
            ),
        )),
        None => Err(parse_err(path, 0, "empty file, no header".into())),
    }
}

impl<R: BufRead> Iterator for Rows<'_, R> {
    type Item = Result<(usize, String), GazetteerError>;

    fn next(&mut self) -> Option<Self::Item> {
        for (i, line) in self.lines.by_ref() {
            let line = match line {
                Ok(line) => line,
                Err(source) => return Some(Err(io(self.path, source))),
            };
            if line.trim().is_empty() || (self.comments && line.starts_with('#')) {
                continue;
            }
            return Some(Ok((i, line)));
        }
        None
    }
}

/// The columns of a row.
pub(super) fn columns(line: &str) -> Vec<&str> {
    line.trim_end_matches('\r').split('\t').collect()
}

/// A malformed row: `path`, the 0-based row `index` (reported 1-based) and
/// what is wrong.
pub(super) fn parse_err(path: &Path, index: usize, what: String) -> GazetteerError {
    GazetteerError::Parse {
        path: path.to_owned(),
        line: index + 1,
        what,
    }
}

/// A read error naming `path`.
pub(super) fn io(path: &Path, source: std::io::Error) -> GazetteerError {
    GazetteerError::Io {
        path: path.to_owned(),
        source,
    }
}
