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
//! A query word with no exact match then tries, in order: index words one edit away (a
//! deletion-neighbourhood index, so a typo costs a few hash lookups, not a scan), its consonant
//! skeleton against the skeletons of Armenian and Arabic words (Armenian typed in Latin letters,
//! Arabizi — [`super::translit`]), and index words it is a prefix of. Each fallback scores less
//! than an exact match.
//!
//! Knows nothing of users or conversations.

use super::KnowledgeBase;
use super::normalize::{self, Script};
use super::subject::{self, EntryModel, SubjectModel};
use super::translit;
// FxHash: the keys are our own words, not attacker-chosen in bulk, and SipHash dominated indexing.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::BuildHasher;

/// Field weights (BM25F).
const W_KEYWORDS: f32 = 3.0;
const W_TITLE: f32 = 2.0;
const W_QUESTIONS: f32 = 1.5;
const W_ANSWER: f32 = 0.6;
const W_DETAILS: f32 = 0.3;
/// More ways people ask: as much as the answer text, and like it not curated (not above it).
const W_ASKED: f32 = W_ANSWER;
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
/// A slip in a long word is more surely that word ("pharmasy"): the factor grows by this per
/// letter beyond the shortest corrected length, up to `TYPO_FACTOR_MAX`.
const TYPO_FACTOR_STEP: f32 = 0.05;
const TYPO_FACTOR_MAX: f32 = 0.85;
/// Words shorter than this are not corrected: "bus" one edit away is "bug", "but", "us"…
const TYPO_MIN_CHARS: usize = 5;
/// Stop words at least this long are recognised with one wrong letter too.
const STOP_SUBSTITUTION_CHARS: usize = 7;
/// Prefix matches need this many characters, and at most this many index words are tried.
const PREFIX_MIN_CHARS: usize = 4;
const PREFIX_MAX_TERMS: usize = 24;
/// Queries are cut to this many words, and words longer than this get no fallback matching
/// (their deletion neighbourhood grows with the square of their length): bounded work for any
/// input.
const MAX_QUERY_WORDS: usize = 48;
const MAX_WORD_CHARS: usize = 32;

/// Two entries that score alike are still told apart when the first explains this much more of
/// the question ("gold and money across the border": the crossing entry has both words, the cash
/// entry one).
const COVERAGE_LEAD: f32 = 0.2;

/// A word of an unrelated subject weighs this many unknown words in the coverage.
const OFFTOPIC_WEIGHT: f32 = 2.0;

/// A place far from the crisis ("Berlin", "Canada") weighs more than an unrelated subject: a
/// question about one is most often about something else (a flight, a hotel, a university), and it
/// shares a word with the bot's subjects more often than "lyrics" does. A question that says more
/// ("we are in Paris, how can we donate blankets and money to the families") is still answered.
const ABROAD_WEIGHT: f32 = 3.0;

/// Words of a message read for "how to become a …" questions.
const CAREER_WORDS: usize = 64;

/// "How to become a lawyer" weighs this many unknown words: its words are the bot's own ("lawyer"
/// for legal status, "doctor" for medical help), so it needs more than an unrelated word does.
const CAREER_WEIGHT: f32 = 3.0;

/// A word that says the question is about something else.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Elsewhere {
    /// Another subject: "lyrics", "bitcoin".
    Subject,
    /// A place far away: "Berlin". Other words of the question may still be the bot's subject (a
    /// donor in Los Angeles), so it does not keep an entry from being offered as "did you mean".
    Place,
}

impl Elsewhere {
    /// How many unknown words it weighs in the coverage.
    fn weight(self) -> f32 {
        match self {
            Self::Subject => OFFTOPIC_WEIGHT,
            Self::Place => ABROAD_WEIGHT,
        }
    }
}

/// Words of another subject at least this long are recognised one edit away: shorter ones are too
/// near common words ("series" and "serious").
const ELSEWHERE_TYPO_CHARS: usize = 7;

/// The lexicon's words that say the question is about something else.
fn elsewhere(lexicon: &super::Lexicon) -> HashMap<String, Elsewhere> {
    let mut words = HashMap::default();
    for (list, kind) in [(&lexicon.abroad, Elsewhere::Place), (&lexicon.offtopic, Elsewhere::Subject)] {
        words.extend(list.iter().map(|w| (w.clone(), kind)));
    }
    words
}

/// Whether a first hit that every other rule would answer is a question the bot answers at all:
/// a logistic model over how the message reads ([`SubjectModel`]) and how well the entry explains
/// it. No one signal tells "when is the next bus to Yerevan" (ours, read much like the questions
/// about buses to Lake Sevan in summer, but explained as written) from "which bus goes to Lake
/// Sevan for a day trip in August" (not ours, half explained). Fitted by `tools/calibrate.py` on
/// the labelled sets of `tests/eval` (ARCHITECTURE.md, "How a message reads"); the weights are of
/// [`answerable`]'s signals, in its order.
const ANSWERABLE_WEIGHTS: [f32; 9] = [0.531, 2.561, 2.882, 3.229, 2.917, -3.198, -2.089, -0.763, -0.852];
/// [`answerable`]'s log-odds when every signal is 0, fitted with the weights.
const ANSWERABLE_INTERCEPT: f32 = -3.258;
/// The default of [`Thresholds::answerable`], chosen by `tools/calibrate.py`.
const ANSWERABLE_THRESHOLD: f32 = -0.647;

/// The log-odds that `first` (with `second` behind it) answers a message of `content_words`
/// content words, written in `style`, that reads as `reads_as`.
fn answerable(reads_as: f32, first: &Hit, second: Option<&Hit>, content_words: usize, style: QueryStyle) -> f32 {
    let signals = [
        reads_as / 10.0,
        first.direct,
        first.coverage,
        first.curated,
        first.words.min(8) as f32 / 8.0,
        content_words.min(16) as f32 / 16.0,
        second.map_or(0.0, |s| s.score / first.score.max(f32::MIN_POSITIVE)),
        f32::from(u8::from(style.armenian_latin && !style.arabizi)),
        f32::from(u8::from(style.arabizi && !style.armenian_latin)),
    ];
    signals.iter().zip(ANSWERABLE_WEIGHTS).map(|(s, w)| s * w).sum::<f32>() + ANSWERABLE_INTERCEPT
}

/// How alike a query and a question on another subject (`elsewhere.toml`) must be for the best
/// entry not to be answered outright: the harmonic mean of the share of each that the other
/// explains. The question must also explain as much of the query as the entry does.
const ELSEWHERE_ALIKE: f32 = 0.6;

/// Score added when a whole keyword of an entry is in the question, times its words' idf.
const PHRASE_WEIGHT: f32 = 0.5;

/// Leading entries (by BM25F and pairs) that are checked for whole keywords.
const PHRASE_CANDIDATES: usize = 32;

/// Distinct words of the question an entry matches that make it the answer of a long message
/// whose other words lower its coverage, when no other entry matches or the next one's score is
/// at most this fraction of its own; not when the message names another subject or a place far
/// away (see `rank`).
const MANY_WORDS: u32 = 4;
const MANY_WORDS_MARGIN: f32 = 0.8;
/// Distinct words of one entry, and how far ahead of the next, that make the answer of a long
/// message though it names a place far away (see `rank`).
const FAR_AHEAD_WORDS: u32 = 2 * MANY_WORDS;
const FAR_AHEAD_MARGIN: f32 = 0.5;

/// Hits kept per query (the answer, suggestions, and room for the margin test).
const MAX_HITS: usize = 8;

/// Leading hits scored at least this share of the first's are weighed by what the message reads
/// like ([`Index::reread`]); the others are far enough behind.
const READ_CLOSE: f32 = 0.5;

/// How many nats of log-likelihood ([`EntryModel`]) weigh as much as a factor e on a hit's score.
const READ_TEMPERATURE: f32 = 80.0;

/// At most this many of the leading hits are weighed: the first three hold nearly all the gain.
const READ_HITS: usize = 3;

/// Score added for a query word pair found adjacent in an entry, times the pair's mean idf.
const PAIR_WEIGHT: f32 = 1.0;

/// Whether `query` holds a sum or an equation: an `=` or an operator between two numbers or
/// unknowns ("2x + 5 = 17", "15*3"), or a share of a number ("15% of 240,000"). Dates ("25-09")
/// and times ("9:30") are not sums, nor a share alone ("50% off").
fn arithmetic(query: &str) -> bool {
    let operand = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == 'x' || c == ')');
    // Sums are short: the first few thousand characters tell, whatever the message's length.
    let chars: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).take(4096).collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let (before, after) = (i.checked_sub(1).map(|j| chars[j]), chars.get(i + 1).copied());
        match c {
            '=' | '+' | '*' | '×' | '÷' | '^' => operand(before) && (operand(after) || after == Some('(')),
            // A share of a number: "15% of 240,000", «240000-ի 15%-ը».
            '%' => {
                operand(before)
                    && (chars[i + 1..].iter().take(12).any(char::is_ascii_digit)
                        || chars[..i]
                            .iter()
                            .rev()
                            .skip_while(|c| c.is_ascii_digit())
                            .take(12)
                            .any(char::is_ascii_digit))
            }
            _ => false,
        }
    })
}

/// How much a match one typo away counts, for a query word of `chars` letters.
fn typo_factor(chars: usize) -> f32 {
    let extra = chars.saturating_sub(TYPO_MIN_CHARS) as f32;
    (TYPO_FACTOR + TYPO_FACTOR_STEP * extra).min(TYPO_FACTOR_MAX)
}

/// Index key of a skeleton of an Armenian or Arabic word (kept apart from real words and from
/// each other).
fn skeleton_key(script: Script, skeleton: &str) -> String {
    let tag = if script == Script::Armenian { "hy" } else { "ar" };
    format!("\u{2}{tag}:{skeleton}")
}

/// Hash keys of the word and of each of its one-letter deletions (the deletion neighbourhood,
/// distance 1), in that order. The deletions are spelt into one reused buffer and only their hash
/// is kept: no string per deletion. Two different strings may share a hash; candidates are checked
/// by edit distance, so that only costs a comparison.
fn deletion_keys(word: &str, mut each: impl FnMut(u64)) {
    let hasher = rustc_hash::FxBuildHasher;
    each(hasher.hash_one(word));
    let mut buf = String::with_capacity(word.len());
    for (i, c) in word.char_indices() {
        buf.clear();
        buf.push_str(&word[..i]);
        buf.push_str(&word[i + c.len_utf8()..]);
        each(hasher.hash_one(buf.as_str()));
    }
}

