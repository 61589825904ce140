//! Evaluation of the search on labelled queries (`refuge eval`, and the accuracy test): top-1 and
//! top-3 per writing style, questions that must get no answer, and the misses.
//!
//! A file holds `[[query]]` tables with `text`, `lang` (`en`, `hy`, `ar`, `hy-Latn`, `ar-Latn`), an
//! optional `style` (plain, terse, typo, colloquial) and `expect`, the entry id. A query without
//! `expect` must not be answered confidently (off-topic questions, greetings).

use crate::core::Core;
use crate::i18n::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// One labelled query.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labelled {
    /// What a person typed.
    pub text: String,
    /// The writing style: `en`, `hy`, `ar`, `hy-Latn`, `ar-Latn`.
    pub lang: String,
    /// How it is typed: plain, terse, typo, colloquial.
    #[serde(default)]
    pub style: Option<String>,
    /// The entry that must answer it; `None`: nothing may.
    #[serde(default)]
    pub expect: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    query: Vec<Labelled>,
}

/// Why a file of queries could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct EvalError {
    /// The file.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Reads one file of labelled queries.
pub fn load(path: &Path) -> Result<Vec<Labelled>, EvalError> {
    let err = |reason: String| EvalError { path: path.display().to_string(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let file: File = toml::from_str(&text).map_err(|e| err(e.message().to_owned()))?;
    for q in &file.query {
        if Lang::from_hint(&q.lang).is_none() {
            return Err(err(format!("unknown lang {:?} in query {:?}", q.lang, q.text)));
        }
    }
    Ok(file.query)
}

/// Counts for one group of queries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Queries.
    pub n: usize,
    /// Answered with the expected entry (or, without `expect`, not answered).
    pub top1: usize,
    /// The expected entry among the answer and the first two suggestions.
    pub top3: usize,
    /// Answered in the query's language (labelled queries answered right only).
    pub right_lang: usize,
}

impl Tally {
    /// top-1 as a fraction.
    pub fn top1_rate(&self) -> f64 {
        self.top1 as f64 / self.n.max(1) as f64
    }

    /// top-3 as a fraction.
    pub fn top3_rate(&self) -> f64 {
        self.top3 as f64 / self.n.max(1) as f64
    }
}

/// The outcome of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Labelled queries per writing style (and `style` suffix, e.g. `en/typo`).
    pub labelled: BTreeMap<String, Tally>,
    /// Queries that must not be answered, per writing style.
    pub unanswerable: BTreeMap<String, Tally>,
    /// One line per miss.
    pub misses: Vec<String>,
}

/// Runs every query through `core.ask`.
pub fn run(core: &Core, queries: &[Labelled]) -> Report {
    let mut report = Report::default();
    for q in queries {
        let r = core.ask(&q.text, None);
        match &q.expect {
            Some(expect) => {
                let top1 = r.id.as_deref() == Some(expect.as_str());
                let top3 = top1 || r.suggestions.iter().take(3 - usize::from(r.id.is_some())).any(|s| s == expect);
                let right_lang = top1 && Lang::from_hint(&q.lang) == Some(r.lang);
                let mut keys = vec![q.lang.clone()];
                if let Some(style) = &q.style {
                    keys.push(format!("{}/{style}", q.lang));
                }
                for key in keys {
                    let t = report.labelled.entry(key).or_default();
                    t.n += 1;
                    t.top1 += usize::from(top1);
                    t.top3 += usize::from(top3);
                    t.right_lang += usize::from(right_lang);
                }
                if !top1 {
                    report.misses.push(format!(
                        "{:8} {:22} got {:22} suggested {:?}  «{}»",
                        q.lang,
                        expect,
                        r.id.as_deref().unwrap_or("-"),
                        r.suggestions,
                        q.text
                    ));
                }
            }
            None => {
                let t = report.unanswerable.entry(q.lang.clone()).or_default();
                t.n += 1;
                t.top1 += usize::from(r.id.is_none());
                t.top3 += usize::from(r.id.is_none());
                if let Some(id) = r.id {
                    report.misses.push(format!("{:8} {:22} got {id:22}  «{}»", q.lang, "(no answer)", q.text));
                }
            }
        }
    }
    report
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:20} {:>5} {:>7} {:>7}", "labelled", "n", "top-1", "top-3")?;
        for (key, t) in &self.labelled {
            writeln!(f, "{key:20} {:>5} {:>6.1}% {:>6.1}%", t.n, 100.0 * t.top1_rate(), 100.0 * t.top3_rate())?;
        }
        if !self.unanswerable.is_empty() {
            writeln!(f, "\n{:20} {:>5} {:>14}", "must not answer", "n", "left alone")?;
            for (key, t) in &self.unanswerable {
                writeln!(f, "{key:20} {:>5} {:>13.1}%", t.n, 100.0 * t.top1_rate())?;
            }
        }
        if !self.misses.is_empty() {
            writeln!(f, "\nmisses ({}):", self.misses.len())?;
            for m in &self.misses {
                writeln!(f, "  {m}")?;
            }
        }
        Ok(())
    }
}
