//! Whether a message reads like the questions this bot answers or like questions on other
//! subjects, beyond the words it shares with an entry.
//!
//! "What time does the bus from Yerevan to Lake Sevan leave on Saturdays in July?" shares the
//! bus, Yerevan and leaving with the onward-transport entry; what it asks is a summer outing. No
//! single word says so (a family may well go to Sevan, on a Saturday), but the way the whole
//! message is written does. [`SubjectModel`] is a multinomial naive Bayes over the character
//! 3–5-grams of a message's folded words (as scikit-learn's `char_wb`; an n-gram counts once per
//! distinct word of a text that has it),
//! learned when the index is built from two piles of the knowledge base's own text:
//! - ours: every entry's title, keywords, questions, Latin-letter words and ways people ask;
//! - other subjects: the questions of `elsewhere.toml` and the lexicon's `[offtopic]` words.
//!
//! Character n-grams carry across word forms without a stemmer («կատուս», «կատվիս»; "bay6ari",
//! "bay6ary"), and a word never seen still shares pieces with words that were; each script (and
//! each Latin-letter spelling) is learnt from its own texts. The two piles weigh alike (each text
//! of ours counts as many others over ours). The result is the log-odds that the message is ours,
//! one of the signals of the search's answerable check, which has the threshold
//! (ARCHITECTURE.md, "How a message reads").

use super::normalize;
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::hash::Hasher;

/// Character n-gram lengths, shortest and longest.
const MIN_GRAM: usize = 3;
const MAX_GRAM: usize = 5;

/// The n-gram length of [`EntryModel`]: 4-grams alone tell the entries apart nearly as well as
/// 3–5-grams (28 labelled queries gained against 29, prototyped over every eval set) at a third
/// of the postings, which a 5,000-entry knowledge base feels.
const ENTRY_GRAM: usize = 4;

/// Additive smoothing of the counts (scikit-learn's `alpha`).
const SMOOTHING: f64 = 0.1;

/// A message is read up to this many words: enough for any real question, and a bound on the
/// work for a pasted megabyte.
const MAX_WORDS: usize = 64;

/// A word is read up to this many characters: longer ones are pasted links or keyboard mashing,
/// and their first characters say what the rest would.
const MAX_WORD_CHARS: usize = 32;

/// How much a message reads like this bot's questions rather than other subjects'.
#[derive(Debug, Default)]
pub struct SubjectModel {
    /// Each n-gram's (hash's) log-odds, ours over other subjects'. An n-gram neither pile has
    /// says nothing and is absent.
    log_odds: HashMap<u64, f32>,
}

/// The distinct 3–5-grams of `words` (folded), hashed, sorted: what [`SubjectModel`] reads of a
/// message.
fn grams<'w>(words: impl Iterator<Item = &'w str>, out: &mut Vec<u64>) {
    sized_grams(words, MIN_GRAM..=MAX_GRAM, out);
}

/// The distinct 4-grams of `words` (folded), hashed, sorted: what [`EntryModel`] reads.
pub fn entry_grams<'w>(words: impl Iterator<Item = &'w str>, out: &mut Vec<u64>) {
    sized_grams(words, ENTRY_GRAM..=ENTRY_GRAM, out);
}

