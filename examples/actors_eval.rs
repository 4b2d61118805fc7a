//! Evaluation of the `actors` stage on the gold corpora in `../shared/data/`
//! (evaluation only: nothing from them is copied into the project).
//!
//! ```text
//! cargo run --release --example actors_eval [-- /work/shared/data]
//! ```
//!
//! 1. Person and organisation detection on ANERcorp (test split, Arabic) and
//!    CoNLL-2003 (testb, English): entity-level precision/recall/F1, exact
//!    span and type-matched overlap. Only named evidence counts (dictionary
//!    and title patterns); agent phrases such as الرئيس المصري are not named
//!    entities in these corpora. Our spans exclude proclitics; gold spans are
//!    whole tokens, so "exact" compares token-aligned spans.
//! 2. Actor-code agreement on PETRARCH2's DATE unit-test records with the
//!    PETR.Validate dictionaries: share of gold source/target codes our
//!    tagger gives an actor in that sentence.
//! 3. PETRARCH/Phoenix and Arabic CAMEO dictionary files: entries read and
//!    lines skipped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use newsevents::article::ActorSource;
use newsevents::article::Field;
use newsevents::nlp::AnalyzedField;
use newsevents::stages::actors::{ActorTagger, ActorsConfig, petrarch};

#[derive(Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    exact: usize,
    overlap_gold: usize,
    overlap_pred: usize,
}

