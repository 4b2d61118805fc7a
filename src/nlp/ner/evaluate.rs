//! Exact-span scores of the tagger alone on CoNLL-style gold: a predicted
//! entity counts as correct when its class and token span equal a gold
//! entity's (CoNLL-2003 `conlleval` rule). Gold classes the spec maps to
//! `O` (e.g. MISC) are not scored, but a prediction on their tokens is a
//! false positive, as in `newsevents eval`.

use std::collections::BTreeMap;

use super::EntityClass;
use super::EntitySpan;

/// Counts of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Gold entities.
    pub gold: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Predicted entities equal to a gold entity.
    pub correct: usize,
}

impl Counts {
    /// Precision in percent (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores per class over many sentences.
#[derive(Debug, Clone, Default)]
pub struct SpanScores {
    /// Per scored class.
    pub per_class: BTreeMap<EntityClass, Counts>,
}

impl SpanScores {
    /// Adds one sentence's gold and predicted spans (already in scored classes).
    pub fn add(&mut self, gold: &[EntitySpan], predicted: &[EntitySpan]) {
        for g in gold {
            let c = self.per_class.entry(g.class).or_default();
            c.gold += 1;
            if predicted.contains(g) {
                c.correct += 1;
            }
        }
        for p in predicted {
            self.per_class.entry(p.class).or_default().predicted += 1;
        }
    }

    /// Micro-averaged counts over all classes.
    pub fn overall(&self) -> Counts {
        let mut all = Counts::default();
        for c in self.per_class.values() {
            all.gold += c.gold;
            all.predicted += c.predicted;
            all.correct += c.correct;
        }
        all
    }

    /// A Markdown table: class, gold, predicted, P, R, F1.
    pub fn table(&self, title: &str) -> String {
        let mut s = format!(
            "| {title} | gold | predicted | P | R | F1 |\n|---|---:|---:|---:|---:|---:|\n"
        );
        let mut row = |name: &str, c: &Counts| {
            s.push_str(&format!(
                "| {name} | {} | {} | {:.1} | {:.1} | **{:.1}** |\n",
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1()
            ));
        };
        for (k, c) in &self.per_class {
            row(k.as_str(), c);
        }
        row("overall", &self.overall());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_counts() {
        let per = |s, e| EntitySpan {
            start: s,
            end: e,
            class: EntityClass::Per,
        };
        let mut sc = SpanScores::default();
        sc.add(&[per(0, 2), per(4, 5)], &[per(0, 2), per(4, 6)]);
        let c = sc.per_class[&EntityClass::Per];
        assert_eq!((c.gold, c.predicted, c.correct), (2, 2, 1));
        assert!((c.f1() - 50.0).abs() < 1e-9);
    }
}
