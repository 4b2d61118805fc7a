//! Archive source: JSON Lines files, plain or gzip (detected by the gzip
//! magic bytes, not the name), one record per line. A line is either a raw
//! article (replayed verbatim, keyed by its `id`) or a dead-letter record
//! (schema `dead-letter.schema.json`; its original key, headers, payload and
//! timestamp are replayed). Positions are 1-based line numbers.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::plan::Unit;
use super::{Read, ReplayMessage};
use crate::article::Origin;
use crate::sink::dead_letter::{DEAD_LETTER_KIND, DeadLetter};

/// Opens `path` for line reading, decompressing if it starts with the gzip
/// magic bytes `1f 8b` (concatenated gzip members are read as one stream).
///
/// # Errors
/// I/O errors opening or peeking the file.
pub fn open(path: &Path) -> std::io::Result<Box<dyn BufRead + Send>> {
    let mut file = BufReader::with_capacity(256 * 1024, File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(file)
    })
}

/// Number of lines in `path` (a last line without newline counts).
///
/// # Errors
/// I/O or gzip errors.
pub fn count_lines(path: &Path) -> std::io::Result<i64> {
    let mut reader = open(path)?;
    let mut lines = 0i64;
    let mut last = b'\n';
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        lines += buf.iter().filter(|&&b| b == b'\n').count() as i64;
        last = *buf.last().expect("non-empty");
        let n = buf.len();
        reader.consume(n);
    }
    Ok(lines + i64::from(last != b'\n'))
}

/// The original message inside a dead-letter record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped {
    /// Original key.
    pub key: Option<Vec<u8>>,
    /// Original payload (`None`: tombstone).
    pub payload: Option<Vec<u8>>,
    /// Original headers in order, names and values as bytes.
    pub headers: Vec<crate::source::headers::RawHeader>,
    /// Original timestamp, ms since the Unix epoch.
    pub timestamp_ms: Option<i64>,
    /// Where the original was consumed from.
    pub origin: Origin,
}

/// Recovers the original message from a dead-letter record, header names
/// that are not UTF-8 included.
///
/// # Errors
/// A message naming the field whose base64 is malformed, or saying that the
/// record was cut to fit its topic (the original is then only in the input
/// topic, at the offset the record names).
pub fn unwrap_dead_letter(dl: DeadLetter) -> Result<Unwrapped, String> {
    if dl.is_truncated() {
        return Err(format!(
            "the dead letter holds only part of the original (it was cut to fit its topic); replay the original from {}/{}/{} instead",
            dl.origin.topic, dl.origin.partition, dl.origin.offset
        ));
    }
    let decode = |b: Option<crate::sink::dead_letter::Bytes>, what: &str| {
        b.map(|b| b.decode())
            .transpose()
            .map_err(|e| format!("dead-letter {what}: {e}"))
    };
    let headers = dl
        .headers
        .into_iter()
        .map(|h| {
            let name = h
                .key
                .decode()
                .map_err(|e| format!("dead-letter header name: {e}"))?;
            Ok((name, decode(h.value, "header")?))
        })
        .collect::<Result<_, String>>()?;
    Ok(Unwrapped {
        key: decode(dl.key, "key")?,
        payload: decode(dl.payload, "payload")?,
        headers,
        timestamp_ms: dl.timestamp_ms,
        origin: dl.origin,
    })
}

/// Interprets one archive line (without its newline).
///
/// # Errors
/// A short description when the line is not JSON, not an object, or a
/// malformed dead-letter record.
pub fn parse_line(line: &[u8]) -> Result<Option<Unwrapped>, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    if value.get("kind").and_then(Value::as_str) == Some(DEAD_LETTER_KIND) {
        let dl = DeadLetter::from_value(&value).ok_or("malformed dead-letter record")?;
        return unwrap_dead_letter(dl).map(Some);
    }
    Ok(None)
}

