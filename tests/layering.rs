//! The layering of `src/` is checked, not hoped for: every `crate::`,
//! `super::` and `self::` path in the source (imports, inline paths,
//! `pub(in …)`) is resolved to the module it names, and the arrows must
//! point down (README "Code map"):
//!
//! ```text
//! article  ←  nlp  ←  lexicon  ←  stages/{mod,document}.rs  ←  stages/<stage>/
//! ```
//!
//! - `src/article/` imports nothing from the crate but itself;
//! - `src/nlp/` imports only `article` and itself; `src/lexicon/` only
//!   `article`, `nlp` and itself;
//! - a stage (`src/stages/<stage>/` or `src/stages/<stage>.rs`) imports
//!   `article`, `nlp`, `lexicon`, the items of `stages/mod.rs`,
//!   `stages/document.rs`, `stages/testutil.rs` (tests) and itself: never
//!   another stage, never the shell (config, source, sink, app …);
//! - `stages/document.rs` imports no stage, and `stages/mod.rs` (which builds
//!   every stage) re-exports nothing from one; `stages/chain_tests.rs` runs
//!   several stages together (tests only).
//!
//! Comments, doc comments and string literals are skipped, so an intra-doc
//! link or an example is not an import.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Files directly in `src/stages/` that are not a stage.
const STAGES_ROOT_FILES: &[&str] = &["mod.rs", "document.rs", "testutil.rs", "chain_tests.rs"];

/// One resolved path: where it was written and the absolute module path it
/// names (`["stages", "actors", "Actor"]`).
#[derive(Debug, Clone)]
struct PathRef {
    line: usize,
    segments: Vec<String>,
    /// Written in a `pub use` / `pub(…) use`.
    reexport: bool,
}

/// Replaces comments, string and char literals with spaces (newlines kept).
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r')))
            && (i == 0 || !ident(c[i - 1]))
            && {
                let j = if c[i] == 'b' { i + 2 } else { i + 1 };
                let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
                c.get(j + hashes) == Some(&'"')
            }
        {
            // Raw string: r"…", r#"…"#, br"…".
            let j = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut k = j + hashes + 1;
            while k < c.len() && !c[k..].starts_with(&close) {
                k += 1;
            }
            let end = (k + close.len()).min(c.len());
            for &ch in &c[i..end] {
                blank(&mut out, ch);
            }
            i = end;
        } else if c[i] == '"' {
            blank(&mut out, c[i]);
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            if i < c.len() {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '\'' {
            // A char literal ('x', '\n', '\u{64B}'), else a lifetime or label.
            let end = if c.get(i + 1) == Some(&'\\') {
                c[i + 2..]
                    .iter()
                    .position(|&x| x == '\'')
                    .map(|p| i + 2 + p + 1)
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for &ch in &c[i..end] {
                        blank(&mut out, ch);
                    }
                    i = end;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Path,
    Punct(char),
}

fn tokens(code: &str) -> Vec<(usize, Tok)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((line, Tok::Ident(c[start..i].iter().collect())));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((line, Tok::Path));
            i += 2;
        } else {
            out.push((line, Tok::Punct(ch)));
            i += 1;
        }
    }
    out
}

/// Expands the use tree starting at `toks[*k]` (just after a `::`) into full
/// paths appended to `prefix`.
fn use_tree(toks: &[(usize, Tok)], k: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
    match toks.get(*k).map(|t| &t.1) {
        Some(Tok::Punct('{')) => {
            *k += 1;
            loop {
                match toks.get(*k).map(|t| &t.1) {
                    Some(Tok::Punct('}')) | None => {
                        *k += 1;
                        return;
                    }
                    Some(Tok::Punct(',')) => *k += 1,
                    _ => use_tree(toks, k, prefix, out),
                }
            }
        }
        Some(Tok::Punct('*')) => {
            *k += 1;
            out.push(prefix.to_vec());
        }
        Some(Tok::Ident(name)) => {
            let mut path = prefix.to_vec();
            if name != "self" {
                path.push(name.clone());
            }
            *k += 1;
            if toks.get(*k).map(|t| &t.1) == Some(&Tok::Path) {
                *k += 1;
                use_tree(toks, k, &path, out);
            } else {
                if toks.get(*k).map(|t| &t.1) == Some(&Tok::Ident("as".into())) {
                    *k += 2;
                }
                out.push(path);
            }
        }
        _ => out.push(prefix.to_vec()),
    }
}

