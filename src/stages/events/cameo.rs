//! The CAMEO code table (`data/events/cameo.tsv`: quad class, Goldstein
//! score, PLOVER type and mode, label) and the modality conventions
//! (`data/events/modality.tsv`: intent and refusal codes).
//!
//! Sources (see `data/events/SOURCE.md`): CAMEO codebook 1.1b3 (Schrodt
//! 2012) for codes and labels; Goldstein (1992), "A Conflict-Cooperation
//! Scale for WEIS Events Data", *Journal of Conflict Resolution* 36(2), as
//! mapped to CAMEO in GDELT's `CAMEO.goldsteinscale.txt`; quad classes as in
//! GDELT's `CAMEO.eventcodes.txt` grouping; PLOVER from OEDA's
//! `CAMEO2PLOVER-2021.txt`.

use std::collections::HashMap;

use crate::article::event::{Cameo, Plover};

/// The embedded `data/events/cameo.tsv`.
pub const CAMEO_TSV: &str = include_str!("../../../data/events/cameo.tsv");
/// The embedded `data/events/modality.tsv`.
pub const MODALITY_TSV: &str = include_str!("../../../data/events/modality.tsv");

/// One row of the code table.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    /// 1..=4 (see [`Cameo::quad_class`]).
    pub quad_class: u8,
    /// Goldstein score, −10.0..=10.0.
    pub goldstein: f64,
    /// PLOVER type, `None` where PLOVER dropped the category.
    pub plover_type: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// CAMEO label.
    pub name: String,
}

/// A malformed table row: file, 1-based line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct TableError {
    /// File name.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// CAMEO codes → [`CodeInfo`].
#[derive(Debug, Clone, Default)]
pub struct CameoTable {
    codes: HashMap<String, CodeInfo>,
}

impl CameoTable {
    /// The embedded table.
    ///
    /// # Panics
    /// Never for the shipped file (a unit test parses it).
    pub fn embedded() -> Self {
        Self::parse("cameo.tsv", CAMEO_TSV).expect("shipped cameo.tsv parses")
    }

    /// Parses `code quad_class goldstein plover_type plover_mode name`
    /// rows (tab-separated, `#` comments, a `code` header row, `-` = none).
    ///
    /// # Errors
    /// [`TableError`] naming the first malformed row.
    pub fn parse(file: &str, text: &str) -> Result<Self, TableError> {
        let mut codes = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let err = |message: String| TableError {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [code, quad, gold, ptype, pmode, name] = cols[..] else {
                return Err(err(format!("expected 6 columns, found {}", cols.len())));
            };
            let quad_class: u8 = quad
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| err(format!("quad class `{quad}` is not 1..4")))?;
            let goldstein: f64 = gold
                .parse()
                .ok()
                .filter(|g: &f64| (-10.0..=10.0).contains(g))
                .ok_or_else(|| err(format!("Goldstein score `{gold}` is not in -10..10")))?;
            let opt = |s: &str| (s != "-" && !s.is_empty()).then(|| s.to_string());
            codes.insert(
                code.to_string(),
                CodeInfo {
                    quad_class,
                    goldstein,
                    plover_type: opt(ptype),
                    plover_mode: opt(pmode),
                    name: name.to_string(),
                },
            );
        }
        Ok(Self { codes })
    }

    /// The row of `code`, if the table has it.
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The output's `cameo` and `plover` blocks for `code`. A code outside
    /// the table (a user dictionary's own) keeps its code and root and gets
    /// no label, quad class, score or PLOVER type; its root's row is not
    /// borrowed, since such codes need not follow CAMEO.
    pub fn describe(&self, code: &str) -> (Cameo, Option<Plover>) {
        let root: String = code.chars().take(2).collect();
        let info = self.get(code);
        let cameo = Cameo {
            code: code.to_string(),
            root,
            name: info.map(|i| i.name.clone()),
            quad_class: info.map(|i| i.quad_class),
            goldstein: info.map(|i| i.goldstein),
        };
        let plover = info.and_then(|i| {
            i.plover_type.as_ref().map(|t| Plover {
                event_type: t.clone(),
                mode: i.plover_mode.clone(),
            })
        });
        (cameo, plover)
    }
}

/// Which modality a [`ModalityTable`] row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModalityKind {
    /// Announced or planned acts → CAMEO 03 / 13.
    Intent,
    /// Refused acts → CAMEO 12.
    Refusal,
}