impl Counts {
    fn line(&self, name: &str) {
        let f1 = |p: f64, r: f64| {
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        let pe = self.exact as f64 / self.predicted.max(1) as f64;
        let re = self.exact as f64 / self.gold.max(1) as f64;
        let po = self.overlap_pred as f64 / self.predicted.max(1) as f64;
        let ro = self.overlap_gold as f64 / self.gold.max(1) as f64;
        println!(
            "{name:<28} gold {:>5} pred {:>5} | exact P {:>5.1} R {:>5.1} F1 {:>5.1} | overlap P {:>5.1} R {:>5.1} F1 {:>5.1}",
            self.gold,
            self.predicted,
            100.0 * pe,
            100.0 * re,
            100.0 * f1(pe, re),
            100.0 * po,
            100.0 * ro,
            100.0 * f1(po, ro)
        );
    }
}

/// (type, start char, end char) of entities, plus the text, per sentence.
struct Sentence {
    text: String,
    gold: Vec<(&'static str, usize, usize)>,
    token_bounds: Vec<(usize, usize)>,
}

/// Reads a CoNLL file: token first column, IOB tag last column.
/// `person`/`org` name the corpus's tag suffixes.
fn read_conll(path: &Path, person: &str, org: &str) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).expect("gold file");
    let mut out = Vec::new();
    let mut cur = Sentence {
        text: String::new(),
        gold: Vec::new(),
        token_bounds: Vec::new(),
    };
    let mut open: Option<(&'static str, usize, usize)> = None;
    let flush = |cur: &mut Sentence,
                 open: &mut Option<(&'static str, usize, usize)>,
                 out: &mut Vec<Sentence>| {
        if let Some(e) = open.take() {
            cur.gold.push(e);
        }
        if !cur.token_bounds.is_empty() {
            out.push(std::mem::replace(
                cur,
                Sentence {
                    text: String::new(),
                    gold: Vec::new(),
                    token_bounds: Vec::new(),
                },
            ));
        }
    };
    for line in text.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() || cols[0] == "-DOCSTART-" {
            flush(&mut cur, &mut open, &mut out);
            continue;
        }
        let (tok, tag) = (cols[0], cols[cols.len() - 1]);
        if !cur.text.is_empty() {
            cur.text.push(' ');
        }
        let start = cur.text.chars().count();
        cur.text.push_str(tok);
        let end = start + tok.chars().count();
        cur.token_bounds.push((start, end));
        let ty = match tag.get(2..) {
            Some(t) if t == person => Some("PER"),
            Some(t) if t == org => Some("ORG"),
            _ => None,
        };
        match (tag.chars().next(), ty) {
            (Some('B'), Some(t)) => {
                if let Some(e) = open.take() {
                    cur.gold.push(e);
                }
                open = Some((t, start, end));
            }
            (Some('I'), Some(t)) if open.is_some_and(|o| o.0 == t) => {
                open.as_mut().unwrap().2 = end;
            }
            _ => {
                if let Some(e) = open.take() {
                    cur.gold.push(e);
                }
            }
        }
        // ANERcorp has no blank lines between sentences: end one at a full stop.
        if tok == "." && person == "PERS" {
            flush(&mut cur, &mut open, &mut out);
        }
    }
    flush(&mut cur, &mut open, &mut out);
    out
}

fn ner(tagger: &ActorTagger, name: &str, sentences: &[Sentence]) {
    let mut all = Counts::default();
    let mut per_type = [("PER", Counts::default()), ("ORG", Counts::default())];
    for s in sentences {
        let field = AnalyzedField::from_text(Field::Body, &s.text);
        let actors = tagger.tag(&[field], &[&s.text], None);
        let mut pred: Vec<(&'static str, usize, usize)> = Vec::new();
        for a in &actors {
            if a.source == ActorSource::Agent {
                continue;
            }
            let ty = if a.kind == newsevents::article::ActorKind::Person {
                "PER"
            } else {
                "ORG"
            };
            for m in &a.mentions {
                // Align to whole tokens, as the gold is.
                let start = s
                    .token_bounds
                    .iter()
                    .find(|b| b.0 <= m.start && m.start < b.1)
                    .map_or(m.start, |b| b.0);
                pred.push((ty, start, m.end));
            }
        }
        pred.sort();
        pred.dedup();
        for (ty, counts) in per_type.iter_mut() {
            let g: Vec<(&str, usize, usize)> =
                s.gold.iter().copied().filter(|e| e.0 == *ty).collect();
            let p: Vec<(&str, usize, usize)> =
                pred.iter().copied().filter(|e| e.0 == *ty).collect();
            let overlaps =
                |a: &(&str, usize, usize), b: &(&str, usize, usize)| a.1 < b.2 && b.1 < a.2;
            let exact = p.iter().filter(|x| g.contains(x)).count();
            if std::env::var_os("ACTORS_EVAL_SHOW").is_some() {
                let chars: Vec<char> = s.text.chars().collect();
                let show = |e: &(&str, usize, usize)| chars[e.1..e.2].iter().collect::<String>();
                for x in p.iter().filter(|x| !g.contains(x)) {
                    let near: Vec<String> = g.iter().filter(|y| overlaps(x, y)).map(show).collect();
                    eprintln!("FP {name} {ty} {:?} gold-overlap {:?}", show(x), near);
                }
            }
            let og = g
                .iter()
                .filter(|y| p.iter().any(|x| overlaps(x, y)))
                .count();
            let op = p
                .iter()
                .filter(|x| g.iter().any(|y| overlaps(x, y)))
                .count();
            for c in [&mut *counts, &mut all] {
                c.gold += g.len();
                c.predicted += p.len();
                c.exact += exact;
                c.overlap_gold += og;
                c.overlap_pred += op;
            }
        }
    }
    for (ty, c) in &per_type {
        c.line(&format!("{name} {ty}"));
    }
    all.line(&format!("{name} PER+ORG"));
}

/// PETRARCH2 DATE records: (date, text, gold codes).
fn date_records(path: &Path) -> Vec<(NaiveDate, String, Vec<String>)> {
    let xml = std::fs::read_to_string(path).expect("PETR.UnitTest.records.xml");
    let mut out = Vec::new();
    for block in xml.split("<Sentence ").skip(1) {
        if !block.contains("category=\"DATE\"") {
            continue;
        }
        let attr = |name: &str, s: &str| -> Option<String> {
            let i = s.find(&format!("{name}=\""))? + name.len() + 2;
            Some(s[i..i + s[i..].find('"')?].to_owned())
        };
        let Some(date) =
            attr("date", block).and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok())
        else {
            continue;
        };
        let Some(text) = block
            .split("<Text>")
            .nth(1)
            .and_then(|t| t.split("</Text>").next())
        else {
            continue;
        };
        let mut codes = Vec::new();
        for ev in block.split("<EventCoding ").skip(1) {
            for key in ["sourcecode", "targetcode"] {
                if let Some(c) = attr(key, ev) {
                    codes.push(c);
                }
            }
        }
        if !codes.is_empty() {
            out.push((date, text.trim().to_owned(), codes));
        }
    }
    out
}

fn main() {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/work/shared/data".into()),
    );
    let tagger = ActorTagger::new(&ActorsConfig::default()).expect("shipped dictionaries");
    let s = tagger.dictionary().stats();
    println!(
        "dictionary: {} actors {:?}; names {:?}; {} agents, phrases {:?}",
        s.actors, s.by_kind, s.names, s.agents, s.agent_names
    );