/// Words one edit apart found by hashing, not scanning: every word and each of its one-letter
/// deletions point back to the word, so two words one insertion, deletion, substitution or swap
/// apart share a key (a deletion-neighbourhood index, as in SymSpell).
#[derive(Default)]
struct Neighbourhood {
    /// (key hash, word) sorted, so a key's words are one run, in the order they were added (one
    /// array, not a list per key).
    keys: Vec<(u64, u32)>,
    words: Vec<String>,
}

impl Neighbourhood {
    fn build<'a>(words: impl Iterator<Item = &'a String>) -> Self {
        let mut n = Self::default();
        for word in words.filter(|w| w.chars().count() >= TYPO_MIN_CHARS) {
            let id = u32::try_from(n.words.len()).expect("fewer than 4 billion words");
            n.words.push(word.clone());
            deletion_keys(word, |key| n.keys.push((key, id)));
        }
        // A word with a doubled letter has the same deletion twice: listed once.
        n.keys.sort_unstable();
        n.keys.dedup();
        n
    }

    /// Indexed words at most one edit from `word` (not `word` itself).
    fn near(&self, word: &str) -> Vec<&String> {
        let mut found: Vec<&String> = Vec::new();
        let n = word.chars().count();
        if !(TYPO_MIN_CHARS - 1..=MAX_WORD_CHARS).contains(&n) {
            return found;
        }
        deletion_keys(word, |key| {
            let from = self.keys.partition_point(|&(k, _)| k < key);
            for &(_, id) in self.keys[from..].iter().take_while(|&&(k, _)| k == key) {
                let candidate = &self.words[id as usize];
                if candidate != word && !found.contains(&candidate) && strsim::osa_distance(word, candidate) <= 1 {
                    found.push(candidate);
                }
            }
        });
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

/// Marks a posting whose entry has the key in a curated field (keywords, title, questions).
const CURATED: u32 = 1 << 31;

/// BM25 of a key in an entry of weighted length `len`, from its weighted frequency and idf.
fn bm25(tf: f32, idf: f32, len: f32, avg_len: f32) -> f32 {
    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len))
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
    /// How much a word no entry has counts against coverage, as a share of the rarest word's
    /// information: long messages carry words no entry has ("my aunt", "exhausted"), and so do
    /// questions about something else ("Berlin").
    pub unknown_weight: f32,
    /// How much a word no entry has but a question on another subject (`elsewhere.toml`) has
    /// ("rain", «պոեմ», "weight") counts against coverage, in the same unit as `unknown_weight`:
    /// such a word says more surely that the question is about something else.
    pub other_subject_weight: f32,
    /// How much a word the best entry has only in its answer, not in its keywords, title or
    /// questions, counts toward the coverage it needs to be answered: "in what order should I
    /// watch the marvel movies" is not about burns for the "watches" of the burns answer.
    pub passing_weight: f32,
    /// How much a word matched only through a transliteration or a prefix guess, not as written
    /// or one slip away, counts toward the coverage the best entry needs to be answered.
    pub guess_weight: f32,
    /// A first hit whose log-odds of answering the message ([`answerable`]: how the message reads
    /// and how well the entry explains it) is below this is not answered outright: "what time is
    /// the bus to Lake Sevan on Saturdays in July" shares words with the transport entry, not its
    /// subject.
    pub answerable: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            confident_coverage: 0.35,
            confident_margin: 0.9,
            suggest_coverage: 0.25,
            unknown_weight: 1.0,
            other_subject_weight: 1.6,
            passing_weight: 0.6,
            guess_weight: 0.7,
            answerable: ANSWERABLE_THRESHOLD,
        }
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
    /// How many distinct query words this entry matched.
    pub words: u32,
    /// The part of `coverage` from words matched as written (or one typo away), not only guessed
    /// through a transliteration or a prefix.
    pub direct: f32,
    /// The part of `coverage` from words found in the entry's keywords, title or questions.
    pub curated: f32,
    /// The factor `score` was weighed by for what the message reads like ([`Index::reread`]),
    /// 0–1; 1 when not weighed.
    pub read: f32,
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
    /// The question on another subject (index into the lexicon's `elsewhere`) that kept the first
    /// hit from being the answer.
    pub elsewhere: Option<usize>,
    /// Whether the first hit is confident only as what a long message names most, not by the
    /// share of the message it explains (the long-message rules of `rank`).
    pub by_length: bool,
    /// How much the message reads like the entries' questions rather than other subjects' (the
    /// log-odds of [`SubjectModel`]): asked only of a first hit every other rule would answer,
    /// in an index that learnt how its questions read.
    pub reads_as: Option<f32>,
    /// The log-odds that the first hit answers the message ([`answerable`]), asked when
    /// `reads_as` is.
    pub answerable: Option<f32>,
}

/// Why an entry's own question is not answered with its entry ([`Index::hidden_questions`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hidden<'k> {
    /// This question on another subject (`elsewhere.toml`) explains it as well.
    Elsewhere(&'k str),
    /// The answerable check: how it reads ([`Outcome::reads_as`]) and the log-odds that the entry
    /// answers it ([`Outcome::answerable`]), below the threshold.
    NotAnswerable { reads_as: f32, answerable: f32 },
}

/// An indexed key (a word, a variant or a skeleton): which entries have it, how much, and how
/// informative it is.
struct Term {
    /// Its (entry, BM25 score) postings are `Index::postings[start..end]`.
    start: u32,
    end: u32,
    idf: f32,
}

/// Answer and detail text mentions many things in passing (a shelter answer says "food and
/// blankets"), so a word's document frequency counts those mentions at this weight only; the
/// curated fields (keywords, titles, questions) say what an entry is about and count fully.
const PASSING_MENTION_DF: f32 = 0.25;

/// A word that some entry's keywords, title or questions claim ("pets") and that another entry
/// only mentions in passing (the belongings answer's "pets: see Pets and livestock") scores this
/// much of its BM25 there: the question belongs to the entry that is about it.
const CLAIMED_MENTION_FACTOR: f32 = 0.3;

/// The search index over one knowledge base.
pub struct Index {
    /// Number of entries.
    entries: usize,
    terms: Vec<Term>,
    /// Every key's (entry, BM25 score) list, one after the other.
    postings: Vec<(u32, f32)>,
    /// Every key → its term.
    ids: HashMap<String, u32>,
    /// Real words (not skeletons), sorted, for prefix matches.
    sorted: Vec<String>,
    /// Real index words, for typos.
    typos: Neighbourhood,
    /// Per entry: asked from far away too ([`super::Entry::from_abroad`]); empty for places.
    from_abroad: Vec<bool>,
    /// Stop words, for misspelt ones ("wher").
    stop_typos: Neighbourhood,
    /// Most reduced form of each indexed word → its id, for word pairs.
    reduced: HashMap<String, u32>,
    /// Adjacent content-word pairs of the curated fields (by reduced form) → entries having them.
    pairs: Pairs,
    /// Whole keywords (and place names) as reduced word ids, one after the other; phrase p is
    /// `phrase_words[phrase_bounds[p]..phrase_bounds[p + 1]]`…
    phrase_words: Vec<u32>,
    phrase_bounds: Vec<u32>,
    /// Phrase p's words' signature ([`signature_bit`]), side by side: most phrases of a leading
    /// entry are ruled out by reading these alone.
    phrase_signatures: Vec<u64>,
    /// …and entry d's phrases are `phrase_start[d]..phrase_start[d + 1]`.
    phrase_start: Vec<u32>,
    stop: HashSet<String>,
    /// Informal spellings → the words they stand for.
    spellings: HashMap<String, String>,
    /// Offers of help by their first word, longest first, and what they are read as
    /// ([`super::Offers`]).
    offers: HashMap<String, Vec<Vec<String>>>,
    /// The most words an offer has: how far [`Index::offered`] reads ahead.
    offer_longest: usize,
    offer_word: String,
    offer_unless: HashSet<String>,
    /// Words of subjects the bot does not cover and places far away.
    elsewhere: HashMap<String, Elsewhere>,
    /// The long ones among them, for misspellings ("bitcon").
    elsewhere_typos: Neighbourhood,
    /// "Become", «դառնալ», «اصير»; and the professions one becomes.
    becoming: HashSet<String>,
    /// Words of arithmetic ("times", «անգամ», «ضرب»).
    operators: HashSet<String>,
    professions: HashSet<String>,
    /// Whole messages that ask one entry's question though search ignores all their words, and
    /// that entry.
    whole: HashMap<String, u32>,
    /// Questions on other subjects (`elsewhere.toml`): a question that one of them explains as
    /// well as the best entry does is not answered outright.
    elsewhere_questions: Option<Box<OtherQuestions>>,
    /// How much a message reads like the entries' questions rather than other subjects'.
    subject: SubjectModel,
    /// Which entry a message reads like.
    reads_like: EntryModel,
    thresholds: Thresholds,
}

/// The questions on other subjects, each a document of its own, and the information of each
/// one's own words (their idf summed): how much of such a question a query explains.
struct OtherQuestions {
    index: Index,
    own_idf: Vec<f32>,
}

/// How an index is searched: entries and places with a whole query (stop words, spellings and
/// careers are read first); the questions on other subjects with the words an entry search has
/// already read, so they need nothing of that.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Searched {
    Whole,
    Ranked,
}

/// One entry's match of the query word being scored, apart from [`Acc`]: every posting of the
/// word updates it, and this small it stays in the first-level cache.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Best {
    /// The current word's best score in this entry…
    best: f32,
    /// …and whether that match is in a curated field.
    curated_word: bool,
}

/// One entry's accumulators while a query is ranked.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Acc {
    /// Sum of the words' best scores, then the pair bonuses.
    total: f32,
    /// Idf of the words matched, of those matched as written, and of those in curated fields.
    matched: f32,
    direct: f32,
    curated: f32,
    /// Distinct query words matched.
    words: u32,
}

/// Each thread's accumulators, reused from query to query and cleaned after each; `clean` is
/// false while a query runs, so one that panicked leaves them to be zeroed by the next. The list
/// of entries touched by a word is kept for its capacity, and `hit_docs` (entries matched so far,
/// in order) has one slot per entry and one more.
struct Scratch {
    acc: Vec<Acc>,
    best: Vec<Best>,
    touched: Vec<u32>,
    hit_docs: Vec<u32>,
    /// The message's n-grams for [`EntryModel`], cut only when two leading hits are close.
    entry_grams: Vec<u64>,
    clean: bool,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const {
        std::cell::RefCell::new(Scratch {
            acc: Vec::new(),
            best: Vec::new(),
            touched: Vec::new(),
            hit_docs: Vec::new(),
            entry_grams: Vec::new(),
            clean: false,
        })
    };
}

