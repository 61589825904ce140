//! Ranked search over the knowledge base: BM25F over normalised words of every language at once,
//! so a question in any language reaches any entry, and the answer is then given in the user's.
//!
//! Fields are weighted (keywords and titles above whole questions above the answer text). Each
//! word is indexed with its variants (surface, Snowball stem, light Arabic/Armenian stem); a query
//! word scores with its best variant, then with index words it is a prefix of. Confidence comes
//! from *coverage* — how much of the query's information (idf) the best entry explains — and the
//! margin over the next entry, which makes off-topic questions ("a flight to Berlin") fall below
//! the bar even when one of their words matches.
//!
//! A query word with no exact match then tries, in order: its consonant skeleton against the
//! skeletons of Armenian and Arabic words (Armenian typed in Latin letters, Arabizi —
//! [`super::translit`]), index words one edit away (a deletion-neighbourhood index, so a typo costs
//! a few hash lookups, not a scan), and index words it is a prefix of. Each fallback scores less
//! than an exact match.
//!
//! Knows nothing of users or conversations.

use super::normalize::{self, Script};
use super::translit;
use super::{KnowledgeBase, Localized};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Field weights (BM25F).
const W_KEYWORDS: f32 = 3.0;
const W_TITLE: f32 = 2.0;
const W_QUESTIONS: f32 = 1.5;
const W_ANSWER: f32 = 0.6;
const W_DETAILS: f32 = 0.3;
/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.5;
/// A variant other than the word itself counts a little less; a prefix match less again.
const VARIANT_FACTOR: f32 = 0.85;
const PREFIX_FACTOR: f32 = 0.6;
/// A transliterated (skeleton) match, and a match one typo away.
const TRANSLIT_FACTOR: f32 = 0.8;
const SHORT_TRANSLIT_FACTOR: f32 = 0.5;
const TYPO_FACTOR: f32 = 0.7;
/// Words shorter than this are not corrected: "bus" one edit away is "bug", "but", "us"…
const TYPO_MIN_CHARS: usize = 5;
/// Prefix matches need this many characters, and at most this many index words are tried.
const PREFIX_MIN_CHARS: usize = 4;
const PREFIX_MAX_TERMS: usize = 24;
/// Queries are cut to this many words: bounded time for any input.
const MAX_QUERY_WORDS: usize = 48;

/// Score added for a query word pair found adjacent in an entry, times the pair's mean idf.
const PAIR_WEIGHT: f32 = 1.0;

/// The key of an adjacent word pair: each word by its most reduced variant, so "documents to
/// cross" and "document crossing" meet.
fn pair_key(a: &str, b: &str) -> String {
    let reduce = |w: &str| normalize::variants(w).into_iter().min_by_key(|v| v.chars().count()).unwrap_or_default();
    format!("{}\u{1}{}", reduce(a), reduce(b))
}

/// Index key of a skeleton of an Armenian or Arabic word (kept apart from real words and from
/// each other).
fn skeleton_key(script: Script, skeleton: &str) -> String {
    let tag = if script == Script::Armenian { "hy" } else { "ar" };
    format!("\u{2}{tag}:{skeleton}")
}

/// The word with each one of its characters left out (the deletion neighbourhood, distance 1).
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    })
}

/// Words one edit apart found by hashing, not scanning: every word and each of its one-letter
/// deletions point back to the word, so two words one insertion, deletion, substitution or swap
/// apart share a key (a deletion-neighbourhood index, as in SymSpell).
#[derive(Default)]
struct Neighbourhood {
    keys: HashMap<String, Vec<u32>>,
    words: Vec<String>,
}