/// Every `crate::`/`super::`/`self::` path of one file, and every `use` of
/// a child module by its bare name (`use actors::Actor;` where `modules`
/// has `<module>::actors`), resolved against `module` (the file's module
/// path; inline `mod x { … }` blocks extend it).
fn paths(src: &str, module: &[String], modules: &BTreeSet<Vec<String>>) -> Vec<PathRef> {
    let toks = tokens(&strip(src));
    let mut out = Vec::new();
    // (module name, brace depth inside it) of the inline modules we are in.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut k = 0;
    while k < toks.len() {
        let (line, tok) = &toks[k];
        match tok {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d > depth) {
                    inline.pop();
                }
            }
            Tok::Ident(m)
                if m == "mod"
                    && matches!(toks.get(k + 1), Some((_, Tok::Ident(_))))
                    && toks.get(k + 2).map(|t| &t.1) == Some(&Tok::Punct('{')) =>
            {
                if let Some((_, Tok::Ident(name))) = toks.get(k + 1) {
                    inline.push((name.clone(), depth + 1));
                }
            }
            Tok::Ident(u) if u == "use" => {
                if let Some((_, Tok::Ident(first))) = toks.get(k + 1) {
                    let mut here: Vec<String> = module.to_vec();
                    here.extend(inline.iter().map(|(n, _)| n.clone()));
                    let mut child = here.clone();
                    child.push(first.clone());
                    if modules.contains(&child) {
                        let reexport = is_reexport(&toks, k + 1);
                        let mut j = k + 1;
                        let mut expanded = Vec::new();
                        use_tree(&toks, &mut j, &here, &mut expanded);
                        for segments in expanded {
                            out.push(PathRef {
                                line: *line,
                                segments,
                                reexport,
                            });
                        }
                        k = j;
                        continue;
                    }
                }
            }
            Tok::Ident(root)
                if matches!(root.as_str(), "crate" | "super" | "self")
                    && toks.get(k + 1).map(|t| &t.1) == Some(&Tok::Path)
                    && (k == 0 || toks[k - 1].1 != Tok::Path) =>
            {
                let mut here: Vec<String> = module.to_vec();
                here.extend(inline.iter().map(|(n, _)| n.clone()));
                let mut j = k;
                let mut base: Vec<String> = match root.as_str() {
                    "crate" => Vec::new(),
                    _ => here.clone(),
                };
                // super::super::…
                while let Some((_, Tok::Ident(s))) = toks.get(j) {
                    if s == "super" && toks.get(j + 1).map(|t| &t.1) == Some(&Tok::Path) {
                        base.pop();
                        j += 2;
                    } else if (s == "crate" || s == "self") && j == k {
                        j += 2;
                    } else {
                        break;
                    }
                }
                let reexport = is_reexport(&toks, k);
                let mut expanded = Vec::new();
                use_tree(&toks, &mut j, &base, &mut expanded);
                for segments in expanded {
                    out.push(PathRef {
                        line: *line,
                        segments,
                        reexport,
                    });
                }
                k = j;
                continue;
            }
            _ => {}
        }
        k += 1;
    }
    out
}

/// Is the path starting at token `k` the root of a `pub use` / `pub(…) use`?
fn is_reexport(toks: &[(usize, Tok)], k: usize) -> bool {
    let mut j = k;
    while j > 0 && !matches!(toks[j - 1].1, Tok::Punct(';') | Tok::Punct('}')) {
        j -= 1;
        if toks[j].1 == Tok::Ident("use".into()) {
            return toks[..j]
                .iter()
                .rev()
                .take(4)
                .any(|t| t.1 == Tok::Ident("pub".into()));
        }
    }
    false
}

/// The module path of a source file relative to `src/`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The stage modules: directories in `src/stages/`, and its `.rs` files
/// other than [`STAGES_ROOT_FILES`].
fn stage_names(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(src.join("stages")).expect("src/stages") {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            out.insert(name);
        } else if let Some(stem) = name.strip_suffix(".rs")
            && !STAGES_ROOT_FILES.contains(&name.as_str())
        {
            out.insert(stem.to_string());
        }
    }
    out
}