fn sized_grams<'w>(words: impl Iterator<Item = &'w str>, sizes: std::ops::RangeInclusive<usize>, out: &mut Vec<u64>) {
    out.clear();
    let mut padded: Vec<char> = Vec::new();
    for word in words.take(MAX_WORDS) {
        padded.clear();
        padded.push(' ');
        padded.extend(word.chars().take(MAX_WORD_CHARS));
        padded.push(' ');
        for n in sizes.clone() {
            // A word shorter than the n-gram is one n-gram, whole.
            let n = n.min(padded.len());
            for window in padded.windows(n) {
                out.push(hash(window));
            }
            if n == padded.len() {
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
}

fn hash(chars: &[char]) -> u64 {
    let mut h = FxHasher::default();
    for &c in chars {
        h.write_u32(c as u32);
    }
    h.finish()
}

impl SubjectModel {
    /// Learns from texts of ours and texts on other subjects (each folded and split here); see
    /// [`learn`].
    pub fn learn<'a>(ours: impl IntoIterator<Item = &'a str>, others: impl IntoIterator<Item = &'a str>) -> Self {
        learn(std::iter::once(ours), others).0
    }

    /// From each word's count of texts, ours and others', and the count of texts of each pile.
    fn from_word_counts(word_list: &[Box<str>], word_counts: &[[u32; 2]], texts: [u32; 2]) -> Self {
        if texts.contains(&0) {
            return Self::default();
        }
        // Per n-gram: its words' counts, summed.
        // About four distinct n-grams a word (most of a word's are shared with others).
        let mut counts: HashMap<u64, [u32; 2]> =
            HashMap::with_capacity_and_hasher(4 * word_list.len(), rustc_hash::FxBuildHasher);
        let mut scratch = Vec::new();
        for (word, c) in word_list.iter().zip(word_counts) {
            if c == &[0, 0] {
                continue;
            }
            grams(std::iter::once(&**word), &mut scratch);
            for &g in &scratch {
                let total = counts.entry(g).or_default();
                total[0] += c[0];
                total[1] += c[1];
            }
        }
        // Each pile weighs as much as the other: a text of ours counts others/ours times.
        let weight = [f64::from(texts[1]) / f64::from(texts[0]), 1.0];
        let mut totals = [0f64; 2];
        for c in counts.values() {
            for pile in 0..2 {
                totals[pile] += weight[pile] * f64::from(c[pile]);
            }
        }
        let vocabulary = counts.len() as f64;
        let denominators = totals.map(|t| (t + SMOOTHING * vocabulary).ln());
        let log_odds = counts
            .into_iter()
            .map(|(g, c)| {
                let p = |pile: usize| (weight[pile] * f64::from(c[pile]) + SMOOTHING).ln() - denominators[pile];
                (g, (p(0) - p(1)) as f32)
            })
            .collect();
        Self { log_odds }
    }

    /// The log-odds that `words` (folded) are a question of ours rather than on another subject;
    /// 0 when nothing was learned.
    pub fn log_odds<'w>(&self, words: impl Iterator<Item = &'w str>) -> f32 {
        if self.log_odds.is_empty() {
            return 0.0;
        }
        let mut scratch = Vec::new();
        grams(words, &mut scratch);
        scratch.iter().filter_map(|g| self.log_odds.get(g)).sum()
    }

    /// Whether it learned nothing.
    pub fn is_empty(&self) -> bool {
        self.log_odds.is_empty()
    }
}

/// Which entry a message reads like: a multinomial naive Bayes over the same n-grams, one class
/// per entry, learnt from each entry's curated fields and the ways people ask.
///
/// The index ranks by the words a message shares with an entry; this model by how the whole
/// message reads, pieces of words included, so it tells apart entries that share the words
/// ("bus", "Yerevan") by what else is written around them. The search asks it only about the
/// leading entries already ranked close to the first (`Index::reread` in `search.rs`).
#[derive(Debug, Default)]
pub struct EntryModel {
    /// Each n-gram's dense id.
    grams: HashMap<u64, u32>,
    /// Entry `e`'s n-grams are `posted[starts[e]..starts[e + 1]]`, by id, and `counts` (the same
    /// range) how many of its texts' words have each: six bytes a posting, not eight with the
    /// weight beside the id (4.1 million postings at 5,000 entries).
    starts: Vec<u32>,
    posted: Vec<u32>,
    counts: Vec<u16>,
    /// ln(1 + count / smoothing), by count.
    weights: Vec<f32>,
    /// Per entry: ln(its n-gram count + smoothing × vocabulary), which every n-gram of a message
    /// the model knows costs it.
    norm: Vec<f32>,
}

impl EntryModel {
    /// Learns from each entry's texts, in entry order (folded and split here); see [`learn`].
    pub fn learn<'a, E, T>(entries: E) -> Self
    where
        E: IntoIterator<Item = T>,
        T: IntoIterator<Item = &'a str>,
    {
        learn(entries, std::iter::empty()).1
    }

    /// From each entry's (word, count of its texts that have it) list, in entry order.
    fn from_word_counts(word_list: &[Box<str>], per_entry: &[Vec<(u32, u32)>]) -> Self {
        // Each word cut once into dense n-gram ids.
        let mut gram_ids: HashMap<u64, u32> = HashMap::default();
        let mut gram_of_id: Vec<u64> = Vec::new();
        let mut word_grams: Vec<(u32, u32)> = Vec::with_capacity(word_list.len());
        let mut gram_list: Vec<u32> = Vec::new();
        let mut scratch = Vec::new();
        for word in word_list {
            entry_grams(std::iter::once(&**word), &mut scratch);
            let from = gram_list.len() as u32;
            for &g in &scratch {
                let next = gram_of_id.len() as u32;
                let gid = *gram_ids.entry(g).or_insert(next);
                if gid == next {
                    gram_of_id.push(g);
                }
                gram_list.push(gid);
            }
            word_grams.push((from, gram_list.len() as u32));
        }
        // Per entry: each n-gram's count, then its (id, weight) by id.
        let vocabulary = gram_of_id.len();
        let mut counts = vec![0u32; vocabulary];
        let mut touched: Vec<u32> = Vec::new();
        let mut starts = Vec::with_capacity(per_entry.len() + 1);
        let (mut posted, mut gram_counts): (Vec<u32>, Vec<u16>) = (Vec::new(), Vec::new());
        let mut totals = Vec::with_capacity(per_entry.len());
        for words in per_entry {
            starts.push(posted.len() as u32);
            for &(w, c) in words {
                let (from, to) = word_grams[w as usize];
                for &gid in &gram_list[from as usize..to as usize] {
                    let n = &mut counts[gid as usize];
                    if *n == 0 {
                        touched.push(gid);
                    }
                    *n += c;
                }
            }
            touched.sort_unstable();
            let mut total = 0u64;
            for gid in touched.drain(..) {
                let c = std::mem::take(&mut counts[gid as usize]);
                total += u64::from(c);
                posted.push(gid);
                // More texts of one entry than u16 counts weigh as many as it counts.
                gram_counts.push(u16::try_from(c).unwrap_or(u16::MAX));
            }
            totals.push(total as f64);
        }
        starts.push(posted.len() as u32);
        if posted.is_empty() {
            return Self::default();
        }
        let most = gram_counts.iter().copied().max().unwrap_or(0);
        let weights = (0..=most).map(|c| (1.0 + f64::from(c) / SMOOTHING).ln() as f32).collect();
        let grams = gram_of_id.iter().enumerate().map(|(gid, &g)| (g, gid as u32)).collect();
        let norm = totals.iter().map(|t| (t + SMOOTHING * vocabulary as f64).ln() as f32).collect();
        Self { grams, starts, posted, counts: gram_counts, weights, norm }
    }

    /// Whether it learned nothing.
    pub fn is_empty(&self) -> bool {
        self.norm.is_empty()
    }

    /// The log-likelihood of a message's n-grams ([`entry_grams`]) under each of `entries`, into
    /// `out`, up to a constant shared by every entry: only differences between entries mean
    /// anything. 0 for an entry it did not learn.
    pub fn log_likelihoods(&self, grams: &[u64], entries: &[usize], out: &mut [f32]) {
        out.fill(0.0);
        let mut known = 0.0;
        for g in grams {
            let Some(&gid) = self.grams.get(g) else {
                continue;
            };
            known += 1.0;
            for (sum, &e) in out.iter_mut().zip(entries) {
                let Some((from, list)) = self.postings_of(e) else {
                    continue;
                };
                if let Ok(i) = list.binary_search(&gid) {
                    *sum += self.weights[usize::from(self.counts[from + i])];
                }
            }
        }
        for (sum, &e) in out.iter_mut().zip(entries) {
            if let Some(&norm) = self.norm.get(e) {
                *sum -= known * norm;
            }
        }
    }

    /// Where entry `entry`'s postings start, and their n-gram ids.
    fn postings_of(&self, entry: usize) -> Option<(usize, &[u32])> {
        let (&from, &to) = (self.starts.get(entry)?, self.starts.get(entry + 1)?);
        Some((from as usize, &self.posted[from as usize..to as usize]))
    }
}

/// Learns both models from the same reading of the texts: each entry's (ours) and the texts on
/// other subjects, each folded and split here.
///
/// A word counts once per text that has it (so an n-gram once per distinct word of a text that
/// has it). Each distinct piece of text between white space is folded once and each distinct word
/// cut into n-grams once: a large knowledge base repeats its words far more than it has them.
pub fn learn<'a, E, T>(entries: E, others: impl IntoIterator<Item = &'a str>) -> (SubjectModel, EntryModel)
where
    E: IntoIterator<Item = T>,
    T: IntoIterator<Item = &'a str>,
{
    let mut words: HashMap<Box<str>, u32> = HashMap::default();
    let mut word_list: Vec<Box<str>> = Vec::new();
    // Per word: in how many texts of ours, of others; the last text that counted it; and in how
    // many texts of the entry being read.
    let mut word_counts: Vec<[u32; 2]> = Vec::new();
    let mut last_text: Vec<u32> = Vec::new();
    let mut in_entry: Vec<u32> = Vec::new();
    let mut pieces: HashMap<Box<str>, (u32, u32)> = HashMap::default();
    let mut piece_words: Vec<u32> = Vec::new();
    let mut texts = [0u32; 2];
    let mut text_id = 0u32;
    let mut per_entry: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut entry_words: Vec<u32> = Vec::new();
    let mut read = |text: &str, pile: usize, mut entry_words: Option<&mut Vec<u32>>, in_entry: &mut Vec<u32>| {
        text_id += 1;
        let mut any = false;
        for piece in super::search::split_whitespace(text) {
            let (from, to) = match pieces.get(piece) {
                Some(&range) => range,
                None => {
                    let from = piece_words.len() as u32;
                    for word in normalize::words(&normalize::fold(piece)) {
                        let id = *words.entry(word.into()).or_insert_with(|| {
                            word_list.push(word.into());
                            word_counts.push([0; 2]);
                            last_text.push(0);
                            in_entry.push(0);
                            (word_list.len() - 1) as u32
                        });
                        piece_words.push(id);
                    }
                    let range = (from, piece_words.len() as u32);
                    pieces.insert(piece.into(), range);
                    range
                }
            };
            for &w in &piece_words[from as usize..to as usize] {
                any = true;
                if last_text[w as usize] != text_id {
                    last_text[w as usize] = text_id;
                    word_counts[w as usize][pile] += 1;
                    if let Some(list) = entry_words.as_deref_mut() {
                        if in_entry[w as usize] == 0 {
                            list.push(w);
                        }
                        in_entry[w as usize] += 1;
                    }
                }
            }
        }
        texts[pile] += u32::from(any);
    };
    for entry in entries {
        for text in entry {
            read(text, 0, Some(&mut entry_words), &mut in_entry);
        }
        per_entry.push(entry_words.drain(..).map(|w| (w, std::mem::take(&mut in_entry[w as usize]))).collect());
    }
    for text in others {
        read(text, 1, None, &mut in_entry);
    }
    let subject = SubjectModel::from_word_counts(&word_list, &word_counts, texts);
    (subject, EntryModel::from_word_counts(&word_list, &per_entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn odds(model: &SubjectModel, text: &str) -> f32 {
        let folded = normalize::fold(text);
        model.log_odds(normalize::words(&folded))
    }

    #[test]
    fn short_words_are_one_gram_and_grams_are_distinct() {
        let mut out = Vec::new();
        grams(["a"].into_iter(), &mut out);
        assert_eq!(out, vec![hash(&[' ', 'a', ' '])]);
        grams(["abc", "abc"].into_iter(), &mut out);
        // " abc ": 3 trigrams, 2 four-grams, the whole five.
        assert_eq!(out.len(), 6);
    }

    #[test]
    fn a_message_leans_to_the_pile_whose_pieces_it_shares() {
        let ours = ["where can we sleep tonight", "shelter for families", "bus to yerevan for refugees"];
        let others = ["bus to lake sevan for a summer holiday", "summer camp for kids", "holiday hotel booking"];
        let model = SubjectModel::learn(ours, others);
        assert!(odds(&model, "a shelter to sleep in") > 0.0);
        assert!(odds(&model, "summer holidays by the lake") < 0.0);
        // Word forms never seen share pieces with those that were.
        assert!(odds(&model, "sleeping shelters") > 0.0);
        assert!(odds(&model, "holidaying") < 0.0);
    }

    #[test]
    fn nothing_learned_says_nothing() {
        let model = SubjectModel::learn(["shelter"], std::iter::empty());
        assert!(model.is_empty());
        assert_eq!(odds(&model, "shelter"), 0.0);
    }

    fn likelihood(model: &EntryModel, text: &str, entry: usize) -> f32 {
        let folded = normalize::fold(text);
        let mut g = Vec::new();
        entry_grams(normalize::words(&folded), &mut g);
        let mut out = [0.0];
        model.log_likelihoods(&g, &[entry], &mut out);
        out[0]
    }

    #[test]
    fn a_message_reads_like_the_entry_whose_pieces_it_shares() {
        let entries = [
            vec!["free bus to yerevan", "is there transport onward", "buses leaving goris"],
            vec!["find my relatives", "where is my aunt staying", "my cousins crossed before us"],
        ];
        let model = EntryModel::learn(entries.iter().map(|texts| texts.iter().copied()));
        assert!(!model.is_empty());
        let bus = "my aunt is in vanadzor, is there a free bus going there";
        assert!(likelihood(&model, bus, 0) > likelihood(&model, bus, 1));
        let aunt = "where are my aunts staying now";
        assert!(likelihood(&model, aunt, 1) > likelihood(&model, aunt, 0));
        // An entry it never learnt says nothing.
        assert_eq!(likelihood(&model, bus, 7), 0.0);
    }

    #[test]
    fn no_entries_no_model() {
        let model = EntryModel::learn(std::iter::empty::<Vec<&str>>());
        assert!(model.is_empty());
        assert_eq!(likelihood(&model, "bus", 0), 0.0);
    }

    proptest::proptest! {
        /// Any texts learnt and any message read give finite log-likelihoods, no panic.
        #[test]
        fn any_text_reads_finite_for_each_entry(entries in proptest::collection::vec(proptest::collection::vec("\\PC{0,40}", 0..5), 1..5), text in "\\PC{0,200}") {
            let model = EntryModel::learn(entries.iter().map(|texts| texts.iter().map(String::as_str)));
            for entry in 0..entries.len() + 1 {
                proptest::prop_assert!(likelihood(&model, &text, entry).is_finite());
            }
        }
    }

    proptest::proptest! {
        /// Any text, learnt or read, gives a finite log-odds and no panic; a message is read up to
        /// its first `MAX_WORDS` words.
        #[test]
        fn any_text_reads_finite(ours in proptest::collection::vec("\\PC{0,40}", 1..8), others in proptest::collection::vec("\\PC{0,40}", 1..8), text in "\\PC{0,200}") {
            let model = SubjectModel::learn(ours.iter().map(String::as_str), others.iter().map(String::as_str));
            proptest::prop_assert!(odds(&model, &text).is_finite());
            let long = format!("{text} ").repeat(MAX_WORDS + 10);
            let cut: String = normalize::words(&normalize::fold(&long)).take(MAX_WORDS).collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(odds(&model, &long), odds(&model, &cut));
        }
    }
}