    println!("\n== person/organisation detection (named evidence only) ==");
    let aner = read_conll(&data.join("anercorp/ANERcorp.test.conll"), "PERS", "ORG");
    ner(&tagger, "ANERcorp test", &aner);
    let conll = read_conll(
        &data.join("conll2003-en-test/eng.testb.iob2.txt"),
        "PER",
        "ORG",
    );
    ner(&tagger, "CoNLL-2003 testb", &conll);

    println!("\n== PETRARCH2 DATE records, PETR.Validate dictionaries ==");
    let dicts = data.join("petrarch-event-coding/dictionaries");
    let config = ActorsConfig {
        embedded: false,
        petrarch: vec![dicts.join("PETR.Validate.actors.txt")],
        petrarch_agents: vec![dicts.join("PETR.Validate.agents.txt")],
        ..ActorsConfig::default()
    };
    let petr = ActorTagger::new(&config).expect("PETR.Validate dictionaries");
    let records = date_records(&data.join("petrarch-event-coding/PETR.UnitTest.records.xml"));
    let (mut gold, mut agree, mut actor_only_gold, mut actor_only_agree) = (0, 0, 0, 0);
    for (date, text, codes) in &records {
        let field = AnalyzedField::from_text(Field::Body, text);
        let found: HashSet<String> = petr
            .tag(&[field], &[text.as_str()], Some(*date))
            .into_iter()
            .filter_map(|a| a.code)
            .collect();
        for c in codes {
            gold += 1;
            let hit = found.contains(c);
            if !hit && std::env::var_os("ACTORS_EVAL_SHOW").is_some() {
                eprintln!("DATE miss {date} {c} found {found:?} in {text:?}");
            }
            agree += usize::from(hit);
            // Codes with an agent suffix need PETRARCH's parse-tree agent
            // attachment; count the pure actor codes separately.
            if c.len() <= 3
                || found
                    .iter()
                    .any(|f| c.starts_with(f.as_str()) && f.len() >= 3)
            {
                actor_only_gold += 1;
                actor_only_agree += usize::from(hit);
            }
        }
    }
    println!(
        "{} records, {} gold actor codes: {} agree ({:.1}%); of the {} whose actor part we found: {} exact ({:.1}%)",
        records.len(),
        gold,
        agree,
        100.0 * agree as f64 / gold.max(1) as f64,
        actor_only_gold,
        actor_only_agree,
        100.0 * actor_only_agree as f64 / actor_only_gold.max(1) as f64
    );

    println!("\n== reading public PETRARCH dictionaries ==");
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "actor_dict_ar_v5.txt",
    ] {
        let text = String::from_utf8_lossy(&std::fs::read(dicts.join(f)).expect("dictionary"))
            .into_owned();
        let read = petrarch::read_actors(f, &text);
        println!(
            "{f}: {} entries, {} lines skipped",
            read.entries.len(),
            read.skipped.len()
        );
    }
    for f in ["Phoenix.agents.txt", "agents.all.ar_v4.txt"] {
        let text = String::from_utf8_lossy(&std::fs::read(dicts.join(f)).expect("dictionary"))
            .into_owned();
        let read = petrarch::read_agents(f, &text);
        println!(
            "{f}: {} agents, {} lines skipped",
            read.entries.len(),
            read.skipped.len()
        );
    }
}