/// The layering violations of one file (module path `module`) in a crate
/// whose stage modules are `stages`.
fn violations(
    src: &str,
    module: &[String],
    modules: &BTreeSet<Vec<String>>,
    stages: &BTreeSet<String>,
) -> Vec<String> {
    let layer = module.first().map(String::as_str).unwrap_or("");
    let stage_of = |m: &[String]| -> Option<String> {
        (m.first().map(String::as_str) == Some("stages"))
            .then(|| m.get(1).filter(|s| stages.contains(*s)).cloned())
            .flatten()
    };
    let own_stage = stage_of(module);
    let root_file = layer == "stages" && own_stage.is_none();
    let mut out = Vec::new();
    for p in paths(src, module, modules) {
        let Some(top) = p.segments.first().map(String::as_str) else {
            continue;
        };
        let target_stage = stage_of(&p.segments);
        let bad = match layer {
            "article" => top != "article",
            "nlp" => !matches!(top, "article" | "nlp"),
            "lexicon" => !matches!(top, "article" | "nlp" | "lexicon"),
            "stages" if own_stage.is_some() => {
                !matches!(top, "article" | "nlp" | "lexicon" | "stages")
                    || target_stage.is_some_and(|t| Some(&t) != own_stage.as_ref())
            }
            "stages" if root_file => match module.get(1).map(String::as_str) {
                // The chain's state: no stage under it.
                Some("document") => target_stage.is_some(),
                // mod.rs builds every stage but re-exports none.
                None => p.reexport && target_stage.is_some(),
                // testutil runs the text stage for the stages' tests.
                _ => false,
            },
            _ => false,
        };
        if bad {
            out.push(format!(
                "line {}: `{}` imports `crate::{}`",
                p.line,
                module.join("::"),
                p.segments.join("::")
            ));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn imports_point_down_and_stages_are_siblings() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let stages = stage_names(&src);
    assert!(
        ["text", "actors", "locations"]
            .iter()
            .all(|s| stages.contains(*s)),
        "stage modules found: {stages:?}"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let mut all = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let module = module_of(rel);
        let text = std::fs::read_to_string(f).unwrap();
        checked += paths(&text, &module, &modules).len();
        for v in violations(&text, &module, &modules, &stages) {
            all.push(format!("src/{}: {v}", rel.display()));
        }
    }
    // The walk saw the crate's paths (guards against a parser that finds none).
    assert!(checked > 200, "only {checked} crate paths found");
    assert!(all.is_empty(), "layering violations:\n{}", all.join("\n"));
}

fn m(path: &str) -> Vec<String> {
    path.split("::").map(str::to_string).collect()
}

fn stage_set() -> BTreeSet<String> {
    ["text", "actors", "locations"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The module paths of a small crate: the layers and three stages.
fn module_set() -> BTreeSet<Vec<String>> {
    [
        "article",
        "nlp",
        "nlp::arabic",
        "lexicon",
        "stages",
        "stages::document",
        "stages::text",
        "stages::actors",
        "stages::actors::tagger",
        "stages::actors::dictionary",
        "stages::locations",
        "stages::locations::tagger",
    ]
    .iter()
    .map(|p| m(p))
    .collect()
}

#[test]
fn use_trees_comments_strings_and_super_are_resolved() {
    let src = r##"
//! Links: [`crate::stages::actors::Actor`] is documentation, not an import.
use crate::{article::Mention, nlp::{self, arabic::*}};
use super::super::lexicon::Names as N;
const S: &str = "crate::stages::locations";
const R: &str = r#"use crate::config;"#;
fn f<'a>(x: &'a str) -> char { let _ = '{'; '\u{64B}' }
pub(in crate::stages::actors) fn g() {}
mod tests {
    use super::*;
    use crate::stages::testutil;
}
"##;
    let got: Vec<String> = paths(src, &m("stages::actors::tagger"), &module_set())
        .iter()
        .map(|p| p.segments.join("::"))
        .collect();
    assert_eq!(
        got,
        [
            "article::Mention",
            "nlp",
            "nlp::arabic",
            "stages::lexicon::Names",
            "stages::actors",
            "stages::actors::tagger",
            "stages::testutil",
        ]
    );
}

#[test]
fn violations_are_reported() {
    let (stages, modules) = (stage_set(), module_set());
    let v = |src: &str, module: &str| violations(src, &m(module), &modules, &stages);
    // A stage importing a sibling, directly or through super::super.
    assert_eq!(
        v(
            "use crate::stages::actors::Actor;",
            "stages::locations::tagger"
        )
        .len(),
        1
    );
    assert_eq!(
        v(
            "use super::super::actors::ActorTagger;",
            "stages::locations::tagger"
        )
        .len(),
        1
    );
    assert_eq!(
        v(
            "fn f(a: &crate::stages::text::ZoneRules) {}",
            "stages::actors"
        )
        .len(),
        1
    );
    // …or the shell.
    assert_eq!(v("use crate::config::Settings;", "stages::actors").len(), 1);
    // The ground and the kits import nothing above them.
    assert_eq!(v("use crate::stages::Document;", "nlp::field").len(), 1);
    assert_eq!(v("use crate::lexicon::Names;", "nlp::matcher").len(), 1);
    assert_eq!(
        v("use crate::stages::document::Analysis;", "lexicon::names").len(),
        1
    );
    assert_eq!(v("use crate::nlp::FastSet;", "article::span").len(), 1);
    assert_eq!(
        v("use crate::stages::actors::Actor;", "stages::document").len(),
        1
    );
    assert_eq!(
        v(
            "pub use actors::Actor; pub use self::locations::Location; use text::TextConfig;",
            "stages"
        )
        .len(),
        2
    );
    assert_eq!(
        v("use locations::Location;", "stages::document").len(),
        0,
        "no child module"
    );
    // Allowed arrows.
    assert!(
        v(
            "use crate::stages::{Stage, StageError, document::Document};",
            "stages::actors::tagger"
        )
        .is_empty()
    );
    assert!(
        v(
            "use crate::{article::Field, nlp::normalize, lexicon::Lexicon};",
            "stages::locations"
        )
        .is_empty()
    );
    assert!(
        v(
            "use super::dictionary::ActorKind; use crate::stages::actors::Actor;",
            "stages::actors::tagger"
        )
        .is_empty()
    );
    assert!(v("use crate::stages::actors::ActorTagger;", "stages").is_empty());
    assert!(v("use crate::article::CharSpan;", "nlp::tokenize").is_empty());
}