impl Neighbourhood {
    fn build<'a>(words: impl Iterator<Item = &'a String>) -> Self {
        let mut n = Self::default();
        for word in words.filter(|w| w.chars().count() >= TYPO_MIN_CHARS) {
            let id = u32::try_from(n.words.len()).expect("fewer than 4 billion words");
            n.words.push(word.clone());
            for key in std::iter::once(word.clone()).chain(deletions(word)) {
                let list = n.keys.entry(key).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        n
    }

    /// Indexed words at most one edit from `word` (not `word` itself).
    fn near(&self, word: &str) -> Vec<&String> {
        let mut found: Vec<&String> = Vec::new();
        if word.chars().count() < TYPO_MIN_CHARS - 1 {
            return found;
        }
        for key in std::iter::once(word.to_owned()).chain(deletions(word)) {
            for &id in self.keys.get(&key).into_iter().flatten() {
                let candidate = &self.words[id as usize];
                if candidate != word && !found.contains(&candidate) && strsim::osa_distance(word, candidate) <= 1 {
                    found.push(candidate);
                }
            }
        }
        found
    }
}

/// Which transliterations a query may be in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueryStyle {
    /// Latin words may be Armenian typed in Latin letters.
    pub armenian_latin: bool,
    /// Latin words may be Arabizi.
    pub arabizi: bool,
}

impl QueryStyle {
    /// Either transliteration may apply (Latin text whose language is not clear).
    pub const ANY: Self = Self { armenian_latin: true, arabizi: true };
}

/// BM25's idf, from the number of entries and a (possibly fractional) document frequency.
fn idf(n: usize, df: f32) -> f32 {
    (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln()
}

/// Thresholds that decide between an answer, suggestions and "I don't know".
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// Coverage the best entry needs to be answered confidently.
    pub confident_coverage: f32,
    /// The second entry's score must be at most this fraction of the first's.
    pub confident_margin: f32,
    /// Coverage an entry needs to be suggested at all.
    pub suggest_coverage: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { confident_coverage: 0.35, confident_margin: 0.9, suggest_coverage: 0.25 }
    }
}

/// One ranked entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into `KnowledgeBase::entries`.
    pub entry: usize,
    /// BM25F score.
    pub score: f32,
    /// Share of the query's idf this entry matched, 0–1.
    pub coverage: f32,
}

/// The result of one query.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Best first, at most a handful.
    pub hits: Vec<Hit>,
    /// Whether the first hit may be given as the answer.
    pub confident: bool,
    /// Content words in the query after stop words were removed.
    pub content_words: usize,
}

struct Doc {
    len: f32,
}

/// An indexed word: which entries have it (and how much), and how informative it is.
struct Term {
    postings: Vec<(u32, f32)>,
    idf: f32,
}

/// Answer and detail text mentions many things in passing (a shelter answer says "food and
/// blankets"), so a word's document frequency counts those mentions at this weight only; the
/// curated fields (keywords, titles, questions) say what an entry is about and count fully.
const PASSING_MENTION_DF: f32 = 0.25;

/// The search index over one knowledge base.
pub struct Index {
    docs: Vec<Doc>,
    avg_len: f32,
    terms: BTreeMap<String, Term>,
    /// Real index words (not skeletons), for typos.
    typos: Neighbourhood,
    /// Stop words, for misspelt ones ("wher").
    stop_typos: Neighbourhood,
    /// Adjacent content-word pairs of the curated fields (by [`pair_key`]) → entries having them.
    pairs: HashMap<String, Vec<u32>>,
    stop: HashSet<String>,
    thresholds: Thresholds,
}