/// A word's bit in a 64-bit signature of a set of reduced word ids (a one-hash Bloom filter).
/// Reduced ids are dense, so they are spread by a multiplicative hash.
fn signature_bit(id: u32) -> u64 {
    1 << (id.wrapping_mul(0x9E37_79B9) >> 26)
}

/// The query's words by reduced id → idf, for the phrase bonus. The leading entries' phrases are
/// thousands and nearly all miss, so each phrase carries the signature of its words
/// (`Index::phrase_signatures`): one with a word outside the query's signature is passed over
/// with one AND, and only the others are looked up, in a short list (a query has at most
/// `MAX_QUERY_WORDS` words and their corrections: scanning it beats hashing).
#[derive(Default)]
struct QueryWords {
    words: Vec<(u32, f32)>,
    signature: u64,
}

impl QueryWords {
    /// Sets `id`'s idf, replacing an earlier one.
    fn insert(&mut self, id: u32, idf: f32) {
        match self.words.iter_mut().find(|(w, _)| *w == id) {
            Some(slot) => slot.1 = idf,
            None => self.push(id, idf),
        }
    }

    /// Sets `id`'s idf unless it has one.
    fn insert_if_absent(&mut self, id: u32, idf: f32) {
        if self.get(id).is_none() {
            self.push(id, idf);
        }
    }

    fn push(&mut self, id: u32, idf: f32) {
        self.signature |= signature_bit(id);
        self.words.push((id, idf));
    }

    fn get(&self, id: u32) -> Option<f32> {
        self.words.iter().find(|(w, _)| *w == id).map(|&(_, idf)| idf)
    }

    /// Whether every word of a set of this signature may be in the query.
    fn may_cover(&self, signature: u64) -> bool {
        signature & !self.signature == 0
    }
}

/// A candidate entry as (score, entry), ordered best first (ties by entry, so the order is total).
#[derive(Clone, Copy, Debug)]
struct Ranked(f32, u32);

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

/// Whether `c` ranks before `worst`. A lower score (neither being NaN) ranks after under
/// `total_cmp` too, so a plain comparison of scores settles most candidates and `total_cmp` only
/// the rest.
fn ranks_before(c: Ranked, worst: &Ranked) -> bool {
    let lower = c.0.partial_cmp(&worst.0) == Some(std::cmp::Ordering::Less);
    !lower && c < *worst
}

/// The `k` best of `candidates` (in no particular order): a heap of the best so far whose top is
/// the worst of them, so most candidates cost one comparison (cheaper than selecting among all).
fn best_k(candidates: impl Iterator<Item = Ranked>, k: usize) -> Vec<Ranked> {
    let mut heap = std::collections::BinaryHeap::with_capacity(k + 1);
    for c in candidates {
        if heap.len() < k {
            heap.push(c);
        } else if heap.peek().is_some_and(|worst| ranks_before(c, worst))
            && let Some(mut worst) = heap.peek_mut()
        {
            // Only a replaced top is sifted down (when its `PeekMut` drops).
            *worst = c;
        }
    }
    heap.into_vec()
}

/// Words a whole message of the lexicon's `[whole]` may have ("are you a real person").
const WHOLE_MAX_WORDS: usize = 8;

/// The word cache's mark for a stop word.
const STOP_WORD: u32 = u32::MAX;

/// What the index needs to know of one distinct word, computed once per word, not per use: its
/// keys are `word_terms[start..end]` (one array for all words, read for every use of the word).
struct WordKeys {
    start: u32,
    end: u32,
    reduced: u32,
}

/// Entries at least this many are indexed in two threads.
const PARALLEL_BUILD_ENTRIES: usize = 2000;

/// A field of an entry as read: its weight and its pieces (a range of [`Read::ranges`]).
struct FieldRead {
    weight: f32,
    pieces: std::ops::Range<u32>,
}

/// The knowledge base as read into words, shared (read only) by the threads that gather postings.
#[derive(Clone, Copy)]
struct Read<'r> {
    fields: &'r [FieldRead],
    /// Per piece of text, its range of `piece_words`.
    ranges: &'r [(u32, u32)],
    piece_words: &'r [u32],
    words: &'r [WordKeys],
    word_terms: &'r [u32],
}

/// What a run of entries contributes to the index, entry by entry; runs are joined in order.
struct Gathered {
    /// (key, flagged CURATED when a curated field has it; weighted frequency), entry d's
    /// (counted from the run's first) from `gathered_end[d - 1]` to `gathered_end[d]`.
    gathered: Vec<(u32, f32)>,
    gathered_end: Vec<u32>,
    /// Per key: entries having it, and those of them having it in a curated field.
    count: Vec<u32>,
    curated_count: Vec<u32>,
    /// (first word, second word, entry) of adjacent curated words.
    pair_list: Vec<(u32, u32, u32)>,
    phrase_words: Vec<u32>,
    phrase_bounds: Vec<u32>,
    phrase_start: Vec<u32>,
    doc_len: Vec<f32>,
}

impl Gathered {
    fn default_for(keys: usize) -> Self {
        Self {
            gathered: Vec::new(),
            gathered_end: Vec::new(),
            count: vec![0; keys],
            curated_count: vec![0; keys],
            pair_list: Vec::new(),
            phrase_words: Vec::new(),
            phrase_bounds: vec![0],
            phrase_start: Vec::new(),
            doc_len: Vec::new(),
        }
    }
}

impl Gathered {
    /// Joins the next run of entries on.
    fn append(&mut self, part: Gathered) {
        let as_u32 = |n: usize| u32::try_from(n).expect("fewer than 4 billion");
        let (postings_before, words_before) = (as_u32(self.gathered.len()), as_u32(self.phrase_words.len()));
        let phrases_before = as_u32(self.phrase_bounds.len() - 1);
        self.gathered.extend(part.gathered);
        self.gathered_end.extend(part.gathered_end.iter().map(|e| e + postings_before));
        for (total, c) in self.count.iter_mut().zip(&part.count) {
            *total += c;
        }
        for (total, c) in self.curated_count.iter_mut().zip(&part.curated_count) {
            *total += c;
        }
        self.pair_list.extend(part.pair_list);
        self.phrase_words.extend(part.phrase_words);
        self.phrase_bounds.extend(part.phrase_bounds[1..].iter().map(|b| b + words_before));
        self.phrase_start.extend(part.phrase_start.iter().map(|s| s + phrases_before));
        self.doc_len.extend(part.doc_len);
    }
}

impl Read<'_> {
    /// Gathers the postings, word pairs and keyword phrases of entries `first`, `first + 1`, …,
    /// each given as its range of `fields`.
    fn gather(self, docs: impl Iterator<Item = std::ops::Range<usize>>, first: usize, keys: usize) -> Gathered {
        let mut out = Gathered::default_for(keys);
        // Per key, for the entry being indexed: weighted frequency and whether a curated field has
        // it; dense and reset after each entry (cheaper than a map per entry).
        let mut tf: Vec<(f32, bool)> = vec![(0.0, false); keys];
        let mut touched: Vec<u32> = Vec::new();
        let as_u32 = |n: usize| u32::try_from(n).expect("fewer than 4 billion");
        for (i, fields) in docs.enumerate() {
            let doc = as_u32(first + i);
            out.phrase_start.push(as_u32(out.phrase_bounds.len() - 1));
            let mut len = 0.0;
            for field in &self.fields[fields] {
                let w = field.weight;
                let curated = w > W_ANSWER;
                let mut previous: Option<u32> = None;
                let phrase_from = out.phrase_words.len();
                for &(from, to) in &self.ranges[field.pieces.start as usize..field.pieces.end as usize] {
                    for &index in &self.piece_words[from as usize..to as usize] {
                        if index == STOP_WORD {
                            continue;
                        }
                        len += w;
                        let keys = &self.words[index as usize];
                        for &t in &self.word_terms[keys.start as usize..keys.end as usize] {
                            let slot = &mut tf[t as usize];
                            if slot.0 == 0.0 {
                                touched.push(t);
                            }
                            slot.0 += w;
                            slot.1 |= curated;
                        }
                        if curated {
                            if let Some(prev) = previous {
                                out.pair_list.push((prev, keys.reduced, doc));
                            }
                            previous = Some(keys.reduced);
                        }
                        if w == W_KEYWORDS && !out.phrase_words[phrase_from..].contains(&keys.reduced) {
                            out.phrase_words.push(keys.reduced);
                        }
                    }
                }
                // A phrase repeated in another language is harmless: the bonus is the best one.
                if out.phrase_words.len() > phrase_from {
                    out.phrase_bounds.push(as_u32(out.phrase_words.len()));
                }
            }
            for t in touched.drain(..) {
                let (f, curated) = std::mem::take(&mut tf[t as usize]);
                out.count[t as usize] += 1;
                out.curated_count[t as usize] += u32::from(curated);
                out.gathered.push((if curated { t | CURATED } else { t }, f));
            }
            out.gathered_end.push(as_u32(out.gathered.len()));
            out.doc_len.push(len);
        }
        out
    }
}

