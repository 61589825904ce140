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

/// The distinct n-grams of `words`, hashed, sorted.
fn grams<'w>(words: impl Iterator<Item = &'w str>, out: &mut Vec<u64>) {
    out.clear();
    let mut padded: Vec<char> = Vec::new();
    for word in words.take(MAX_WORDS) {
        padded.clear();
        padded.push(' ');
        padded.extend(word.chars().take(MAX_WORD_CHARS));
        padded.push(' ');
        for n in MIN_GRAM..=MAX_GRAM {
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
    /// Learns from texts of ours and texts on other subjects (each folded and split here).
    ///
    /// An n-gram counts once per distinct word of a text that has it. Each distinct piece of
    /// text between white space is folded once and each distinct word cut into n-grams once: a
    /// large knowledge base repeats its words far more than it has them.
    pub fn learn<'a>(ours: impl IntoIterator<Item = &'a str>, others: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words: HashMap<Box<str>, u32> = HashMap::default();
        let mut word_list: Vec<Box<str>> = Vec::new();
        // Per word: in how many texts of ours, of others; and the last text that counted it.
        let mut word_counts: Vec<[u32; 2]> = Vec::new();
        let mut last_text: Vec<u32> = Vec::new();
        let mut pieces: HashMap<Box<str>, (u32, u32)> = HashMap::default();
        let mut piece_words: Vec<u32> = Vec::new();
        let mut texts = [0u32; 2];
        let mut text_id = 0u32;
        for (pile, list) in [(0, ours.into_iter().collect::<Vec<_>>()), (1, others.into_iter().collect())] {
            for text in list {
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
                        }
                    }
                }
                texts[pile] += u32::from(any);
            }
        }
        if texts.contains(&0) {
            return Self::default();
        }
        // Per n-gram: its words' counts, summed.
        // About four distinct n-grams a word (most of a word's are shared with others).
        let mut counts: HashMap<u64, [u32; 2]> =
            HashMap::with_capacity_and_hasher(4 * word_list.len(), rustc_hash::FxBuildHasher);
        let mut scratch = Vec::new();
        for (word, c) in word_list.iter().zip(&word_counts) {
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