impl Index {
    /// Indexes every entry of `kb`.
    pub fn build(kb: &KnowledgeBase, thresholds: Thresholds) -> Self {
        let stop: HashSet<String> = kb
            .lexicon
            .stopwords
            .iter()
            .chain(&kb.lexicon.greetings)
            .chain(&kb.lexicon.thanks)
            .flat_map(|s| normalize::words(s).map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut postings: HashMap<String, Vec<(u32, f32, bool)>> = HashMap::new();
        let mut pairs: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = Vec::with_capacity(kb.entries.len());
        for (i, e) in kb.entries.iter().enumerate() {
            // Per variant: weighted frequency, and whether a curated field has it.
            let mut tf: HashMap<String, (f32, bool)> = HashMap::new();
            let mut len = 0.0;
            let mut add = |text: &str, w: f32| {
                for word in normalize::tokens(text) {
                    if stop.contains(&word) {
                        continue;
                    }
                    len += w;
                    let script = normalize::script_of_word(&word);
                    let mut keys = normalize::variants(&word);
                    if script != Script::Latin {
                        for v in normalize::variants(&word) {
                            for sk in translit::skeletons(&v, script) {
                                let key = skeleton_key(script, &sk);
                                if !keys.contains(&key) {
                                    keys.push(key);
                                }
                            }
                        }
                    }
                    for v in keys {
                        let slot = tf.entry(v).or_default();
                        slot.0 += w;
                        slot.1 |= w > W_ANSWER;
                    }
                }
            };
            let mut add_texts = |l: &Localized<String>, w: f32| l.iter().for_each(|(_, t)| add(t, w));
            let doc = u32::try_from(i).expect("fewer than 4 billion entries");
            let curated = e.title.iter().map(|(_, t)| t.as_str()).chain(
                e.keywords.iter().chain(e.questions.iter()).flat_map(|(_, list)| list.iter().map(String::as_str)),
            );
            for text in curated {
                let content: Vec<String> = normalize::tokens(text).into_iter().filter(|w| !stop.contains(w)).collect();
                for pair in content.windows(2) {
                    let list = pairs.entry(pair_key(&pair[0], &pair[1])).or_default();
                    if list.last() != Some(&doc) {
                        list.push(doc);
                    }
                }
            }
            add_texts(&e.title, W_TITLE);
            add_texts(&e.answer, W_ANSWER);
            if let Some(d) = &e.details {
                add_texts(d, W_DETAILS);
            }
            for (_, list) in e.keywords.iter() {
                list.iter().for_each(|k| add(k, W_KEYWORDS));
            }
            for (_, list) in e.questions.iter() {
                list.iter().for_each(|q| add(q, W_QUESTIONS));
            }
            for (term, (f, curated)) in tf {
                postings.entry(term).or_default().push((doc, f, curated));
            }
            docs.push(Doc { len });
        }
        let avg_len = docs.iter().map(|d| d.len).sum::<f32>() / docs.len().max(1) as f32;
        let n = docs.len();
        let terms: BTreeMap<String, Term> = postings
            .into_iter()
            .map(|(term, list)| {
                let curated = list.iter().filter(|p| p.2).count() as f32;
                let df = curated + PASSING_MENTION_DF * (list.len() as f32 - curated);
                let postings = list.into_iter().map(|(d, f, _)| (d, f)).collect();
                (term, Term { postings, idf: idf(n, df) })
            })
            .collect();
        let typos = Neighbourhood::build(terms.keys().filter(|t| !t.starts_with('\u{2}')));
        let stop_typos = Neighbourhood::build(stop.iter());
        Self { docs, avg_len: avg_len.max(1.0), terms, typos, stop_typos, pairs, stop, thresholds }
    }

    fn bm25(&self, doc: u32, tf: f32, idf: f32) -> f32 {
        let len = self.docs[doc as usize].len;
        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avg_len))
    }

    /// Scores of one query word per entry, with the word's idf.
    fn word_scores(&self, word: &str, style: QueryStyle) -> (HashMap<u32, f32>, f32) {
        let mut best: HashMap<u32, f32> = HashMap::new();
        let mut idf_max: f32 = 0.0;
        let mut score = |term: &Term, factor: f32, best: &mut HashMap<u32, f32>| {
            for &(doc, tf) in &term.postings {
                let s = self.bm25(doc, tf, term.idf) * factor;
                let slot = best.entry(doc).or_default();
                *slot = slot.max(s);
            }
            // A fallback match explains the word only as much as it is trusted.
            idf_max = idf_max.max(term.idf * factor);
        };
        for (i, v) in normalize::variants(word).iter().enumerate() {
            if let Some(term) = self.terms.get(v) {
                score(term, if i == 0 { 1.0 } else { VARIANT_FACTOR }, &mut best);
            }
        }
        let latin = normalize::script_of_word(word) == Script::Latin;
        let translit = style.armenian_latin || style.arabizi;
        // Armenian in Latin letters and Arabizi: tried even when an English word matched, when
        // the query is known to be written so ("hac" is bread, not a typo of "has").
        if latin && translit && (best.is_empty() || style != QueryStyle::ANY) {
            let scripts = [(style.armenian_latin, Script::Armenian), (style.arabizi, Script::Arabic)];
            for (_, script) in scripts.into_iter().filter(|(on, _)| *on) {
                for sk in translit::skeletons(word, script) {
                    if let Some(term) = self.terms.get(&skeleton_key(script, &sk)) {
                        // Two consonants match many words: such a match says little.
                        let factor = if sk.len() == 2 { SHORT_TRANSLIT_FACTOR } else { TRANSLIT_FACTOR };
                        score(term, factor, &mut best);
                    }
                }
            }
        }
        if best.is_empty() && word.chars().count() >= TYPO_MIN_CHARS {
            for term in self.typos.near(word) {
                score(&self.terms[term], TYPO_FACTOR, &mut best);
            }
        }
        if best.is_empty() && word.chars().count() >= PREFIX_MIN_CHARS {
            let longer = self.terms.range(word.to_owned()..).take_while(|(t, _)| t.starts_with(word));
            for (_, term) in longer.take(PREFIX_MAX_TERMS) {
                score(term, PREFIX_FACTOR, &mut best);
            }
        }
        (best, idf_max)
    }

    /// A stop word, or a misspelt one ("wher", "cna") that is no word of the index.
    fn is_stop(&self, word: &str) -> bool {
        if self.stop.contains(word) {
            return true;
        }
        !self.terms.contains_key(word) && !self.stop_typos.near(word).is_empty()
    }

    fn best_idf(&self, word: &str) -> f32 {
        normalize::variants(word).iter().filter_map(|v| self.terms.get(v)).map(|t| t.idf).fold(0.0, f32::max)
    }

    /// Ranks entries for `query`, trying both transliterations for Latin words that match nothing.
    pub fn search(&self, query: &str) -> Outcome {
        self.search_styled(query, QueryStyle::ANY)
    }

    /// Ranks entries for `query` written in `style`.
    pub fn search_styled(&self, query: &str, style: QueryStyle) -> Outcome {
        let content: Vec<String> =
            normalize::tokens(query).into_iter().filter(|w| !self.is_stop(w)).take(MAX_QUERY_WORDS).collect();
        let mut words: Vec<String> = Vec::new();
        for w in &content {
            if !words.contains(w) {
                words.push(w.clone());
            }
        }
        if words.is_empty() {
            return Outcome::default();
        }
        let unknown_idf = idf(self.docs.len(), 0.0);
        let mut total_idf = 0.0;
        let mut scores: HashMap<u32, (f32, f32)> = HashMap::new();
        for w in &words {
            let (per_doc, idf) = self.word_scores(w, style);
            // A word no entry has is as informative as the rarest word: it lowers coverage.
            total_idf += if per_doc.is_empty() { unknown_idf } else { idf };
            for (doc, s) in per_doc {
                let slot = scores.entry(doc).or_default();
                slot.0 += s;
                slot.1 += idf;
            }
        }
        // Words next to each other as in an entry's keyword or question ("cross border") say more
        // than the same words apart.
        for pair in content.windows(2) {
            if let Some(docs) = self.pairs.get(&pair_key(&pair[0], &pair[1])) {
                let bonus = PAIR_WEIGHT * (self.best_idf(&pair[0]) + self.best_idf(&pair[1])) / 2.0;
                for &doc in docs {
                    if let Some(slot) = scores.get_mut(&doc) {
                        slot.0 += bonus;
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = scores
            .into_iter()
            .map(|(doc, (score, matched))| Hit { entry: doc as usize, score, coverage: (matched / total_idf).min(1.0) })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        hits.truncate(8);
        let t = self.thresholds;
        let confident = match hits.as_slice() {
            [] => false,
            [first] => first.coverage >= t.confident_coverage,
            [first, second, ..] => {
                first.coverage >= t.confident_coverage && second.score <= first.score * t.confident_margin
            }
        };
        hits.retain(|h| h.coverage >= t.suggest_coverage);
        Outcome { hits, confident, content_words: words.len() }
    }
}
