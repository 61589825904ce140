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

use super::KnowledgeBase;
use super::normalize::{self, Script};
use super::translit;
// FxHash: the keys are our own words, not attacker-chosen in bulk, and SipHash dominated indexing.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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
const SHORT_TRANSLIT_FACTOR: f32 = 0.65;
const TYPO_FACTOR: f32 = 0.7;
/// Words shorter than this are not corrected: "bus" one edit away is "bug", "but", "us"…
const TYPO_MIN_CHARS: usize = 5;
/// Prefix matches need this many characters, and at most this many index words are tried.
const PREFIX_MIN_CHARS: usize = 4;
const PREFIX_MAX_TERMS: usize = 24;
/// Queries are cut to this many words, and words longer than this get no fallback matching
/// (their deletion neighbourhood grows with the square of their length): bounded work for any
/// input.
const MAX_QUERY_WORDS: usize = 48;
const MAX_WORD_CHARS: usize = 32;

/// Score added when a whole keyword of an entry is in the question, times its words' idf.
const PHRASE_WEIGHT: f32 = 0.5;

/// Leading entries (by BM25F and pairs) that are checked for whole keywords.
const PHRASE_CANDIDATES: usize = 32;

/// Hits kept per query (the answer, suggestions, and room for the margin test).
const MAX_HITS: usize = 8;

/// Score added for a query word pair found adjacent in an entry, times the pair's mean idf.
const PAIR_WEIGHT: f32 = 1.0;

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
        let n = word.chars().count();
        if !(TYPO_MIN_CHARS - 1..=MAX_WORD_CHARS).contains(&n) {
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

/// An indexed key (a word, a variant or a skeleton): which entries have it, how much, and how
/// informative it is.
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
    /// Weighted length of each entry.
    doc_len: Vec<f32>,
    avg_len: f32,
    terms: Vec<Term>,
    /// Every key → its term.
    ids: HashMap<String, u32>,
    /// Real words (not skeletons), sorted, for prefix matches.
    sorted: Vec<String>,
    /// Real index words, for typos.
    typos: Neighbourhood,
    /// Stop words, for misspelt ones ("wher").
    stop_typos: Neighbourhood,
    /// Most reduced form of each indexed word → its id, for word pairs.
    reduced: HashMap<String, u32>,
    /// Adjacent content-word pairs of the curated fields (by reduced form) → entries having them.
    pairs: HashMap<(u32, u32), Vec<u32>>,
    /// Whole keywords (and place names) as reduced word ids, entry by entry…
    phrases: Vec<Vec<u32>>,
    /// …where entry d's are `phrases[phrase_start[d]..phrase_start[d + 1]]`.
    phrase_start: Vec<u32>,
    stop: HashSet<String>,
    thresholds: Thresholds,
}

/// The word cache's mark for a stop word.
const STOP_WORD: u32 = u32::MAX;

/// What the index needs to know of one distinct word, computed once per word, not per use.
struct WordKeys {
    terms: Vec<u32>,
    reduced: u32,
}