/// Act code prefix → intent or refusal code (`data/events/modality.tsv`).
#[derive(Debug, Clone, Default)]
pub struct ModalityTable {
    rows: HashMap<(ModalityKind, String), String>,
}

impl ModalityTable {
    /// The embedded table.
    ///
    /// # Panics
    /// Never for the shipped file (a unit test parses it).
    pub fn embedded() -> Self {
        Self::parse("modality.tsv", MODALITY_TSV).expect("shipped modality.tsv parses")
    }

    /// Parses `kind prefix code` rows (`intent` or `refusal`).
    ///
    /// # Errors
    /// [`TableError`] naming the first malformed row.
    pub fn parse(file: &str, text: &str) -> Result<Self, TableError> {
        let mut rows = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let kind = match cols.first() {
                Some(&"intent") => ModalityKind::Intent,
                Some(&"refusal") => ModalityKind::Refusal,
                _ => {
                    return Err(TableError {
                        file: file.to_string(),
                        line: i + 1,
                        message: "kind must be `intent` or `refusal`".into(),
                    });
                }
            };
            let (Some(prefix), Some(code)) = (cols.get(1), cols.get(2)) else {
                return Err(TableError {
                    file: file.to_string(),
                    line: i + 1,
                    message: "expected `kind<TAB>prefix<TAB>code`".into(),
                });
            };
            rows.insert((kind, prefix.to_string()), code.to_string());
        }
        Ok(Self { rows })
    }

    /// The code `code` becomes under `kind`: the row of its longest prefix;
    /// `None` when no prefix matches.
    pub fn apply(&self, kind: ModalityKind, code: &str) -> Option<&str> {
        (1..=code.len())
            .rev()
            .filter(|&n| code.is_char_boundary(n))
            .find_map(|n| self.rows.get(&(kind, code[..n].to_string())))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_covers_every_root_with_scores() {
        let t = CameoTable::embedded();
        assert!(t.len() > 300, "{}", t.len());
        for root in 1..=20 {
            let r = format!("{root:02}");
            assert!(t.get(&r).is_some(), "root {r}");
        }
        let (c, p) = t.describe("040");
        assert_eq!(c.root, "04");
        assert_eq!(c.quad_class, Some(1));
        assert_eq!(c.goldstein, Some(1.0));
        assert_eq!(p.unwrap().event_type, "CONSULT");
        let (c, p) = t.describe("190");
        assert_eq!((c.quad_class, c.goldstein), (Some(4), Some(-10.0)));
        assert_eq!(p.unwrap().event_type, "ASSAULT");
        // PLOVER dropped statements and appeals.
        assert!(t.describe("010").1.is_none());
        assert_eq!(
            t.describe("0841").1.unwrap().mode.as_deref(),
            Some("release")
        );
        // A user dictionary's own code keeps its code, nothing else.
        let (c, p) = t.describe("903");
        assert_eq!((c.root.as_str(), c.name, p), ("90", None, None));
    }

    #[test]
    fn malformed_rows_name_file_and_line() {
        let err = CameoTable::parse(
            "x.tsv",
            "# c\n040\t1\t1.0\tCONSULT\t-\tConsult\n041\t9\t1\t-\t-\tx\n",
        )
        .unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("x.tsv", 3));
        assert!(CameoTable::parse("x.tsv", "040\t1\t11\t-\t-\tx\n").is_err());
        assert!(CameoTable::parse("x.tsv", "040\t1\n").is_err());
    }

    #[test]
    fn modality_takes_the_longest_prefix() {
        let m = ModalityTable::embedded();
        assert_eq!(m.apply(ModalityKind::Intent, "040"), Some("036"));
        assert_eq!(m.apply(ModalityKind::Intent, "042"), Some("036"));
        assert_eq!(m.apply(ModalityKind::Intent, "046"), Some("036"));
        assert_eq!(m.apply(ModalityKind::Intent, "0841"), Some("0353"));
        assert_eq!(m.apply(ModalityKind::Intent, "190"), Some("138"));
        assert_eq!(m.apply(ModalityKind::Intent, "195"), Some("1384"));
        assert_eq!(m.apply(ModalityKind::Intent, "112"), None);
        assert_eq!(m.apply(ModalityKind::Refusal, "040"), Some("125"));
        assert_eq!(m.apply(ModalityKind::Refusal, "190"), None);
    }
}
