//! JSON Lines sink: enriched records to stdout or a file, dead letters to
//! stderr or a file, one JSON object per line, in input order.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;

use super::{Disposition, OutRecord, RecordKind, SinkError};

type Writer = Mutex<Box<dyn Write + Send>>;

/// Two line-oriented writers.
pub struct JsonlSink {
    output: Writer,
    dead_letter: Writer,
}

impl JsonlSink {
    /// Writes to `output` (stdout when `None`) and `dead_letter` (stderr when `None`).
    ///
    /// # Errors
    /// If a file cannot be created.
    pub fn open(output: Option<&Path>, dead_letter: Option<&Path>) -> std::io::Result<Self> {
        let output: Box<dyn Write + Send> = match output {
            Some(p) => Box::new(BufWriter::new(File::create(p)?)),
            None => Box::new(BufWriter::new(std::io::stdout())),
        };
        let dead_letter: Box<dyn Write + Send> = match dead_letter {
            Some(p) => Box::new(BufWriter::new(File::create(p)?)),
            None => Box::new(std::io::stderr()),
        };
        Ok(Self {
            output: Mutex::new(output),
            dead_letter: Mutex::new(dead_letter),
        })
    }

    /// Writes one line.
    ///
    /// # Errors
    /// I/O errors, [`Disposition::Fatal`]: a closed pipe stays closed.
    pub fn deliver(&self, record: &OutRecord) -> Result<(), SinkError> {
        let writer = match record.kind {
            RecordKind::Enriched => &self.output,
            RecordKind::DeadLetter => &self.dead_letter,
        };
        let mut w = writer.lock().expect("jsonl writer poisoned");
        w.write_all(&record.payload)
            .and_then(|()| w.write_all(b"\n"))
            .map_err(|e| SinkError {
                kind: record.kind.as_str(),
                message: e.to_string(),
                disposition: Disposition::Fatal,
            })
    }

    /// Flushes both writers.
    ///
    /// # Errors
    /// I/O errors.
    pub fn flush(&self) -> Result<(), SinkError> {
        for (kind, w) in [
            ("enriched", &self.output),
            ("dead_letter", &self.dead_letter),
        ] {
            w.lock()
                .expect("jsonl writer poisoned")
                .flush()
                .map_err(|e| SinkError {
                    kind,
                    message: e.to_string(),
                    disposition: Disposition::Fatal,
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_output_is_fatal_not_a_dead_letter() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "closed",
                ))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = JsonlSink {
            output: Mutex::new(Box::new(Closed)),
            dead_letter: Mutex::new(Box::new(Vec::new())),
        };
        let rec = OutRecord {
            kind: RecordKind::Enriched,
            key: None,
            payload: b"{}".to_vec(),
            headers: vec![],
        };
        assert_eq!(
            sink.deliver(&rec).unwrap_err().disposition,
            Disposition::Fatal
        );
    }
}