/// The keys a word is indexed under (its variants and, for Armenian and Arabic, their skeletons)
/// and its most reduced variant.
fn index_keys(word: &str) -> (Vec<String>, String) {
    let variants = normalize::variants(word);
    let reduced = reduce(&variants);
    let mut keys = variants.clone();
    let script = normalize::script_of_word(word);
    if script != Script::Latin {
        for v in &variants {
            for sk in translit::skeletons(v, script) {
                let key = skeleton_key(script, &sk);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    (keys, reduced)
}

/// Word pairs → entries, as sorted arrays (one allocation each, not one list per pair).
struct Pairs {
    /// Number of reduced words: pair (a, b) is key `a * words + b`, so keys sort as (a, b) and
    /// have no more bits than needed (fewer radix passes when building).
    words: u64,
    keys: Vec<u64>,
    /// Entries of pair `keys[k]` are `docs[start[k]..start[k + 1]]`.
    start: Vec<u32>,
    docs: Vec<u32>,
}

impl Pairs {
    /// From (first word, second word, entry) listed entry by entry, of reduced word ids below
    /// `words` and entries below `entries`.
    fn new(list: Vec<(u32, u32, u32)>, words: usize, entries: usize) -> Self {
        let words = u64::try_from(words).expect("fewer than 2^64 words");
        let bits = |n: u64| u64::BITS - n.saturating_sub(1).leading_zeros();
        let (key_bits, doc_bits) = (bits(words * words), bits(entries as u64));
        let key = |a: u32, b: u32| u64::from(a) * words + u64::from(b);
        if key_bits + doc_bits > u64::BITS {
            let mut list: Vec<(u64, u32)> = list.into_iter().map(|(a, b, doc)| (key(a, b), doc)).collect();
            list.sort_unstable();
            list.dedup();
            return Self::grouped(words, list.len(), list.into_iter());
        }
        // Key and entry packed in one word (half the memory of a pair), sorted on the key's bits
        // alone: stably, so entries stay ascending within a key and a pair repeated in an entry
        // is adjacent.
        let packed = list.iter().map(|&(a, b, doc)| key(a, b) << doc_bits | u64::from(doc)).collect();
        drop(list);
        let mut packed = radix_sort(packed, doc_bits..doc_bits + key_bits);
        packed.dedup();
        let doc_mask = (1 << doc_bits) - 1;
        Self::grouped(words, packed.len(), packed.into_iter().map(|p| (p >> doc_bits, (p & doc_mask) as u32)))
    }

    /// From `len` (key, entry) sorted and without repeats.
    fn grouped(words: u64, len: usize, list: impl Iterator<Item = (u64, u32)>) -> Self {
        let mut keys = Vec::new();
        let mut start = Vec::new();
        let mut docs = Vec::with_capacity(len);
        for (i, (key, doc)) in list.enumerate() {
            if keys.last() != Some(&key) {
                keys.push(key);
                start.push(u32::try_from(i).expect("fewer than 4 billion pairs"));
            }
            docs.push(doc);
        }
        start.push(u32::try_from(len).expect("fewer than 4 billion pairs"));
        Self { words, keys, start, docs }
    }

    fn get(&self, a: u32, b: u32) -> Option<&[u32]> {
        let k = self.keys.binary_search(&(u64::from(a) * self.words + u64::from(b))).ok()?;
        Some(&self.docs[self.start[k] as usize..self.start[k + 1] as usize])
    }
}

/// Bits of the key sorted on in one pass of [`radix_sort`]: its counts (2,048) stay in the
/// first-level cache.
const RADIX_BITS: u32 = 11;

/// `list` sorted stably on the bits `bits` of its values (a least-significant-digit radix sort):
/// a few linear passes instead of a comparison sort's log n (hundreds of thousands of pairs).
fn radix_sort(mut list: Vec<u64>, bits: std::ops::Range<u32>) -> Vec<u64> {
    let mut out = vec![0; list.len()];
    let mut counts = vec![0usize; 1 << RADIX_BITS];
    let end = bits.end;
    for shift in bits.step_by(RADIX_BITS as usize) {
        // The last pass reads no bit past the range.
        let width = RADIX_BITS.min(end - shift);
        let digit = |value: u64| (value >> shift) as usize & ((1 << width) - 1);
        counts.fill(0);
        for &value in &list {
            counts[digit(value)] += 1;
        }
        // Each digit's first slot.
        let mut at = 0;
        for count in &mut counts {
            (*count, at) = (at, at + *count);
        }
        for &value in &list {
            let slot = &mut counts[digit(value)];
            out[*slot] = value;
            *slot += 1;
        }
        std::mem::swap(&mut list, &mut out);
    }
    list
}

/// `text.split_whitespace()`, scanning bytes: only the lead bytes of the few non-ASCII white space
/// characters (U+0085, U+00A0, U+1680, U+2000–U+3000) are decoded, not every Armenian and Arabic
/// letter.
pub(super) fn split_whitespace(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    std::iter::from_fn(move || {
        while i < bytes.len() {
            // Bytes that cannot start white space are skipped in a tight loop of table lookups.
            i += bytes[i..].iter().position(|&b| MAY_START_SPACE[usize::from(b)]).unwrap_or(bytes.len() - i);
            let Some(&b) = bytes.get(i) else {
                break;
            };
            let space = match b {
                b' ' | b'\t'..=b'\r' => 1,
                // A lead byte, so `i` is a character boundary.
                _ => text[i..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8),
            };
            if space == 0 {
                i += 1;
                continue;
            }
            let piece = &text[start..i];
            i += space;
            start = i;
            if !piece.is_empty() {
                return Some(piece);
            }
        }
        let piece = &text[start..];
        start = bytes.len();
        (!piece.is_empty()).then_some(piece)
    })
}

/// Bytes that are ASCII white space or the lead byte of a non-ASCII white space character, for
/// [`split_whitespace`]: one lookup a byte instead of a chain of range tests.
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1..=0xE3);
        b += 1;
    }
    table
};

/// An entry's fields as (text, field weight), for the index.
fn entry_fields(e: &super::Entry) -> Vec<(&str, f32)> {
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
    for list in [&e.typed.hy_latn, &e.typed.ar_latn] {
        fields.extend(list.iter().map(|k| (k.as_str(), W_KEYWORDS)));
    }
    fields.extend(e.asked.values().flatten().map(|q| (q.as_str(), W_ASKED)));
    fields
}

/// An entry's texts that say what it answers: its curated fields and the ways people ask, not
/// the answer (which says much in passing).
fn asking_texts(e: &super::Entry) -> impl Iterator<Item = &str> {
    let titles = e.title.iter().map(|(_, t)| t.as_str());
    let lists = e.keywords.iter().chain(e.questions.iter()).flat_map(|(_, list)| list.iter().map(String::as_str));
    let typed = e.typed.hy_latn.iter().chain(&e.typed.ar_latn).map(String::as_str);
    let asked = e.asked.values().flatten().map(String::as_str);
    titles.chain(lists).chain(typed).chain(asked)
}

/// Learns how the entries' questions read, against the questions and words on other subjects,
/// and which entry's questions a message reads like.
fn learn_reading(kb: &KnowledgeBase) -> (SubjectModel, EntryModel) {
    let others = kb.lexicon.elsewhere.iter().chain(&kb.lexicon.offtopic).map(String::as_str);
    subject::learn(kb.entries.iter().map(asking_texts), others)
}

/// The most reduced of a word's variants, so "documents to cross" and "document crossing" pair
/// alike.
fn reduce(variants: &[String]) -> String {
    variants.iter().min_by_key(|v| v.chars().count()).cloned().unwrap_or_default()
}

impl Index {
    /// Indexes every entry of `kb`.
    pub fn build(kb: &KnowledgeBase, thresholds: Thresholds) -> Self {
        // How the entries' questions read is learnt beside the index, in a thread of its own.
        let (mut index, (subject, reads_like)) = std::thread::scope(|scope| {
            let reading = scope.spawn(|| learn_reading(kb));
            let docs = kb.entries.iter().map(entry_fields);
            let index = Self::build_docs(docs, kb, thresholds, Searched::Whole);
            (index, reading.join().expect("how the entries' questions read is learnt"))
        });
        index.subject = subject;
        index.reads_like = reads_like;
        index.from_abroad = kb.entries.iter().map(|e| e.from_abroad).collect();
        index.whole = kb
            .lexicon
            .whole
            .iter()
            .filter_map(|(message, id)| {
                let entry = kb.entries.iter().position(|e| &e.id == id)?;
                Some((message.clone(), u32::try_from(entry).ok()?))
            })
            .collect();
        if !kb.lexicon.elsewhere.is_empty() {
            let docs = kb.lexicon.elsewhere.iter().map(|q| vec![(q.as_str(), W_QUESTIONS)]);
            let other = Self::build_docs(docs, kb, thresholds, Searched::Ranked);
            let own_idf = kb
                .lexicon
                .elsewhere
                .iter()
                .map(|q| {
                    let folded = normalize::fold(q);
                    let mut words: Vec<&str> = normalize::words(&folded).filter(|w| !other.stop.contains(*w)).collect();
                    words.sort_unstable();
                    words.dedup();
                    words.iter().filter_map(|w| other.term(w)).map(|t| t.idf).sum::<f32>().max(f32::MIN_POSITIVE)
                })
                .collect();
            index.elsewhere_questions = Some(Box::new(OtherQuestions { index: other, own_idf }));
        }
        index
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
        Self::build_docs(docs, kb, thresholds, Searched::Whole)
    }

    /// Indexes documents given as (text, field weight) lists; weights above the answer's count as
    /// curated (document frequency, word pairs).
    fn build_docs<'a>(
        docs: impl Iterator<Item = Vec<(&'a str, f32)>>,
        kb: &KnowledgeBase,
        thresholds: Thresholds,
        searched: Searched,
    ) -> Self {
        Self::build_docs_split(docs, kb, thresholds, searched, PARALLEL_BUILD_ENTRIES)
    }

