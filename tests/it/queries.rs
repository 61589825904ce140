//! Labelled queries through `Core::ask` (what `refuge ask --json` prints): accuracy per language
//! and writing style, the answer's language, off-topic questions left alone, greetings recognised.
//!
//! The floors below are regression guards for what the search achieves today; run with
//! `--nocapture` to see the report and the misses.

use super::support::{Script, core, root};
use refuge::eval;
use refuge::i18n::{Lang, msg};
use std::collections::BTreeMap;

fn read(name: &str) -> Vec<eval::Labelled> {
    eval::load(&root().join("tests/eval").join(name)).unwrap()
}

fn labelled() -> Vec<eval::Labelled> {
    let mut all = Vec::new();
    for f in std::fs::read_dir(root().join("tests/eval")).unwrap() {
        let path = f.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.ends_with(".toml") && name != "greetings.toml" && name != "offtopic.toml" {
            all.extend(eval::load(&path).unwrap());
        }
    }
    all
}

fn answer_lang(style: &str) -> Lang {
    Lang::from_hint(style).unwrap()
}

/// Minimum top-1 accuracy per writing style: today's figures, rounded down, as a regression guard
/// (the targets of the search issue are higher: 95% native, 90% Latin-typed).
const TOP1_FLOOR: [(&str, f64); 5] = [("en", 0.87), ("hy", 0.87), ("ar", 0.8), ("hy-Latn", 0.82), ("ar-Latn", 0.55)];

#[test]
fn labelled_queries_reach_their_entries() {
    let core = core();
    let queries = labelled();
    assert!(queries.len() >= 250, "only {} labelled queries", queries.len());
    let report = eval::run(&core, &queries);
    println!("{report}");
    for (style, floor) in TOP1_FLOOR {
        let t = report.labelled[style];
        assert!(t.n >= 10, "{style}: only {} queries", t.n);
        assert!(t.top1_rate() >= floor, "{style}: top-1 {:.3} below {floor}", t.top1_rate());
        assert_eq!(t.right_lang, t.top1, "{style}: every right answer is in the query's language");
    }
}

/// The core set of the core issue: every one of these must be answered with the right entry.
#[test]
fn core_queries_all_answered() {
    let core = core();
    let queries = eval::load(&root().join("tests/queries.toml")).unwrap();
    let mut per_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for q in &queries {
        *per_lang.entry(q.lang.clone()).or_default() += 1;
        let r = core.ask(&q.text, None);
        if r.id != q.expect || (r.id.is_some() && r.lang != answer_lang(&q.lang)) {
            wrong.push(format!("«{}» expected {:?} in {}, got {:?} in {}", q.text, q.expect, q.lang, r.id, r.lang));
        }
    }
    for lang in ["en", "hy", "ar"] {
        assert!(per_lang.get(lang).copied().unwrap_or(0) >= 10, "at least 10 {lang} queries");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn off_topic_questions_are_not_answered_confidently() {
    let core = core();
    let queries = read("offtopic.toml");
    let answered: Vec<String> =
        queries.iter().filter_map(|q| core.ask(&q.text, None).id.map(|id| format!("«{}» → {id}", q.text))).collect();
    println!("off-topic answered: {}/{}\n{}", answered.len(), queries.len(), answered.join("\n"));
    assert!(answered.len() * 20 <= queries.len(), "more than 5% answered: {answered:#?}");
}

#[test]
fn greetings_are_recognised_in_every_writing_style() {
    let queries = read("greetings.toml");
    let locales = refuge::i18n::Locales::load(&root().join("locales")).unwrap();
    for q in &queries {
        let lang = answer_lang(&q.lang);
        let s = Script::new().send(&q.text);
        let greeting = locales.format(lang, msg::GREETING, &[]);
        let text = refuge::app::transcript(s.last());
        assert!(text.starts_with(&greeting), "«{}» ({}) got:\n{text}", q.text, q.lang);
    }
}

/// Armenian typed in Latin letters and Arabizi reach their entries through the entries' typed
/// keywords and are answered in Armenian and Arabic; an informal spelling is read as its word; a
/// question about another subject is left alone even when one of its words is in the knowledge.
#[test]
fn typed_keywords_spellings_and_off_topic_words() {
    let core = core();
    for (text, id, lang) in [
        ("gisherelu tex chka", "shelter.find", Lang::Hy),
        ("wein fi makan nnam", "shelter.find", Lang::Ar),
        ("where can we sleep tonite", "shelter.find", Lang::En),
        ("ջուրներս վերջացել են", "aid.water", Lang::Hy),
        ("وين ننام الليلة", "shelter.find", Lang::Ar),
    ] {
        let r = core.ask(text, None);
        assert_eq!((r.id.as_deref(), r.lang), (Some(id), lang), "«{text}»: {:?}", r.ranked);
    }
    for text in ["lyrics of the song about the border", "best recipe for a cake for the children"] {
        let r = core.ask(text, None);
        assert_eq!(r.id, None, "«{text}»: {:?}", r.ranked);
    }
}

/// What the search reads around the words: the Armenian copula written onto a word ("ուրա" =
/// "ուր ա", "ura"), Arabizi's article on a word, a question who the bot is, a word another entry
/// only mentions in passing ("pets" in the belongings answer), an answer that matches only through
/// its text, and a sum.
#[test]
fn copula_passing_mentions_answer_text_and_sums() {
    let core = core();
    for (text, id) in [
        ("ջուր ուրա բաժանվում", "aid.water"),
        ("jur ura bajanvum", "aid.water"),
        ("elmustashfa wein", "medical.urgent"),
        // Made only of words search ignores, and listed whole in the lexicon's [about_bot].
        ("Who are you?", "bot.about"),
        ("Դուք ո՞վ եք", "bot.about"),
        ("مين انت؟", "bot.about"),
        ("min enta", "bot.about"),
    ] {
        let r = core.ask(text, None);
        assert_eq!(r.id.as_deref(), Some(id), "«{text}»: {:?}", r.ranked);
    }
    // The belongings answer says "pets: see Pets and livestock"; the pets entry ranks first.
    let r = core.ask("pets allowed?", None);
    assert_eq!(r.ranked.first().map(|h| h.id.as_str()), Some("pets.animals"), "{:?}", r.ranked);
    for text in ["kim kardashian age", "solve 2x + 5 = 17", "15*3+2=?"] {
        let r = core.ask(text, None);
        assert_eq!(r.id, None, "«{text}»: {:?}", r.ranked);
    }
}