/// Builds the message for an archive line: a dead letter's original, or the
/// raw article itself keyed by its `id`.
fn message(unit: usize, position: i64, provenance: String, line: &[u8]) -> Read {
    match parse_line(line) {
        Ok(Some(u)) => Read::Message(ReplayMessage::original(unit, position, provenance, u)),
        Ok(None) => {
            let key = serde_json::from_slice::<IdOnly>(line)
                .ok()
                .and_then(|r| r.id)
                .map(String::into_bytes);
            Read::Message(ReplayMessage {
                unit,
                position,
                provenance,
                key,
                payload: Some(line.to_vec()),
                headers: Vec::new(),
                timestamp_ms: None,
                origin: None,
            })
        }
        Err(reason) => Read::Invalid {
            unit,
            position,
            provenance,
            reason,
        },
    }
}

#[derive(serde::Deserialize)]
struct IdOnly {
    id: Option<String>,
}

/// Reads the planned files in order from each unit's resume position.
pub struct ArchiveReader {
    files: Vec<(PathBuf, i64, i64)>,
    current: usize,
    reader: Option<Box<dyn BufRead + Send>>,
    line_no: i64,
    buf: Vec<u8>,
}

impl ArchiveReader {
    /// A reader over `units` (all of them [`super::plan::UnitSource::File`]).
    pub fn new(units: &[Unit]) -> Self {
        let files = units
            .iter()
            .map(|u| match &u.source {
                super::plan::UnitSource::File(p) => (p.clone(), u.resume_at(), u.end),
                super::plan::UnitSource::Partition(_) => {
                    unreachable!("archive plan has files only")
                }
            })
            .collect();
        ArchiveReader {
            files,
            current: 0,
            reader: None,
            line_no: 0,
            buf: Vec::with_capacity(64 * 1024),
        }
    }