    /// [`Self::build_docs`], in two threads from `parallel_from` entries.
    fn build_docs_split<'a>(
        docs: impl Iterator<Item = Vec<(&'a str, f32)>>,
        kb: &KnowledgeBase,
        thresholds: Thresholds,
        searched: Searched,
        parallel_from: usize,
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
        // Number of keys so far.
        let mut keys_count: usize = 0;
        let mut reduced: HashMap<String, u32> = HashMap::default();
        // Distinct word → what it is indexed under; computed once per word, not per use.
        // Stop words are in it too.
        let mut cache: HashMap<String, u32> = stop.iter().map(|s| (s.clone(), STOP_WORD)).collect();
        let mut words: Vec<WordKeys> = Vec::new();
        let mut word_terms: Vec<u32> = Vec::new();
        // Distinct whitespace-separated piece of raw text → its words (indexes into `words`, or
        // STOP_WORD) in `piece_words`: folding works character by character and never across
        // white space, so a piece folds and splits the same wherever it appears, and each distinct
        // piece is folded once, not each time it is used.
        // Owned keys: side by side on the heap, not scattered over the knowledge base's text,
        // whose cache misses on comparing keys dominated the lookups.
        let mut pieces: HashMap<Box<str>, (u32, u32)> = HashMap::default();
        let mut piece_words: Vec<u32> = Vec::new();
        // First, every field of every entry as its pieces' ranges of `piece_words`, the
        // vocabulary growing as it goes (one thread: it is shared); then the postings, from
        // these alone, entry by entry (see `gather`), in two threads for a large knowledge base.
        let mut fields_read: Vec<FieldRead> = Vec::new();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        let mut fields_end: Vec<u32> = Vec::new();
        let to_u32 = |n: usize| u32::try_from(n).ok().filter(|&n| n < CURATED).expect("fewer than 2 billion");
        for fields in docs {
            for (text, weight) in fields {
                let from = to_u32(ranges.len());
                for piece in split_whitespace(text) {
                    let range = match pieces.get(piece) {
                        Some(&range) => range,
                        None => {
                            let from = to_u32(piece_words.len());
                            for word in normalize::words(&normalize::fold(piece)) {
                                let index = match cache.get(word) {
                                    Some(&index) => index,
                                    None => {
                                        let index = to_u32(words.len());
                                        words.push(Self::word_keys(
                                            word,
                                            &mut ids,
                                            &mut keys_count,
                                            &mut reduced,
                                            &mut word_terms,
                                        ));
                                        cache.insert(word.to_owned(), index);
                                        index
                                    }
                                };
                                piece_words.push(index);
                            }
                            let range = (from, to_u32(piece_words.len()));
                            pieces.insert(piece.into(), range);
                            range
                        }
                    };
                    ranges.push(range);
                }
                fields_read.push(FieldRead { weight, pieces: from..to_u32(ranges.len()) });
            }
            fields_end.push(to_u32(fields_read.len()));
        }
        let read = Read {
            fields: &fields_read,
            ranges: &ranges,
            piece_words: &piece_words,
            words: &words,
            word_terms: &word_terms,
        };
        let n_docs = fields_end.len();
        let doc_fields = |d: usize| {
            let from = if d == 0 { 0 } else { fields_end[d - 1] as usize };
            from..fields_end[d] as usize
        };
        let parts: Vec<Gathered> = if n_docs >= parallel_from.max(2) {
            let half = n_docs / 2;
            std::thread::scope(|scope| {
                let second = scope.spawn(|| read.gather((half..n_docs).map(doc_fields), half, keys_count));
                let first = read.gather((0..half).map(doc_fields), 0, keys_count);
                vec![first, second.join().expect("the second half of the index is built")]
            })
        } else {
            vec![read.gather((0..n_docs).map(doc_fields), 0, keys_count)]
        };
        let mut parts = parts.into_iter();
        let mut all = parts.next().expect("one part at least");
        for part in parts {
            all.append(part);
        }
        let Gathered {
            gathered,
            gathered_end,
            count,
            curated_count,
            pair_list,
            phrase_words,
            phrase_bounds,
            mut phrase_start,
            doc_len,
        } = all;
        phrase_start.push(to_u32(phrase_bounds.len() - 1));
        let pairs = Pairs::new(pair_list, reduced.len(), doc_len.len());
        let avg_len = doc_len.iter().sum::<f32>() / doc_len.len().max(1) as f32;
        let n = doc_len.len();
        // Counting sort by key; entries stay in order within a key.
        let curated = curated_count;
        let mut next = Vec::with_capacity(keys_count);
        let mut terms = Vec::with_capacity(keys_count);
        let mut at = 0u32;
        for (t, &c) in count.iter().enumerate() {
            next.push(at);
            let df = curated[t] as f32 + PASSING_MENTION_DF * (c - curated[t]) as f32;
            terms.push(Term { start: at, end: at + c, idf: idf(n, df) });
            at += c;
        }
        // Each posting holds its BM25 score, so a query only adds and compares.
        let avg_len = avg_len.max(1.0);
        let mut postings = vec![(0u32, 0f32); gathered.len()];
        let mut from = 0;
        for (doc, &to) in gathered_end.iter().enumerate() {
            let len = doc_len[doc];
            for &(flagged_t, f) in &gathered[from as usize..to as usize] {
                let t = flagged_t & !CURATED;
                let slot = &mut next[t as usize];
                let flagged = to_u32(doc) | (flagged_t & CURATED);
                let claimed = flagged_t & CURATED == 0 && curated[t as usize] > 0;
                let factor = if claimed { CLAIMED_MENTION_FACTOR } else { 1.0 };
                postings[*slot as usize] = (flagged, factor * bm25(f, terms[t as usize].idf, len, avg_len));
                *slot += 1;
            }
            from = to;
        }
        let mut sorted: Vec<String> = ids.keys().filter(|t| !t.starts_with('\u{2}')).cloned().collect();
        sorted.sort_unstable();
        let typos = Neighbourhood::build(sorted.iter());
        let whole = searched == Searched::Whole;
        let stop_typos = Neighbourhood::build(stop.iter().filter(|_| whole));
        let elsewhere = elsewhere(&kb.lexicon);
        let elsewhere_typos =
            Neighbourhood::build(elsewhere.keys().filter(|w| w.chars().count() >= ELSEWHERE_TYPO_CHARS));
        Self {
            entries: n,
            terms,
            postings,
            ids,
            sorted,
            typos,
            stop_typos,
            reduced,
            pairs,
            phrase_signatures: phrase_bounds
                .windows(2)
                .map(|b| phrase_words[b[0] as usize..b[1] as usize].iter().fold(0, |s, &w| s | signature_bit(w)))
                .collect(),
            phrase_words,
            phrase_bounds,
            phrase_start,
            stop,
            elsewhere_typos,
            elsewhere,
            becoming: kb.lexicon.becoming.iter().filter(|_| whole).cloned().collect(),
            operators: kb.lexicon.operators.iter().filter(|_| whole).cloned().collect(),
            professions: kb.lexicon.professions.iter().filter(|_| whole).cloned().collect(),
            whole: HashMap::default(),
            elsewhere_questions: None,
            subject: SubjectModel::default(),
            reads_like: EntryModel::default(),
            from_abroad: Vec::new(),
            spellings: kb.lexicon.spellings.iter().filter(|_| whole).map(|(k, v)| (k.clone(), v.clone())).collect(),
            offers: kb.lexicon.offers.phrases.iter().filter(|_| whole).fold(
                HashMap::default(),
                |mut by_first, phrase| {
                    by_first.entry(phrase[0].clone()).or_insert_with(Vec::new).push(phrase.clone());
                    by_first
                },
            ),
            offer_longest: kb.lexicon.offers.phrases.first().map_or(0, Vec::len),
            offer_word: kb.lexicon.offers.reads_as.clone(),
            offer_unless: kb.lexicon.offers.unless_before.iter().filter(|_| whole).cloned().collect(),
            thresholds,
        }
    }

    /// Registers a new distinct word: its index keys (creating their posting lists) and its
    /// most reduced form.
    fn word_keys(
        word: &str,
        ids: &mut HashMap<String, u32>,
        keys_count: &mut usize,
        reduced: &mut HashMap<String, u32>,
        word_terms: &mut Vec<u32>,
    ) -> WordKeys {
        let (keys, reduced_form) = index_keys(word);
        let start = u32::try_from(word_terms.len()).expect("fewer than 4 billion keys");
        word_terms.extend(keys.into_iter().map(|k| {
            let next = u32::try_from(ids.len()).expect("fewer than 4 billion keys");
            *ids.entry(k).or_insert_with(|| {
                *keys_count += 1;
                next
            })
        }));
        let end = u32::try_from(word_terms.len()).expect("fewer than 4 billion keys");
        let next = u32::try_from(reduced.len()).expect("fewer than 4 billion words");
        let reduced = *reduced.entry(reduced_form).or_insert(next);
        WordKeys { start, end, reduced }
    }

    fn term(&self, key: &str) -> Option<&Term> {
        self.ids.get(key).map(|&id| &self.terms[id as usize])
    }

    /// Scores one query word into `best` (per entry, best over the word's matches; entries
    /// touched are listed in `touched`) and returns the word's idf, and whether the word itself
    /// (a spelling variant, or one typo away) is in the index rather than only guessed through a
    /// transliteration or a prefix, and its correction if it was read as a typo.
    fn word_scores(
        &self,
        word: &str,
        variants: &[String],
        style: QueryStyle,
        acc: &mut [Best],
        touched: &mut Vec<u32>,
    ) -> (f32, usize, Option<String>) {
        let mut idf_max: f32 = 0.0;
        let mut score = |term: &Term, factor: f32, acc: &mut [Best], touched: &mut Vec<u32>| {
            let postings = &self.postings[term.start as usize..term.end as usize];
            // Each entry is written at its posting's slot and kept only if it is its first match:
            // no branch per posting, where that is a coin toss (a word's variants share entries).
            let mut len = touched.len();
            touched.resize(len + postings.len(), 0);
            for &(flagged, bm25) in postings {
                let doc = flagged & !CURATED;
                let a = &mut acc[doc as usize];
                touched[len] = doc;
                len += usize::from(a.best == 0.0);
                a.best = a.best.max(bm25 * factor);
                a.curated_word |= flagged & CURATED != 0;
            }
            touched.truncate(len);
            // A fallback match explains the word only as much as it is trusted.
            idf_max = idf_max.max(term.idf * factor);
        };
        for (i, v) in variants.iter().enumerate() {
            if let Some(term) = self.term(v) {
                score(term, if i == 0 { 1.0 } else { VARIANT_FACTOR }, acc, touched);
            }
        }
        // The first `direct` entries of `touched` matched the word itself.
        let mut direct = touched.len();
        let mut corrected = None;
        if word.chars().nth(MAX_WORD_CHARS).is_some() {
            return (idf_max, direct, corrected);
        }
        let chars = word.chars().count();
        // Before any transliteration: a word one slip from an indexed word, a typed keyword
        // included ("7oroo2" for "7uroo2"), is more surely that word than a skeleton's guess.
        // A word the questions on other subjects use as written is that word, not a slip of an
        // entry's word: "rain" is not "train" nor "pain".
        if touched.is_empty() && chars + 1 >= TYPO_MIN_CHARS && !self.other_subjects_have(variants) {
            // A four-letter word may have lost or gained a letter ("slep"), but a changed letter
            // makes another word too often ("bold", "cold", "hold").
            let near = self.typos.near(word);
            let near = near.into_iter().filter(|n| chars >= TYPO_MIN_CHARS || n.chars().count() != chars);
            for near in near {
                if let Some(term) = self.term(near) {
                    score(term, typo_factor(chars), acc, touched);
                    corrected.get_or_insert_with(|| near.clone());
                }
            }
            // One slip in a word of five letters or more is still the word ("shleter").
            direct = touched.len();
        }
        let latin = normalize::script_of_word(word) == Script::Latin;
        let translit = style.armenian_latin || style.arabizi;
        // Armenian in Latin letters and Arabizi: tried even when an English word matched, when
        // the query is known to be written so ("hac" is bread, not a typo of "has").
        if latin && translit && (touched.is_empty() || style != QueryStyle::ANY) {
            let scripts = [(style.armenian_latin, Script::Armenian), (style.arabizi, Script::Arabic)];
            for (_, script) in scripts.into_iter().filter(|(on, _)| *on) {
                for sk in translit::skeletons(word, script) {
                    // Two consonants match many words: when the writing is not even known, such
                    // a guess is not worth its cost.
                    if sk.len() == 2 && style == QueryStyle::ANY {
                        continue;
                    }
                    if let Some(term) = self.term(&skeleton_key(script, &sk)) {
                        // Two consonants match many words: such a match says little.
                        let factor = if sk.len() == 2 { SHORT_TRANSLIT_FACTOR } else { TRANSLIT_FACTOR };
                        score(term, factor, acc, touched);
                    }
                }
                // Without a clitic or an ending, only for a word that matched nothing as it is.
                let reduced = if touched.is_empty() { translit::reduced_skeletons(word, script) } else { Vec::new() };
                for sk in reduced {
                    if let Some(term) = self.term(&skeleton_key(script, &sk)) {
                        score(term, TRANSLIT_FACTOR * VARIANT_FACTOR, acc, touched);
                    }
                }
            }
        }
        if touched.is_empty() && word.chars().count() >= PREFIX_MIN_CHARS {
            let start = self.sorted.partition_point(|t| t.as_str() < word);
            let longer = self.sorted[start..].iter().take_while(|t| t.starts_with(word));
            for key in longer.take(PREFIX_MAX_TERMS) {
                if let Some(term) = self.term(key) {
                    score(term, PREFIX_FACTOR, acc, touched);
                }
            }
        }
        (idf_max, direct, corrected)
    }

