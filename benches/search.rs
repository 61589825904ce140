//! Search speed: per-query latency on the sample knowledge base and on a generated one of 5,000
//! entries × 3 languages, index build time, and the index's memory (allocations while building).
//!
//! `cargo bench --bench search`. Each query sample is one query (sample_size = 1), so "slowest"
//! bounds the worst single query of thousands (above the 99th percentile).

use refuge::i18n::Lang;
use refuge::kb::load::load;
use refuge::kb::search::{Index, QueryStyle, Thresholds};
use refuge::kb::{Entry, KnowledgeBase, Localized, Typed};
use std::cell::Cell;
use std::path::Path;
use std::sync::LazyLock;

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// Queries in every writing style, typos and off-topic included.
const QUERIES: &[(&str, QueryStyle)] = &[
    ("where can we sleep tonight", QueryStyle { armenian_latin: false, arabizi: false }),
    ("Որտե՞ղ կարող ենք գիշերել այսօր", QueryStyle { armenian_latin: false, arabizi: false }),
    ("وين فينا ننام الليلة؟", QueryStyle { armenian_latin: false, arabizi: false }),
    ("vortegh karox enq qnel aysor", QueryStyle { armenian_latin: true, arabizi: false }),
    ("wein fi makan nnam el leile", QueryStyle { armenian_latin: false, arabizi: true }),
    ("passport lost cant find it, can i still go thru", QueryStyle { armenian_latin: false, arabizi: false }),
    ("closest hospitl emergancy goris", QueryStyle::ANY),
    ("ի՞նչ փաստաթղթեր են պետք սահմանն անցնելու համար", QueryStyle { armenian_latin: false, arabizi: false }),
    ("أين مستشفى الحروق؟", QueryStyle { armenian_latin: false, arabizi: false }),
    ("book a hotel in dubai with a pool", QueryStyle::ANY),
    ("free sim crad", QueryStyle::ANY),
    ("inch pastatxter en petq", QueryStyle { armenian_latin: true, arabizi: false }),
];

static SAMPLE: LazyLock<KnowledgeBase> = LazyLock::new(|| {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"), jiff::civil::date(2026, 1, 1)).unwrap()
});

/// 5,000 entries × 3 languages, made by recombining the sample's words (a deterministic
/// generator), so word frequencies and lengths resemble real entries.
static LARGE: LazyLock<KnowledgeBase> = LazyLock::new(|| generate(&SAMPLE, 5000));

fn generate(sample: &KnowledgeBase, n: usize) -> KnowledgeBase {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    let vocab = |lang: Lang| -> Vec<String> {
        sample.entries.iter().flat_map(|e| e.answer.text(lang).split_whitespace().map(str::to_owned)).collect()
    };
    let typed_vocab = |pick: fn(&Entry) -> &Vec<String>| -> Vec<String> {
        sample
            .entries
            .iter()
            .flat_map(|e| pick(e).iter().flat_map(|k| k.split_whitespace().map(str::to_owned)))
            .collect()
    };
    // en, hy, ar, then the typed (Latin-letter) keywords of hy and ar.
    let [en, hy, ar] = [Lang::En, Lang::Hy, Lang::Ar].map(vocab);
    let words = [en, hy, ar, typed_vocab(|e| &e.typed.hy_latn), typed_vocab(|e| &e.typed.ar_latn)];
    let mut text = |lang: usize, len: usize| -> String {
        (0..len).map(|_| words[lang][next(words[lang].len())].as_str()).collect::<Vec<_>>().join(" ")
    };
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let base = &sample.entries[i % sample.entries.len()];
        let loc = |t: &mut dyn FnMut(usize) -> String| Localized { en: Some(t(0)), hy: Some(t(1)), ar: Some(t(2)) };
        let title = loc(&mut |l| text(l, 4));
        let answer = loc(&mut |l| text(l, 60));
        let keywords = Localized {
            en: Some((0..10).map(|_| text(0, 2)).collect()),
            hy: Some((0..10).map(|_| text(1, 2)).collect()),
            ar: Some((0..10).map(|_| text(2, 2)).collect()),
        };
        let questions = Localized {
            en: Some((0..4).map(|_| text(0, 7)).collect()),
            hy: Some((0..4).map(|_| text(1, 7)).collect()),
            ar: Some((0..4).map(|_| text(2, 7)).collect()),
        };
        let typed =
            Typed { hy_latn: (0..10).map(|_| text(3, 2)).collect(), ar_latn: (0..10).map(|_| text(4, 2)).collect() };
        // One more way of asking in each writing style, as the sample's entries have more.
        let asked = ["en", "hy", "ar", "hy-Latn", "ar-Latn"]
            .into_iter()
            .enumerate()
            .map(|(i, style)| (style.to_owned(), vec![text(i, 7)]))
            .collect();
        entries.push(Entry {
            id: format!("{}.gen{i}", base.topic),
            typed,
            asked,
            title,
            answer,
            details: None,
            keywords,
            questions,
            ..base.clone()
        });
    }
    KnowledgeBase::new(
        sample.meta.clone(),
        sample.topics.clone(),
        entries,
        sample.places.clone(),
        sample.lexicon.clone(),
    )
}

fn cycle(index: &Index, bencher: divan::Bencher) {
    let i = Cell::new(0);
    bencher.bench_local(|| {
        let (q, style) = QUERIES[i.get() % QUERIES.len()];
        i.set(i.get() + 1);
        divan::black_box(index.search_styled(divan::black_box(q), style))
    });
}

#[divan::bench(sample_size = 1, sample_count = 3000)]
fn query_sample_kb(bencher: divan::Bencher) {
    let index = Index::build(&SAMPLE, Thresholds::default());
    cycle(&index, bencher);
}

#[divan::bench(sample_size = 1, sample_count = 3000)]
fn query_5000_entries(bencher: divan::Bencher) {
    let index = Index::build(&LARGE, Thresholds::default());
    cycle(&index, bencher);
}

#[divan::bench(sample_count = 10)]
fn build_sample_kb() -> Index {
    Index::build(&SAMPLE, Thresholds::default())
}

#[divan::bench(sample_count = 5)]
fn build_5000_entries(bencher: divan::Bencher) {
    let kb = &*LARGE;
    bencher.bench(|| Index::build(kb, Thresholds::default()));
}
