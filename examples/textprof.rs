use newsevents::article::CharSpan;
use newsevents::stages::text::{ZoneRules, analyze, language, normalize};
fn main() {
    let what = std::env::args().nth(1).unwrap();
    let reps: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let text = std::fs::read_to_string("/work/shared/data/news-articles/articles.jsonl").unwrap();
    let mut docs = Vec::new();
    let mut bytes = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let b = v["body"].as_str().unwrap().to_string();
        bytes += b.len();
        docs.push((b, v["lang"].as_str().unwrap().to_string()));
        if bytes > 1 << 20 && docs.len() % 2 == 0 {
            break;
        }
    }
    let rules = ZoneRules::default();
    let t = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..reps {
        for (d, l) in &docs {
            n += match what.as_str() {
                "norm" => normalize(d).len(),
                "analyze" => analyze(&rules, d, None, None)
                    .map(|a| a.fields.len())
                    .unwrap_or(0),
                "analyze_lang" => analyze(&rules, d, None, Some(l))
                    .map(|a| a.fields.len())
                    .unwrap_or(0),
                "lang" => language::guess(d, &[CharSpan::new(0, d.chars().count())], None)
                    .code
                    .len(),
                _ => 0,
            };
        }
    }
    let el = t.elapsed().as_secs_f64();
    eprintln!(
        "{what}: {} bytes x {reps} in {el:.3}s wall = {:.1} MB/s wall ({n})",
        bytes,
        (bytes * reps) as f64 / el / 1e6
    );
}