    /// Whether `entry` is asked from far away too ([`super::Entry::from_abroad`]).
    fn asked_from_abroad(&self, entry: usize) -> bool {
        self.from_abroad.get(entry).copied().unwrap_or(false)
    }

    /// `words` with each offer of help ("want to help", [`super::Offers`]) read as the word it
    /// stands for, unless the next word says who is to be helped ("can you help my mother").
    fn offered<'s>(&'s self, mut words: impl Iterator<Item = String> + 's) -> impl Iterator<Item = String> + 's {
        let longest = self.offer_longest;
        let mut ahead: std::collections::VecDeque<String> = std::collections::VecDeque::new();
        std::iter::from_fn(move || {
            while ahead.len() <= longest {
                match words.next() {
                    Some(w) => ahead.push_back(w),
                    None => break,
                }
            }
            let phrases = ahead.front().and_then(|first| self.offers.get(first));
            let offer = phrases.into_iter().flatten().find(|phrase| {
                phrase.len() <= ahead.len()
                    && ahead.iter().zip(phrase.iter()).all(|(w, p)| w == p)
                    && ahead.get(phrase.len()).is_none_or(|next| !self.offer_unless.contains(next))
            });
            match offer {
                Some(phrase) => {
                    ahead.drain(..phrase.len());
                    Some(self.offer_word.clone())
                }
                None => ahead.pop_front(),
            }
        })
    }

    /// A stop word, or one with a letter left out or added ("wher", "whre") that is no word of
    /// the index. Substitutions are not counted in short words: "world" is not "would", nor
    /// "three" "there"; a long word with one wrong letter ("neerest") is still that word.
    fn is_stop(&self, word: &str) -> bool {
        if self.stop.contains(word) {
            return true;
        }
        // Arabic's "and" written onto a stop word («ومعنا», «وما»).
        if normalize::without_arabic_and(word).is_some_and(|rest| self.stop.contains(rest))
            && !self.ids.contains_key(word)
        {
            return true;
        }
        let n = word.chars().count();
        !self.ids.contains_key(word)
            && self.stop_typos.near(word).iter().any(|s| n >= STOP_SUBSTITUTION_CHARS || s.chars().count() != n)
    }

    /// A word typed with a letter held down («بررررد», "shelterrr", "pleaaase") as the word the
    /// index or the stop words know, the run cut to two letters or else to one; any other word
    /// as typed. Doubled letters alone are left to typo tolerance ("coffee" is a word).
    fn unstretched(&self, word: String) -> String {
        if !normalize::has_held_letter(&word) || self.ids.contains_key(&word) {
            return word;
        }
        normalize::unstretched(&word)
            .into_iter()
            .rev()
            .find(|f| self.ids.contains_key(f) || self.stop.contains(f))
            .unwrap_or(word)
    }

    /// A word of spoken or Karabakh Armenian (`բաժանըմ`, `հու՞ր`, `կյիշերը`) as the standard word
    /// it stands for, when the index and the stop words know it in no form and know that one
    /// ([`normalize::spoken_armenian`]); any other word as typed.
    fn spoken(&self, word: String) -> String {
        if normalize::script_of_word(&word) != Script::Armenian || self.knows(&word) {
            return word;
        }
        normalize::spoken_armenian(&word).into_iter().find(|f| self.knows(f)).unwrap_or(word)
    }

    /// A word of Armenian or Arabic letters that the index and the stop words do not know, typed
    /// onto a stop word without the space between («فيمي» for «في مي», «ولاقنينه», «ماعنا»,
    /// «ինչպեսգնանք»), as the two words; any other word as typed. Of the ways to cut it, the
    /// first (the shortest stop word, the longest word after it).
    fn unglued(&self, word: String) -> Vec<String> {
        let script = normalize::script_of_word(&word);
        let n = word.chars().count();
        if !matches!(script, Script::Arabic | Script::Armenian)
            || !(4..=MAX_WORD_CHARS).contains(&n)
            || self.knows(&word)
        {
            return vec![word];
        }
        let cuts = word.char_indices().map(|(i, _)| i).skip(2).take(n.saturating_sub(3));
        // The stop word first: one read off the end («صيدلاني» as «صيدل» + «اني») is most often
        // an ending.
        match cuts.map(|i| word.split_at(i)).find(|(left, right)| self.stop.contains(*left) && self.knows(right)) {
            Some((left, right)) => vec![left.to_owned(), right.to_owned()],
            None => vec![word],
        }
    }

    /// Whether a word is a stop word, or the index has it or one of its variants.
    fn knows(&self, word: &str) -> bool {
        self.ids.contains_key(word)
            || self.stop.contains(word)
            || normalize::variants(word).iter().any(|v| self.ids.contains_key(v) || self.stop.contains(v))
    }

    /// Spoken Armenian writes the copula ա ("is") onto the word before it: "ուրա" (where is),
    /// "ոնցա", "կարելիա". A word the index does not know is read without it when what is left
    /// is a stop word or an indexed word.
    /// Typed in Latin letters it is an "a" ("petqa", "vortexa"), read apart only when the query is
    /// known to be Armenian: in Arabizi and English a final "a" is part of the word.
    fn without_copula(&self, word: String, style: QueryStyle) -> String {
        let latin = style.armenian_latin && !style.arabizi;
        let Some(rest) = word.strip_suffix('ա').or_else(|| word.strip_suffix('a').filter(|_| latin)) else {
            return word;
        };
        if rest.chars().count() < 2 || self.ids.contains_key(&word) || self.stop.contains(&word) {
            return word;
        }
        if self.stop.contains(rest) || self.ids.contains_key(rest) { rest.to_owned() } else { word }
    }

    /// What a query word says of another subject: the word as typed or a stem of it
    /// ("Berlinum", «ببرلين»), or, for a word the index does not have, one edit from a long such
    /// word ("bitcon", "netflx"), before any transliteration guesses it into an entry's word.
    /// Whether the match is the word as written (or a stem of it), not a one-edit guess.
    fn elsewhere_of(&self, word: &str, variants: &[String]) -> Option<(Elsewhere, bool)> {
        if let Some(e) = self.elsewhere_as_written(variants) {
            return Some((e, true));
        }
        if self.ids.contains_key(word) {
            return None;
        }
        self.elsewhere_typos.near(word).first().map(|near| (self.elsewhere[near.as_str()], false))
    }

    /// What a word's forms (its variants) say of another subject, as written.
    fn elsewhere_as_written(&self, variants: &[String]) -> Option<Elsewhere> {
        variants.iter().find_map(|v| self.elsewhere.get(v.as_str()).copied())
    }

    /// Whether the message asks how to become a professional ("how to become a lawyer", «ինչպես
    /// դառնալ բժիշկ», «كيف اصير محامي»): a word of becoming and a profession anywhere in its first
    /// words. "Become a volunteer" is no career: a volunteer is not a profession.
    fn career(&self, tokens: &[String]) -> bool {
        let words = &tokens[..tokens.len().min(CAREER_WORDS)];
        words.iter().any(|w| self.becoming.contains(w.as_str()))
            && words.iter().any(|w| normalize::variants(w).iter().any(|v| self.professions.contains(v.as_str())))
    }

    /// Whether the questions on other subjects (`elsewhere.toml`) have a word, in one of its
    /// forms.
    fn other_subjects_have(&self, variants: &[String]) -> bool {
        self.elsewhere_questions.as_ref().is_some_and(|o| variants.iter().any(|v| o.index.ids.contains_key(v)))
    }

    /// Whether the words hold a sum said in words: a number, a word of arithmetic and a number,
    /// at most one word between the last two ("17 times 24", "100 divided by 4", «17 անգամ 24»,
    /// «١٧ ضرب ٢٤», "15 percent of 240000").
    fn spoken_sum(&self, tokens: &[String]) -> bool {
        let number = |w: &String| w.bytes().all(|b| b.is_ascii_digit());
        let operator = |w: &String| self.operators.contains(w.as_str());
        tokens
            .windows(3)
            .enumerate()
            .any(|(i, w)| number(&w[0]) && operator(&w[1]) && (number(&w[2]) || tokens.get(i + 3).is_some_and(number)))
    }

    /// Ranks entries for `query`, trying both transliterations for Latin words that match nothing.
    pub fn search(&self, query: &str) -> Outcome {
        self.search_styled(query, QueryStyle::ANY)
    }