/// The keys a word is indexed under: its variants and, for Armenian and Arabic, their skeletons.
fn index_keys(word: &str) -> Vec<String> {
    let mut keys = normalize::variants(word);
    let script = normalize::script_of_word(word);
    if script != Script::Latin {
        for v in normalize::variants(word) {
            for sk in translit::skeletons(&v, script) {
                let key = skeleton_key(script, &sk);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    keys
}

/// A word's most reduced variant, so "documents to cross" and "document crossing" pair alike.
fn reduce(word: &str) -> String {
    normalize::variants(word).into_iter().min_by_key(|v| v.chars().count()).unwrap_or_default()
}

impl Index {
    /// Indexes every entry of `kb`.
    pub fn build(kb: &KnowledgeBase, thresholds: Thresholds) -> Self {
        let docs = kb.entries.iter().map(|e| {
            let mut fields: Vec<(&str, f32)> = Vec::new();
            fields.extend(e.title.iter().map(|(_, t)| (t.as_str(), W_TITLE)));
            fields.extend(e.answer.iter().map(|(_, t)| (t.as_str(), W_ANSWER)));
            if let Some(d) = &e.details {
                fields.extend(d.iter().map(|(_, t)| (t.as_str(), W_DETAILS)));
            }
            for (_, list) in e.keywords.iter() {
                fields.extend(list.iter().map(|k| (k.as_str(), W_KEYWORDS)));
            }
            for (_, list) in e.questions.iter() {
                fields.extend(list.iter().map(|q| (q.as_str(), W_QUESTIONS)));
            }
            fields
        });
        Self::build_docs(docs, kb, thresholds)
    }

    /// Indexes the places of `kb` by name (weighted like keywords) and address; a hit's
    /// `entry` is then an index into `kb.places`.
    pub fn build_places(kb: &KnowledgeBase, thresholds: Thresholds) -> Self {
        let docs = kb.places.iter().map(|p| {
            let mut fields: Vec<(&str, f32)> = Vec::new();
            fields.extend(p.name.iter().map(|(_, t)| (t.as_str(), W_KEYWORDS)));
            fields.extend(p.address.iter().map(|(_, t)| (t.as_str(), W_ANSWER)));
            // Not the services: "أماكن نوم" (sleeping places) in a church hall's services made
            // "fi makan nnam?" (where to sleep) look like that hall's name.
            fields
        });
        Self::build_docs(docs, kb, thresholds)
    }

    /// Indexes documents given as (text, field weight) lists; weights above the answer's count as
    /// curated (document frequency, word pairs).
    fn build_docs<'a>(
        docs: impl Iterator<Item = Vec<(&'a str, f32)>>,
        kb: &KnowledgeBase,
        thresholds: Thresholds,
    ) -> Self {
        let stop: HashSet<String> = kb
            .lexicon
            .stopwords
            .iter()
            .chain(&kb.lexicon.greetings)
            .chain(&kb.lexicon.thanks)
            // "nearest" says how to answer (with places), not what about.
            .chain(&kb.lexicon.near)
            .flat_map(|s| normalize::words(s).map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut postings: Vec<Vec<(u32, f32, bool)>> = Vec::new();
        let mut reduced: HashMap<String, u32> = HashMap::default();
        // Distinct word → what it is indexed under; computed once per word, not per use.
        // Stop words are in it too, so each word of the text costs one lookup.
        let mut cache: HashMap<String, u32> = stop.iter().map(|s| (s.clone(), STOP_WORD)).collect();
        let mut words: Vec<WordKeys> = Vec::new();
        let mut pairs: HashMap<(u32, u32), Vec<u32>> = HashMap::default();
        let mut phrases: Vec<Vec<u32>> = Vec::new();
        let mut phrase_start: Vec<u32> = Vec::new();
        let mut doc_len = Vec::new();
        // Per key, for the entry being indexed: weighted frequency and whether a curated field has
        // it; dense and reset after each entry (cheaper than a map per entry).
        let mut tf: Vec<(f32, bool)> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        for (i, fields) in docs.enumerate() {
            let doc = u32::try_from(i).expect("fewer than 4 billion entries");
            phrase_start.push(u32::try_from(phrases.len()).expect("fewer than 4 billion phrases"));
            let mut len = 0.0;
            for (text, w) in fields {
                let curated = w > W_ANSWER;
                let mut previous: Option<u32> = None;
                let mut phrase: Vec<u32> = Vec::new();
                let folded = normalize::fold(text);
                for word in normalize::words(&folded) {
                    let index = match cache.get(word) {
                        Some(&STOP_WORD) => continue,
                        Some(&index) => index,
                        None => {
                            let terms = index_keys(word)
                                .into_iter()
                                .map(|k| {
                                    let next = u32::try_from(ids.len()).expect("fewer than 4 billion keys");
                                    *ids.entry(k).or_insert_with(|| {
                                        postings.push(Vec::new());
                                        next
                                    })
                                })
                                .collect();
                            let next = u32::try_from(reduced.len()).expect("fewer than 4 billion words");
                            let reduced_id = *reduced.entry(reduce(word)).or_insert(next);
                            let index = u32::try_from(words.len()).expect("fewer than 4 billion words");
                            words.push(WordKeys { terms, reduced: reduced_id });
                            cache.insert(word.to_owned(), index);
                            index
                        }
                    };
                    len += w;
                    let keys = &words[index as usize];
                    if tf.len() < postings.len() {
                        tf.resize(postings.len(), (0.0, false));
                    }
                    for &t in &keys.terms {
                        let slot = &mut tf[t as usize];
                        if slot.0 == 0.0 {
                            touched.push(t);
                        }
                        slot.0 += w;
                        slot.1 |= curated;
                    }
                    if curated {
                        if let Some(prev) = previous {
                            let list = pairs.entry((prev, keys.reduced)).or_default();
                            if list.last() != Some(&doc) {
                                list.push(doc);
                            }
                        }
                        previous = Some(keys.reduced);
                    }
                    if w == W_KEYWORDS && !phrase.contains(&keys.reduced) {
                        phrase.push(keys.reduced);
                    }
                }
                // A phrase repeated in another language is harmless: the bonus is the best one.
                if !phrase.is_empty() {
                    phrases.push(phrase);
                }
            }
            for t in touched.drain(..) {
                let (f, curated) = std::mem::take(&mut tf[t as usize]);
                postings[t as usize].push((doc, f, curated));
            }
            doc_len.push(len);
        }
        phrase_start.push(u32::try_from(phrases.len()).expect("fewer than 4 billion phrases"));
        let avg_len = doc_len.iter().sum::<f32>() / doc_len.len().max(1) as f32;
        let n = doc_len.len();
        let terms: Vec<Term> = postings
            .into_iter()
            .map(|list| {
                let curated = list.iter().filter(|p| p.2).count() as f32;
                let df = curated + PASSING_MENTION_DF * (list.len() as f32 - curated);
                Term { postings: list.into_iter().map(|(d, f, _)| (d, f)).collect(), idf: idf(n, df) }
            })
            .collect();
        let mut sorted: Vec<String> = ids.keys().filter(|t| !t.starts_with('\u{2}')).cloned().collect();
        sorted.sort_unstable();
        let typos = Neighbourhood::build(sorted.iter());
        let stop_typos = Neighbourhood::build(stop.iter());
        Self {
            doc_len,
            avg_len: avg_len.max(1.0),
            terms,
            ids,
            sorted,
            typos,
            stop_typos,
            reduced,
            pairs,
            phrases,
            phrase_start,
            stop,
            thresholds,
        }
    }

    fn term(&self, key: &str) -> Option<&Term> {
        self.ids.get(key).map(|&id| &self.terms[id as usize])
    }

    fn bm25(&self, doc: u32, tf: f32, idf: f32) -> f32 {
        let len = self.doc_len[doc as usize];
        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avg_len))
    }

    /// Scores one query word into `best` (per entry, best over the word's matches; entries
    /// touched are listed in `touched`) and returns the word's idf, and whether the word itself
    /// (a spelling variant, or one typo away) is in the index rather than only guessed through a
    /// transliteration or a prefix.
    fn word_scores(
        &self,
        word: &str,
        style: QueryStyle,
        best: &mut [f32],
        touched: &mut Vec<u32>,
    ) -> (f32, bool, Option<String>) {
        let mut idf_max: f32 = 0.0;
        let mut score = |term: &Term, factor: f32, best: &mut [f32], touched: &mut Vec<u32>| {
            for &(doc, tf) in &term.postings {
                let s = self.bm25(doc, tf, term.idf) * factor;
                let slot = &mut best[doc as usize];
                if *slot == 0.0 {
                    touched.push(doc);
                }
                *slot = slot.max(s);
            }
            // A fallback match explains the word only as much as it is trusted.
            idf_max = idf_max.max(term.idf * factor);
        };
        for (i, v) in normalize::variants(word).iter().enumerate() {
            if let Some(term) = self.term(v) {
                score(term, if i == 0 { 1.0 } else { VARIANT_FACTOR }, best, touched);
            }
        }
        let mut direct = !touched.is_empty();
        let mut corrected = None;
        if word.chars().nth(MAX_WORD_CHARS).is_some() {
            return (idf_max, direct, corrected);
        }
        let latin = normalize::script_of_word(word) == Script::Latin;
        let translit = style.armenian_latin || style.arabizi;
        // Armenian in Latin letters and Arabizi: tried even when an English word matched, when
        // the query is known to be written so ("hac" is bread, not a typo of "has").
        if latin && translit && (touched.is_empty() || style != QueryStyle::ANY) {
            let scripts = [(style.armenian_latin, Script::Armenian), (style.arabizi, Script::Arabic)];
            for (_, script) in scripts.into_iter().filter(|(on, _)| *on) {
                for sk in translit::skeletons(word, script) {
                    if let Some(term) = self.term(&skeleton_key(script, &sk)) {
                        // Two consonants match many words: such a match says little.
                        let factor = if sk.len() == 2 { SHORT_TRANSLIT_FACTOR } else { TRANSLIT_FACTOR };
                        score(term, factor, best, touched);
                    }
                }
            }
        }
        let chars = word.chars().count();
        if touched.is_empty() && chars + 1 >= TYPO_MIN_CHARS {
            // A four-letter word may have lost or gained a letter ("slep"), but a changed letter
            // makes another word too often ("bold", "cold", "hold").
            let near = self.typos.near(word);
            let near = near.into_iter().filter(|n| chars >= TYPO_MIN_CHARS || n.chars().count() != chars);
            for near in near {
                if let Some(term) = self.term(near) {
                    score(term, TYPO_FACTOR, best, touched);
                    corrected.get_or_insert_with(|| near.clone());
                }
            }
            // One slip in a word of five letters or more is still the word ("shleter").
            direct = !touched.is_empty();
        }
        if touched.is_empty() && word.chars().count() >= PREFIX_MIN_CHARS {
            let start = self.sorted.partition_point(|t| t.as_str() < word);
            let longer = self.sorted[start..].iter().take_while(|t| t.starts_with(word));
            for key in longer.take(PREFIX_MAX_TERMS) {
                if let Some(term) = self.term(key) {
                    score(term, PREFIX_FACTOR, best, touched);
                }
            }
        }
        (idf_max, direct, corrected)
    }

    /// A stop word, or one with a letter left out or added ("wher", "whre") that is no word of
    /// the index. Substitutions are not counted: "world" is not "would", nor "three" "there".
    fn is_stop(&self, word: &str) -> bool {
        if self.stop.contains(word) {
            return true;
        }
        let n = word.chars().count();
        !self.ids.contains_key(word) && self.stop_typos.near(word).iter().any(|s| s.chars().count() != n)
    }

    /// Ranks entries for `query`, trying both transliterations for Latin words that match nothing.
    pub fn search(&self, query: &str) -> Outcome {
        self.search_styled(query, QueryStyle::ANY)
    }

    /// Ranks entries for `query` written in `style`.
    pub fn search_styled(&self, query: &str, style: QueryStyle) -> Outcome {
        let content: Vec<String> =
            normalize::tokens(query).into_iter().filter(|w| !self.is_stop(w)).take(MAX_QUERY_WORDS).collect();
        if content.is_empty() {
            return Outcome::default();
        }
        let n = self.doc_len.len();
        // Dense accumulators: a few kilobytes, cheaper than hashing every posting.
        let mut total = vec![0.0f32; n];
        let mut matched = vec![0.0f32; n];
        let mut best = vec![0.0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut hit_docs: Vec<u32> = Vec::new();
        let mut word_idf: HashMap<&str, f32> = HashMap::default();
        let unknown_idf = idf(n, 0.0);
        let mut total_idf = 0.0;
        let mut direct_words = 0;
        // Typos read as the word they most likely are, for the phrase bonus below.
        let mut corrections: Vec<(String, f32)> = Vec::new();
        for w in &content {
            if word_idf.contains_key(w.as_str()) {
                continue;
            }
            let (idf, direct, corrected) = self.word_scores(w, style, &mut best, &mut touched);
            direct_words += usize::from(direct);
            if let Some(c) = corrected {
                corrections.push((c, idf));
            }
            word_idf.insert(w, idf);
            // A word no entry has is as informative as the rarest word: it lowers coverage.
            total_idf += if touched.is_empty() { unknown_idf } else { idf };
            for doc in touched.drain(..) {
                let d = doc as usize;
                if matched[d] == 0.0 {
                    hit_docs.push(doc);
                }
                total[d] += best[d];
                matched[d] += idf;
                best[d] = 0.0;
            }
        }
        // Words next to each other as in an entry's keyword or question ("cross border") say more
        // than the same words apart.
        for pair in content.windows(2) {
            let (Some(&a), Some(&b)) = (self.reduced.get(&reduce(&pair[0])), self.reduced.get(&reduce(&pair[1])))
            else {
                continue;
            };
            if let Some(docs) = self.pairs.get(&(a, b)) {
                let bonus = PAIR_WEIGHT * (word_idf[pair[0].as_str()] + word_idf[pair[1].as_str()]) / 2.0;
                for &doc in docs {
                    if total[doc as usize] > 0.0 {
                        total[doc as usize] += bonus;
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = hit_docs
            .into_iter()
            .map(|doc| Hit {
                entry: doc as usize,
                score: total[doc as usize],
                coverage: (matched[doc as usize] / total_idf).min(1.0),
            })
            .collect();
        let order = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry));
        if hits.len() > PHRASE_CANDIDATES {
            hits.select_nth_unstable_by(PHRASE_CANDIDATES - 1, order);
            hits.truncate(PHRASE_CANDIDATES);
        }
        // A whole keyword in the question ("shelter" for the entry whose keyword is "shelter", not
        // for one that has "after the shelter") marks the entry that owns the question. Checked
        // for the leading candidates only, so its cost does not grow with the knowledge base.
        let query_reduced: HashMap<u32, f32> = word_idf
            .iter()
            .map(|(w, idf)| (*w, *idf))
            .chain(corrections.iter().map(|(w, idf)| (w.as_str(), *idf)))
            .filter_map(|(w, idf)| self.reduced.get(&reduce(w)).map(|&r| (r, idf)))
            .collect();
        for hit in &mut hits {
            let range = self.phrase_start[hit.entry] as usize..self.phrase_start[hit.entry + 1] as usize;
            let bonus = self.phrases[range]
                .iter()
                .filter(|words| words.iter().all(|w| query_reduced.contains_key(w)))
                .map(|words| PHRASE_WEIGHT * words.iter().map(|w| query_reduced[w]).sum::<f32>())
                .fold(0.0, f32::max);
            hit.score += bonus;
        }
        if hits.len() > MAX_HITS {
            hits.select_nth_unstable_by(MAX_HITS - 1, order);
            hits.truncate(MAX_HITS);
        }
        hits.sort_by(order);
        let t = self.thresholds;
        // When the writing is not known, a question none of whose words is in the index — only
        // guessed through a transliteration or a prefix ("bold amp") — is a guess: offer it, do
        // not assert it.
        let guessed = style == QueryStyle::ANY && direct_words == 0;
        let confident = !guessed
            && match hits.as_slice() {
                [] => false,
                [first] => first.coverage >= t.confident_coverage,
                [first, second, ..] => {
                    first.coverage >= t.confident_coverage && second.score <= first.score * t.confident_margin
                }
            };
        hits.retain(|h| h.coverage >= t.suggest_coverage);
        Outcome { hits, confident, content_words: word_idf.len() }
    }
}