    /// The next line's message, a skip, or the end of a file; `None` when
    /// every file is done.
    ///
    /// # Errors
    /// I/O or gzip errors (a truncated `.gz` file ends here).
    pub fn next_read(&mut self) -> anyhow::Result<Option<Read>> {
        use anyhow::Context as _;
        loop {
            let Some((path, resume_at, end)) = self.files.get(self.current).cloned() else {
                return Ok(None);
            };
            if self.reader.is_none() {
                if resume_at >= end {
                    self.current += 1;
                    return Ok(Some(Read::Finished {
                        unit: self.current - 1,
                        end,
                    }));
                }
                self.reader =
                    Some(open(&path).with_context(|| format!("open {}", path.display()))?);
                self.line_no = 0;
            }
            let reader = self.reader.as_mut().expect("just opened");
            self.buf.clear();
            let n = reader
                .read_until(b'\n', &mut self.buf)
                .with_context(|| format!("read {} after line {}", path.display(), self.line_no))?;
            if n == 0 || self.line_no + 1 >= end {
                // End of file, or of the planned lines (a file that grew
                // after planning is replayed as planned).
                self.reader = None;
                self.current += 1;
                return Ok(Some(Read::Finished {
                    unit: self.current - 1,
                    end,
                }));
            }
            self.line_no += 1;
            let pos = self.line_no;
            if pos < resume_at {
                continue;
            }
            let line = self.buf.trim_ascii_end();
            if line.is_empty() {
                return Ok(Some(Read::Blank {
                    unit: self.current,
                    position: pos,
                }));
            }
            let provenance = format!("{}:{pos}", path.display());
            return Ok(Some(message(self.current, pos, provenance, line)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::plan::UnitSource;
    use crate::source::SourceMessage;
    use std::io::Write as _;

    fn gz(path: &Path, text: &str) {
        let mut enc =
            flate2::write::GzEncoder::new(File::create(path).unwrap(), flate2::Compression::fast());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();
    }

    fn dead_letter_line() -> String {
        let msg = SourceMessage {
            origin: Origin {
                topic: "articles.raw".into(),
                partition: 1,
                offset: 42,
            },
            key: Some("مقال-1".as_bytes().to_vec()),
            payload: Some(b"{\"id\":\"\xff\"}".to_vec()),
            headers: vec![(b"trace".to_vec(), Some(b"t1".to_vec()))],
            timestamp_ms: Some(1_555_200_000_000),
            ticket: None,
        };
        serde_json::to_string(&DeadLetter::new(&msg, "invalid_utf8", "bad".into(), None)).unwrap()
    }

    fn read_all(units: &[Unit]) -> Vec<Read> {
        let mut r = ArchiveReader::new(units);
        let mut out = Vec::new();
        while let Some(x) = r.next_read().unwrap() {
            out.push(x);
        }
        out
    }

    #[test]
    fn gzip_and_plain_lines_are_counted_and_read_with_positions() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl.gz");
        let b = dir.path().join("b.jsonl");
        let dl = dead_letter_line();
        gz(
            &a,
            &format!("{{\"id\":\"ع1\",\"body\":\"نص\"}}\n\n{dl}\nnot json\n[1]"),
        );
        std::fs::write(&b, "{\"body\":\"no id\"}\r\n").unwrap();
        assert_eq!(count_lines(&a).unwrap(), 5);
        assert_eq!(count_lines(&b).unwrap(), 1);
        let units = vec![
            Unit::new(UnitSource::File(a.clone()), 1, 6),
            Unit::new(UnitSource::File(b.clone()), 1, 2),
        ];
        let out = read_all(&units);
        assert_eq!(out.len(), 8, "{out:?}");
        let Read::Message(m) = &out[0] else {
            panic!("{:?}", out[0])
        };
        assert_eq!((m.position, m.key.as_deref()), (1, Some("ع1".as_bytes())));
        assert_eq!(m.provenance, format!("{}:1", a.display()));
        assert!(matches!(out[1], Read::Blank { position: 2, .. }));
        let Read::Message(m) = &out[2] else {
            panic!("{:?}", out[2])
        };
        assert_eq!(
            m.payload.as_deref(),
            Some(&b"{\"id\":\"\xff\"}"[..]),
            "dead letter unwrapped"
        );
        assert_eq!(m.key.as_deref(), Some("مقال-1".as_bytes()));
        assert_eq!(m.headers, vec![(b"trace".to_vec(), Some(b"t1".to_vec()))]);
        assert_eq!(m.timestamp_ms, Some(1_555_200_000_000));
        assert_eq!(m.origin.as_ref().unwrap().offset, 42);
        assert!(
            matches!(&out[3], Read::Invalid { position: 4, reason, .. } if reason.starts_with("invalid JSON"))
        );
        assert!(
            matches!(&out[4], Read::Invalid { position: 5, reason, .. } if reason == "not a JSON object")
        );
        assert!(matches!(out[5], Read::Finished { unit: 0, end: 6 }));
        let Read::Message(m) = &out[6] else {
            panic!("{:?}", out[6])
        };
        assert_eq!(
            (m.unit, m.key.as_deref(), m.payload.as_deref()),
            (1, None, Some(&b"{\"body\":\"no id\"}"[..]))
        );
        assert!(matches!(out[7], Read::Finished { unit: 1, end: 2 }));
    }

    #[test]
    fn reading_resumes_at_the_checkpoint_line() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.jsonl");
        let text: String = (1..=6)
            .map(|i| format!("{{\"id\":\"{i}\",\"body\":\"b\"}}\n"))
            .collect();
        std::fs::write(&a, text).unwrap();
        let mut unit = Unit::new(UnitSource::File(a), 1, 7);
        unit.next = 5;
        let keys: Vec<String> = read_all(&[unit])
            .into_iter()
            .filter_map(|r| match r {
                Read::Message(m) => Some(String::from_utf8(m.key.unwrap()).unwrap()),
                _ => None,
            })
            .collect();
        assert_eq!(keys, vec!["5", "6"]);
    }
}