    /// Each entry's own questions (entry id, question) that the search would not answer with
    /// their entry though it ranks first, and why: `elsewhere.toml` and the answerable check
    /// must never hide an entry's own question.
    pub fn hidden_questions<'k>(&self, kb: &'k KnowledgeBase) -> Vec<(&'k str, &'k str, Hidden<'k>)> {
        let mut hidden = Vec::new();
        for (i, e) in kb.entries.iter().enumerate() {
            for (_, list) in e.questions.iter() {
                for q in list {
                    let outcome = self.search(q);
                    if outcome.hits.first().is_none_or(|first| first.entry != i) {
                        continue;
                    }
                    let why = match (outcome.elsewhere, outcome.reads_as, outcome.answerable) {
                        (Some(example), _, _) => Hidden::Elsewhere(kb.lexicon.elsewhere[example].as_str()),
                        (None, Some(reads_as), Some(answerable)) if answerable < self.thresholds.answerable => {
                            Hidden::NotAnswerable { reads_as, answerable }
                        }
                        _ => continue,
                    };
                    hidden.push((e.id.as_str(), q.as_str(), why));
                }
            }
        }
        hidden
    }

    /// Words of another subject (the lexicon's `[offtopic]`) that an entry's title, keywords or
    /// questions use, as (entry id, word): such a word keeps any question that has it from being
    /// answered, so the entry's own would not be.
    pub fn off_topic_words_in_entries<'k>(&self, kb: &'k KnowledgeBase) -> Vec<(&'k str, String)> {
        let mut found = Vec::new();
        for e in &kb.entries {
            let titles = e.title.iter().map(|(_, t)| t.as_str());
            let lists =
                e.keywords.iter().chain(e.questions.iter()).flat_map(|(_, list)| list.iter().map(String::as_str));
            let typed = e.typed.hy_latn.iter().chain(&e.typed.ar_latn).map(String::as_str);
            for text in titles.chain(lists).chain(typed) {
                let folded = normalize::fold(text);
                for word in normalize::words(&folded) {
                    let subject = self.elsewhere_as_written(&normalize::variants(word)) == Some(Elsewhere::Subject);
                    if subject && !found.iter().any(|(id, w): &(&str, String)| *id == e.id && w == word) {
                        found.push((e.id.as_str(), word.to_owned()));
                    }
                }
            }
        }
        found
    }

    /// Ranks entries for `query` written in `style`.
    pub fn search_styled(&self, query: &str, style: QueryStyle) -> Outcome {
        let folded = normalize::fold(query);
        let tokens: Vec<String> = normalize::words(&folded).map(str::to_owned).collect();
        let read = |w: String| -> Vec<String> {
            let w = self.spoken(self.unstretched(w));
            let words = match self.spellings.get(&w) {
                Some(to) => normalize::words(to).map(str::to_owned).collect(),
                None => vec![w],
            };
            words.into_iter().map(|w| self.without_copula(w, style)).flat_map(|w| self.unglued(w)).collect()
        };
        // A short message may be a whole question ("who are you"); only then are all words joined.
        if tokens.len() <= WHOLE_MAX_WORDS && !self.whole.is_empty() {
            let words: Vec<String> = tokens.iter().cloned().flat_map(read).collect();
            if let Some(&entry) = self.whole.get(&words.join(" ")) {
                let hit = Hit {
                    entry: entry as usize,
                    score: 1.0,
                    coverage: 1.0,
                    words: 1,
                    direct: 1.0,
                    curated: 1.0,
                    read: 1.0,
                };
                let words = words.len();
                return Outcome { hits: vec![hit], confident: true, content_words: words, ..Outcome::default() };
            }
        }
        // A sum, or how to become a lawyer: a subject of its own, whatever else matches.
        let other_subject = if self.career(&tokens) {
            CAREER_WEIGHT
        } else if arithmetic(query) || self.spoken_sum(&tokens) {
            OFFTOPIC_WEIGHT
        } else {
            0.0
        };
        // Lazily: a long message stops being read at the last content word kept.
        let content: Vec<String> = self
            .offered(tokens.into_iter().flat_map(read))
            .filter(|w| !self.is_stop(w))
            .take(MAX_QUERY_WORDS)
            .collect();
        if content.is_empty() {
            return Outcome::default();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            // Kept as large as the largest index searched: the questions on other subjects are
            // searched with the same accumulators, which every search leaves all zero.
            let slots = self.entries.max(self.elsewhere_questions.as_ref().map_or(0, |o| o.index.entries));
            if !scratch.clean || scratch.acc.len() < slots {
                scratch.acc.clear();
                scratch.acc.resize(slots, Acc::default());
                scratch.best.clear();
                scratch.best.resize(slots, Best::default());
                scratch.touched.clear();
                scratch.hit_docs.clear();
                scratch.hit_docs.resize(slots + 1, 0);
            }
            scratch.clean = false;
            let (mut outcome, _) = self.rank(&content, &folded, style, other_subject, scratch);
            if let (true, Some(first)) = (outcome.confident, outcome.hits.first()) {
                outcome.elsewhere = self.closest_elsewhere(&content, style, other_subject, first.coverage, scratch);
                outcome.confident = outcome.elsewhere.is_none();
            }
            // An index of places learns nothing of how questions read: its names are the answer.
            if let (true, Some(first), false) = (outcome.confident, outcome.hits.first(), self.subject.is_empty()) {
                let reads_as = self.subject.log_odds(normalize::words(&folded));
                let odds = answerable(reads_as, first, outcome.hits.get(1), outcome.content_words, style);
                (outcome.reads_as, outcome.answerable) = (Some(reads_as), Some(odds));
                outcome.confident = odds >= self.thresholds.answerable;
            }
            scratch.clean = true;
            outcome
        })
    }

    /// Weighs the leading hits (sorted, best first) that are close to the first by which of them
    /// the message (`folded`) reads like ([`EntryModel`]): each one's score times
    /// e^((its log-likelihood − the best's) / T). Whether any was weighed.
    fn reread(&self, hits: &mut [Hit], folded: &str, grams: &mut Vec<u64>) -> bool {
        let Some(top) = hits.first().map(|h| h.score) else {
            return false;
        };
        let close = hits.iter().take(READ_HITS).take_while(|h| h.score >= READ_CLOSE * top).count();
        if close < 2 || self.reads_like.is_empty() {
            return false;
        }
        subject::entry_grams(normalize::words(folded), grams);
        let mut entries = [0usize; READ_HITS];
        for (e, h) in entries.iter_mut().zip(&*hits) {
            *e = h.entry;
        }
        let mut likelihoods = [0f32; READ_HITS];
        self.reads_like.log_likelihoods(grams, &entries[..close], &mut likelihoods[..close]);
        let best = likelihoods[..close].iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for (hit, &l) in hits.iter_mut().zip(&likelihoods[..close]) {
            hit.read = ((l - best) / READ_TEMPERATURE).exp();
            hit.score *= hit.read;
        }
        true
    }

    /// The question on another subject (an index into the lexicon's `elsewhere`) at least as alike
    /// the query as the best entry, which explains `first_coverage` of it: the entry is then not
    /// answered outright.
    fn closest_elsewhere(
        &self,
        content: &[String],
        style: QueryStyle,
        other_subject: f32,
        first_coverage: f32,
        scratch: &mut Scratch,
    ) -> Option<usize> {
        let OtherQuestions { index, own_idf } = self.elsewhere_questions.as_deref()?;
        let (closest, query_idf) = index.rank(content, "", style, other_subject, scratch);
        // A short query inside a long question on weight loss ("drinking water") is not that
        // question: the share of the question the query explains counts as much as the converse.
        let alike = |o: &Hit| {
            let of_question = (o.coverage * query_idf / own_idf[o.entry]).min(1.0);
            2.0 * o.coverage * of_question / (o.coverage + of_question).max(f32::MIN_POSITIVE)
        };
        closest
            .hits
            .iter()
            // One word in common ("doctor" with "how to become a doctor") is no sign of the same
            // subject.
            .filter(|o| o.words >= 2 && o.coverage >= first_coverage)
            .map(|o| (alike(o), o.entry))
            .filter(|&(a, _)| a >= ELSEWHERE_ALIKE)
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
            .map(|(_, entry)| entry)
    }

    /// Ranks entries for the content words of a query, accumulating in `scratch` (one slot per
    /// entry, all zero: cheaper than hashing every posting), which it leaves all zero again.
    /// `other_subject`: how many unknown words weigh against the coverage because the question
    /// holds a sum ("solve 2x + 5 = 17") or asks how to become a lawyer, a subject of its own.
    fn rank(
        &self,
        content: &[String],
        folded: &str,
        style: QueryStyle,
        other_subject: f32,
        scratch: &mut Scratch,
    ) -> (Outcome, f32) {
        let n = self.entries;
        let Scratch { acc, best, touched, hit_docs, entry_grams, .. } = scratch;
        let mut hit_count = 0;
        let mut word_idf: HashMap<&str, f32> = HashMap::default();
        let unknown_idf = idf(n, 0.0);
        let mut total_idf = other_subject * unknown_idf;
        // Whether a word (or a sum, or a career) says the question is about something else, and
        // how many places far away it names.
        let mut elsewhere_words = other_subject > 0.0;
        let mut abroad_words = 0u32;
        let mut subject_words = 0u32;
        let mut direct_words = 0;
        // Typos read as the word they most likely are, for the phrase bonus below.
        let mut corrections: Vec<(String, f32)> = Vec::new();
        // Each word's variants, and the id of its most reduced form (for word pairs and phrases).
        let variants: Vec<Vec<String>> = content.iter().map(|w| normalize::variants(w)).collect();
        let reduced: Vec<Option<u32>> = variants.iter().map(|v| self.reduced.get(&reduce(v)).copied()).collect();
        let mut query_reduced = QueryWords::default();
        for (k, w) in content.iter().enumerate() {
            if word_idf.contains_key(w.as_str()) {
                continue;
            }
            if let Some((elsewhere, as_written)) = self.elsewhere_of(w, &variants[k]) {
                // "lyrics", "bitcoin", "Berlin": the question is most likely about something else,
                // whatever else matches; the word itself is never guessed into an entry's word.
                word_idf.insert(w, 0.0);
                elsewhere_words |= elsewhere == Elsewhere::Subject;
                subject_words += u32::from(elsewhere == Elsewhere::Subject && as_written);
                abroad_words += u32::from(elsewhere == Elsewhere::Place);
                total_idf += elsewhere.weight() * unknown_idf;
                continue;
            }
            let (idf, direct, corrected) = self.word_scores(w, &variants[k], style, best, touched);
            if let Some(r) = reduced[k] {
                query_reduced.insert(r, idf);
            }
            direct_words += usize::from(direct > 0);
            if let Some(c) = corrected {
                corrections.push((c, idf));
            }
            word_idf.insert(w, idf);
            // A word no entry has is as informative as the rarest word: it lowers coverage; more
            // so a word of the questions on other subjects ("rain", «պոեմ», «لقاح»).
            total_idf += if !touched.is_empty() {
                idf
            } else if self.other_subjects_have(&variants[k]) {
                unknown_idf * self.thresholds.other_subject_weight
            } else {
                unknown_idf * self.thresholds.unknown_weight
            };
            // Branch-free where the branch is a coin toss per entry (first match or not, curated or
            // not): adding 0.0 to these non-negative sums changes nothing. `hit_docs` has a slot
            // past every entry, so the write is always in bounds; only a first match counts it.
            for (i, doc) in touched.drain(..).enumerate() {
                let a = &mut acc[doc as usize];
                hit_docs[hit_count] = doc;
                hit_count += usize::from(a.words == 0);
                if i < direct {
                    a.direct += idf;
                }
                let b = std::mem::take(&mut best[doc as usize]);
                a.curated += if b.curated_word { idf } else { 0.0 };
                a.total += b.best;
                a.matched += idf;
                a.words += 1;
            }
        }
        // Words next to each other as in an entry's keyword or question ("cross border") say more
        // than the same words apart.
        for (k, pair) in content.windows(2).enumerate() {
            let (Some(a), Some(b)) = (reduced[k], reduced[k + 1]) else {
                continue;
            };
            if let Some(docs) = self.pairs.get(a, b) {
                let bonus = PAIR_WEIGHT * (word_idf[pair[0].as_str()] + word_idf[pair[1].as_str()]) / 2.0;
                for &doc in docs {
                    let a = &mut acc[doc as usize];
                    if a.words > 0 {
                        a.total += bonus;
                    }
                }
            }
        }
        // The leading candidates by score, chosen on (score, entry) pairs; only they become hits.
        let hit_docs = &hit_docs[..hit_count];
        let leading = best_k(hit_docs.iter().map(|&d| Ranked(acc[d as usize].total, d)), PHRASE_CANDIDATES);
        // An entry asked from far away too (donations) is measured against the question with its
        // places abroad weighing as any word no entry has.
        // What weighs against the coverage for naming places far away.
        let abroad_idf = abroad_words as f32 * ABROAD_WEIGHT * unknown_idf;
        let here_idf = (total_idf - abroad_idf + abroad_words as f32 * unknown_idf * self.thresholds.unknown_weight)
            .max(f32::MIN_POSITIVE);
        let mut hits: Vec<Hit> = leading
            .into_iter()
            .map(|Ranked(score, doc)| {
                let a = &acc[doc as usize];
                let of = if self.asked_from_abroad(doc as usize) { here_idf } else { total_idf };
                let share = |x: f32| (x / of).min(1.0);
                Hit {
                    entry: doc as usize,
                    score,
                    coverage: share(a.matched),
                    words: a.words,
                    direct: share(a.direct),
                    curated: share(a.curated),
                    read: 1.0,
                }
            })
            .collect();
        for &doc in hit_docs {
            acc[doc as usize] = Acc::default();
        }
        let order = |a: &Hit, b: &Hit| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry));
        // A whole keyword in the question ("shelter" for the entry whose keyword is "shelter", not
        // for one that has "after the shelter") marks the entry that owns the question. Checked
        // for the leading candidates only, so its cost does not grow with the knowledge base.
        for (c, idf) in &corrections {
            if let Some(&r) = self.reduced.get(&reduce(&normalize::variants(c))) {
                query_reduced.insert_if_absent(r, *idf);
            }
        }
        for hit in &mut hits {
            let range = self.phrase_start[hit.entry] as usize..self.phrase_start[hit.entry + 1] as usize;
            let bonus = range
                .filter(|&p| query_reduced.may_cover(self.phrase_signatures[p]))
                .map(|p| &self.phrase_words[self.phrase_bounds[p] as usize..self.phrase_bounds[p + 1] as usize])
                // Summed in the phrase's order, only when every word is in the query.
                .filter_map(|words| words.iter().map(|&w| query_reduced.get(w)).sum::<Option<f32>>())
                .map(|sum| PHRASE_WEIGHT * sum)
                .fold(0.0, f32::max);
            hit.score += bonus;
        }
        if hits.len() > MAX_HITS {
            hits.select_nth_unstable_by(MAX_HITS - 1, order);
            hits.truncate(MAX_HITS);
        }
        hits.sort_by(order);
        if self.reread(&mut hits, folded, entry_grams) {
            hits.sort_by(order);
        }
        let t = self.thresholds;
        // When the writing is not known, a question none of whose words is in the index — only
        // guessed through a transliteration or a prefix ("bold amp") — is a guess: offer it, do
        // not assert it.
        let guessed = style == QueryStyle::ANY && direct_words == 0;
        // An entry none of whose keywords, title or questions has a word of the question only
        // mentions it in passing ("age" in an answer is no answer to "kim kardashian age").
        let about = hits.first().is_some_and(|h| h.curated > 0.0);
        // A word the entry has only in its answer text ("watch" in "take off rings, watches")
        // mentions the question's subject in passing: it counts less toward being its answer.
        // A word only guessed through a transliteration or a prefix ("bizra3" read as a word of
        // the screening entry) is less sure than one matched as written: it counts less too.
        let eff = |h: &Hit| {
            let passing = h.curated + t.passing_weight * (h.coverage - h.curated);
            passing - (1.0 - t.guess_weight) * (h.coverage - h.direct).max(0.0)
        };
        // The long-message rule does not hold for a question that names another subject, nor
        // for one that names a place far away unless the entry is asked from abroad too: "is the
        // tap water in Barcelona safe for tourists to drink" names four words of drinking water.
        let many = |h: &Hit| {
            h.words >= MANY_WORDS && !elsewhere_words && (abroad_words == 0 || self.asked_from_abroad(h.entry))
        };
        // A long message that names a place far away in passing ("I am an Egyptian volunteer
        // here in Goris") but twice as many words of one entry, far ahead of any other, is about
        // that entry; not when it names another subject.
        let far_ahead = |h: &Hit| h.words >= FAR_AHEAD_WORDS && !elsewhere_words;
        // A word of another subject as written vetoes, but for a message that names more than
        // four things of one entry, twice as much as any other ("my kids miss their football and
        // their school, how do we enroll them in a school in goris"): there it only weighs.
        let clearly_ahead = match hits.as_slice() {
            [] => false,
            [first] => first.words > MANY_WORDS,
            [first, second, ..] => first.words > MANY_WORDS && second.score <= first.score * FAR_AHEAD_MARGIN,
        };
        let vetoed = subject_words > 0 && !clearly_ahead;
        let confident = !guessed
            && !vetoed
            && about
            && match hits.as_slice() {
                [] => false,
                // A long spoken message that tells much else too ("we just moved here last week")
                // but names four things of one entry, clearly ahead, is about that entry.
                [first] => eff(first) >= t.confident_coverage || many(first) || far_ahead(first),
                [first, second, ..] => {
                    (eff(first) >= t.confident_coverage
                        && (second.score <= first.score * t.confident_margin
                            || first.coverage >= second.coverage + COVERAGE_LEAD
                            || eff(first) >= eff(second) + COVERAGE_LEAD))
                        || (many(first) && second.score <= first.score * MANY_WORDS_MARGIN)
                        || (far_ahead(first) && second.score <= first.score * FAR_AHEAD_MARGIN)
                }
            };
        let by_length = confident && hits.first().is_some_and(|h| eff(h) < t.confident_coverage);
        // Offered as "did you mean" by what the entry explains of the question without its places
        // far away: a donor in Los Angeles asking how to help is offered the volunteer entry,
        // though not answered outright.
        let here = (total_idf - abroad_idf).max(f32::MIN_POSITIVE) / total_idf;
        hits.retain(|h| h.coverage >= t.suggest_coverage * here);
        (
            Outcome {
                hits,
                confident,
                content_words: word_idf.len(),
                elsewhere: None,
                by_length,
                reads_as: None,
                answerable: None,
            },
            total_idf,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Built in two threads, the index is the one built in one: the same postings, pairs and
    /// phrases, entry for entry.
    #[test]
    fn two_threads_build_the_same_index() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let kb = super::super::load::load(&dir, jiff::civil::date(2026, 1, 1)).expect("the sample knowledge base");
        let build = |from| {
            let docs = kb.entries.iter().map(entry_fields);
            Index::build_docs_split(docs, &kb, Thresholds::default(), Searched::Whole, from)
        };
        let (one, two) = (build(usize::MAX), build(1));
        let terms = |i: &Index| i.terms.iter().map(|t| (t.start, t.end, t.idf.to_bits())).collect::<Vec<_>>();
        let postings = |i: &Index| i.postings.iter().map(|&(d, s)| (d, s.to_bits())).collect::<Vec<_>>();
        assert_eq!(terms(&one), terms(&two));
        assert_eq!(postings(&one), postings(&two));
        assert_eq!(
            (&one.pairs.keys, &one.pairs.start, &one.pairs.docs),
            (&two.pairs.keys, &two.pairs.start, &two.pairs.docs)
        );
        assert_eq!(
            (&one.phrase_words, &one.phrase_bounds, &one.phrase_start),
            (&two.phrase_words, &two.phrase_bounds, &two.phrase_start)
        );
        assert_eq!(one.phrase_signatures, two.phrase_signatures);
        assert!(one.postings.len() > 1000 && one.phrase_start.len() == kb.entries.len() + 1);
    }

    #[test]
    fn sums_are_told_from_dates_times_and_phone_numbers() {
        for sum in ["solve 2x + 5 = 17", "15*3", "what is 7 + 8", "x^2", "12 ÷ 4"] {
            assert!(arithmetic(sum), "{sum}");
        }
        for not in ["call +374 10 123456", "open 9:00-18:00", "25-09-2023", "bus at 7", "911 or 112", "a+"] {
            assert!(!arithmetic(not), "{not}");
        }
        assert!(arithmetic("What is 15% of 240,000 dram?"));
        assert!(arithmetic("240000-ի 15%-ը"));
        assert!(!arithmetic("is there 50% off the bus ticket"));
    }

    #[test]
    fn split_whitespace_is_std() {
        for text in [
            "",
            " ",
            "a",
            "  where\tis\r\nthe  shelter ",
            "Որտե՞ղ\u{a0}կարող\u{85}ենք\u{2003}գիշերել\u{3000}այսօր\u{202f}x\u{205f}y\u{1680}z\u{2028}w\u{2029}",
            "وين\u{200b}فينا\u{2060}ننام\u{c2}\u{e1}\u{e2}\u{e3}…—€",
            "\u{b}\u{c}end",
        ] {
            assert_eq!(
                split_whitespace(text).collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn pairs_group_entries_alike_packed_or_not() {
        let list = vec![(1, 2, 0), (1, 2, 0), (0, 3, 1), (1, 2, 1), (3, 0, 2), (1, 2, 2), (0, 3, 2)];
        // Four words fit keys and entries in 64 bits; 2^31 words do not.
        for words in [4, 1 << 31] {
            let pairs = Pairs::new(list.clone(), words, 3);
            assert_eq!(pairs.get(1, 2), Some(&[0, 1, 2][..]), "{words}");
            assert_eq!(pairs.get(0, 3), Some(&[1, 2][..]), "{words}");
            assert_eq!(pairs.get(3, 0), Some(&[2][..]), "{words}");
            assert_eq!(pairs.get(2, 1), None, "{words}");
        }
    }

    proptest::proptest! {
        #[test]
        fn radix_sort_is_a_stable_sort(list in proptest::collection::vec(proptest::num::u64::ANY, 0..300), from in 0u32..40, width in 0u32..25) {
            let bits = from..from + width;
            let mask = ((1u64 << width) - 1) << from;
            let mut expected = list.clone();
            expected.sort_by_key(|&value| value & mask);
            proptest::prop_assert_eq!(radix_sort(list, bits), expected);
        }

        #[test]
        fn split_whitespace_is_std_on_any_text(text in "\\PC*|[ \\s\u{a0}\u{2000}-\u{200f}a-zա-ֆ]*") {
            proptest::prop_assert_eq!(split_whitespace(&text).collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        }
    }
}
