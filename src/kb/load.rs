//! Reading `knowledge/` and validating it: every problem is collected (for `refuge check`), and a
//! knowledge base with any problem is refused at start-up rather than served half-broken.

use super::{
    Entry, Hours, KnowledgeBase, Lexicon, Localized, Meta, Offers, Place, PlaceKind, PlaceStatus, REQUIRED_IDS, Topic,
    normalize,
};
use crate::check::{self, Problem};
use crate::i18n::Lang;
use jiff::civil::Date;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Answers longer than this do not fit one phone screen.
pub const MAX_ANSWER_CHARS: usize = 600;

/// Why the knowledge base could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// One line per problem.
    #[error("the knowledge base has problems:\n{}", check::list(.0))]
    Invalid(Vec<Problem>),
}

/// Loads and validates `dir`; `today` decides whether a `verified_at` lies in the future.
pub fn load(dir: &Path, today: Date) -> Result<KnowledgeBase, KbError> {
    let (kb, problems) = load_checked(dir, today);
    match kb {
        Some(kb) if problems.is_empty() => Ok(kb),
        _ => Err(KbError::Invalid(problems)),
    }
}

/// Loads what it can and lists every problem.
pub fn load_checked(dir: &Path, today: Date) -> (Option<KnowledgeBase>, Vec<Problem>) {
    let mut p = Vec::new();
    let index: Option<IndexFile> = read_toml(&dir.join("index.toml"), &mut p);
    let lexicon: Option<LexiconFile> = read_toml(&dir.join("lexicon.toml"), &mut p);
    let places_file: Option<PlacesFile> = read_toml(&dir.join("places.toml"), &mut p);
    // Optional: a knowledge base without it only loses that check on off-topic questions.
    let elsewhere_path = dir.join("elsewhere.toml");
    let elsewhere: Option<ElsewhereFile> =
        if elsewhere_path.exists() { read_toml(&elsewhere_path, &mut p) } else { Some(ElsewhereFile::default()) };

    let entries_dir = dir.join("entries");
    let mut entry_files = Vec::new();
    match std::fs::read_dir(&entries_dir) {
        Ok(rd) => {
            let mut paths: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|x| x.extension().is_some_and(|e| e == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                if let Some(f) = read_toml::<EntriesFile>(&path, &mut p) {
                    entry_files.push((path, f));
                }
            }
        }
        Err(e) => p.push(Problem::in_file(&entries_dir, format!("cannot read: {e}"))),
    }

    let (Some(index), Some(lexicon), Some(places_file)) = (index, lexicon, places_file) else {
        return (None, p);
    };
    let index_path = dir.join("index.toml");
    let topics = topics(&index_path, index.topic, &mut p);
    let topic_ids: HashSet<&str> = topics.iter().map(|t| t.id.as_str()).collect();
    let entries = entries(entry_files, &topic_ids, today, &mut p);
    let places = places(&dir.join("places.toml"), places_file.place, &mut p);
    let lexicon = lexicon.build(&dir.join("lexicon.toml"), &mut p);
    if index.meta.hotline.trim().is_empty() {
        p.push(Problem::in_file(&index_path, "meta.hotline is empty"));
    }
    for topic in &topics {
        if !entries.iter().any(|e| e.topic == topic.id) {
            p.push(Problem::in_file(&index_path, format!("topic `{}` has no entries", topic.id)));
        }
    }
    for (message, id) in &lexicon.whole {
        if !entries.iter().any(|e| &e.id == id) {
            let message = format!("[whole.\"{id}\"] {message:?}: no entry has this id");
            p.push(Problem::in_file(&dir.join("lexicon.toml"), message));
        }
    }
    let mut lexicon = lexicon;
    if let Some(file) = elsewhere {
        lexicon.elsewhere = file.build(&elsewhere_path, &mut p);
    }
    add_typed_signals(&mut lexicon, &entries);
    let meta = Meta { hotline: index.meta.hotline, hotline_example: index.meta.hotline_example };
    (Some(KnowledgeBase::new(meta, topics, entries, places, lexicon)), p)
}

fn read_toml<T: DeserializeOwned>(path: &Path, p: &mut Vec<Problem>) -> Option<T> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            p.push(Problem::in_file(path, format!("cannot read: {e}")));
            return None;
        }
    };
    match toml::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map_or(1, |s| check::line_of(&text, s.start));
            p.push(Problem::at(path, line, e.message().to_owned()));
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    meta: RawMeta,
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    hotline: String,
    #[serde(default)]
    hotline_example: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    #[serde(default)]
    icon: String,
    title: Localized<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntriesFile {
    entry: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    topic: String,
    source: String,
    verified_at: toml::Value,
    ttl: Option<String>,
    #[serde(default)]
    places: Vec<PlaceKind>,
    title: Localized<String>,
    answer: Localized<String>,
    details: Option<Localized<String>>,
    keywords: Localized<Vec<String>>,
    questions: Localized<Vec<String>>,
    #[serde(default)]
    typed: super::Typed,
    #[serde(default)]
    asked: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    from_abroad: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    place: Vec<RawPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    id: Spanned<String>,
    kinds: Vec<PlaceKind>,
    lat: f64,
    lon: f64,
    status: PlaceStatus,
    capacity: Option<u32>,
    hours: String,
    phone: Option<String>,
    #[serde(default)]
    phone_example: bool,
    name: Localized<String>,
    address: Localized<String>,
    services: Localized<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    greetings: BTreeMap<String, Vec<String>>,
    thanks: BTreeMap<String, Vec<String>>,
    stopwords: BTreeMap<String, Vec<String>>,
    latin_signals: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    near: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    unsubscribe: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    partings: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pleas: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    asking: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    thanks_for: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    acknowledgements: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    addressing: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    operators: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    spellings: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    offtopic: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    abroad: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    careers: CareersFile,
    #[serde(default)]
    offers: OffersFile,
    /// Entry id → writing style → whole messages.
    #[serde(default)]
    whole: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// `[careers.become]` and `[careers.jobs]`: "how to become a lawyer".
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CareersFile {
    #[serde(default, rename = "become")]
    becoming: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    jobs: BTreeMap<String, Vec<String>>,
}

/// `[offers]`: "I want to help" is read as "volunteer".
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OffersFile {
    #[serde(default)]
    reads_as: String,
    #[serde(default)]
    phrases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    unless_before: BTreeMap<String, Vec<String>>,
}

/// `elsewhere.toml`: writing style → questions on other subjects.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ElsewhereFile {
    #[serde(default)]
    questions: BTreeMap<String, Vec<Spanned<String>>>,
}

impl ElsewhereFile {
    fn build(self, path: &Path, p: &mut Vec<Problem>) -> Vec<String> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut questions = Vec::new();
        for (style, list) in self.questions {
            if !STYLES.contains(&style.as_str()) {
                p.push(Problem::in_file(path, format!("[questions] unknown writing style `{style}`")));
            }
            for q in list {
                let span = q.span();
                let text = q.into_inner();
                let folded = normalize::words(&normalize::fold(&text)).collect::<Vec<_>>().join(" ");
                if folded.is_empty() {
                    p.push(problem_at(path, span, format!("[questions.{style}] {text:?} has no words")));
                } else if !seen.insert(folded) {
                    p.push(problem_at(path, span, format!("[questions.{style}] {text:?} is listed twice")));
                } else {
                    questions.push(text);
                }
            }
        }
        questions
    }
}

/// Writing styles the lexicon may list.
const STYLES: [&str; 5] = ["en", "hy", "ar", "hy-Latn", "ar-Latn"];

impl LexiconFile {
    fn build(self, path: &Path, p: &mut Vec<Problem>) -> Lexicon {
        for (section, map) in [("greetings", &self.greetings), ("thanks", &self.thanks), ("stopwords", &self.stopwords)]
        {
            for style in STYLES {
                if map.get(style).is_none_or(Vec::is_empty) {
                    p.push(Problem::in_file(path, format!("[{section}] has no `{style}` words")));
                }
            }
        }
        for key in self
            .greetings
            .keys()
            .chain(self.thanks.keys())
            .chain(self.stopwords.keys())
            .chain(self.near.keys())
            .chain(self.partings.keys())
            .chain(self.pleas.keys())
            .chain(self.asking.keys())
            .chain(self.thanks_for.keys())
            .chain(self.acknowledgements.keys())
            .chain(self.addressing.keys())
            .chain(self.operators.keys())
            .chain(self.spellings.keys())
            .chain(self.offtopic.keys())
            .chain(self.abroad.keys())
            .chain(self.careers.becoming.keys())
            .chain(self.careers.jobs.keys())
            .chain(self.offers.phrases.keys())
            .chain(self.offers.unless_before.keys())
            .chain(self.whole.values().flat_map(BTreeMap::keys))
        {
            if !STYLES.contains(&key.as_str()) {
                p.push(Problem::in_file(path, format!("unknown writing style `{key}`")));
            }
        }
        let flat = |m: BTreeMap<String, Vec<String>>| -> Vec<String> {
            let mut v: Vec<String> = m.into_values().flatten().map(|w| normalize::fold(&w)).collect();
            v.sort();
            v.dedup();
            v
        };
        let mut spellings = std::collections::HashMap::new();
        for (style, map) in &self.spellings {
            for (from, to) in map {
                let (from, to) = (normalize::fold(from), normalize::fold(to));
                if normalize::words(&from).count() != 1 || normalize::words(&to).count() == 0 {
                    p.push(Problem::in_file(
                        path,
                        format!("[spellings.{style}] {from:?} = {to:?}: one word on the left, words on the right"),
                    ));
                }
                spellings.insert(from.trim().to_owned(), to);
            }
        }
        let mut whole: BTreeMap<String, String> = BTreeMap::new();
        for (entry, styles) in self.whole {
            for message in styles.into_values().flatten() {
                let message = normalize::words(&normalize::fold(&message)).collect::<Vec<_>>().join(" ");
                if let Some(other) = whole.insert(message.clone(), entry.clone()).filter(|o| *o != entry) {
                    let text = format!("[whole] {message:?} is listed for both `{other}` and `{entry}`");
                    p.push(Problem::in_file(path, text));
                }
            }
        }
        let offers = {
            let reads_as = normalize::fold(&self.offers.reads_as);
            let mut phrases: Vec<Vec<String>> = self
                .offers
                .phrases
                .values()
                .flatten()
                .map(|phrase| normalize::words(&normalize::fold(phrase)).map(str::to_owned).collect::<Vec<_>>())
                .filter(|words| !words.is_empty())
                .collect();
            if !phrases.is_empty() && normalize::words(&reads_as).count() != 1 {
                p.push(Problem::in_file(path, format!("[offers] reads_as {reads_as:?}: one word")));
            }
            phrases.sort_by_key(|words| std::cmp::Reverse(words.len()));
            phrases.dedup();
            Offers { phrases, reads_as: reads_as.trim().to_owned(), unless_before: flat(self.offers.unless_before) }
        };
        let latin_signals =
            self.latin_signals.into_iter().map(|(k, v)| (k, v.iter().map(|w| normalize::fold(w)).collect())).collect();
        Lexicon {
            near: flat(self.near),
            unsubscribe: flat(self.unsubscribe),
            // Longest first: "take care of yourselves" is taken off before "take care".
            partings: {
                let mut v = flat(self.partings);
                v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
                v
            },
            greetings: flat(self.greetings),
            thanks: flat(self.thanks),
            pleas: flat(self.pleas),
            asking: flat(self.asking),
            thanks_for: flat(self.thanks_for),
            acknowledgements: flat(self.acknowledgements),
            addressing: flat(self.addressing),
            operators: flat(self.operators),
            stopwords: flat(self.stopwords),
            latin_signals,
            offtopic: flat(self.offtopic),
            abroad: flat(self.abroad),
            becoming: flat(self.careers.becoming),
            professions: flat(self.careers.jobs),
            spellings,
            offers,
            whole,
            elsewhere: Vec::new(),
        }
    }
}

fn line(path: &Path, span: std::ops::Range<usize>) -> Option<usize> {
    std::fs::read_to_string(path).ok().map(|t| check::line_of(&t, span.start))
}

fn problem_at(path: &Path, span: std::ops::Range<usize>, msg: String) -> Problem {
    match line(path, span) {
        Some(l) => Problem::at(path, l, msg),
        None => Problem::in_file(path, msg),
    }
}

fn require_text(
    what: &str,
    field: &str,
    value: &Localized<String>,
    path: &Path,
    span: &std::ops::Range<usize>,
    p: &mut Vec<Problem>,
) {
    for lang in Lang::ALL {
        if value.get(lang).is_none_or(|t| t.trim().is_empty()) {
            p.push(problem_at(path, span.clone(), format!("{what}: {field} is missing or empty in {lang}")));
        }
    }
}

/// Words of a typed (Latin-letter) keyword: Latin letters, Arabizi digits, spaces and apostrophes.
fn is_latin_typed(text: &str) -> bool {
    !text.trim().is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\'' || c == '-' || c == '@')
}

/// The words of the entries' typed keywords become signals of their writing style for the
/// language detector ("gisherel" says hy-Latn), except words also typed in the other style or
/// listed as English signals.
fn add_typed_signals(lexicon: &mut Lexicon, entries: &[Entry]) {
    let words = |pick: fn(&Entry) -> Vec<&String>| -> HashSet<String> {
        entries
            .iter()
            .flat_map(pick)
            .flat_map(|k| normalize::words(&normalize::fold(k)).map(str::to_owned).collect::<Vec<_>>())
            .filter(|w| w.chars().count() >= 3)
            .collect()
    };
    // Typed keywords and the ways of asking in the same style.
    fn asked<'e>(e: &'e Entry, style: &str) -> impl Iterator<Item = &'e String> {
        e.asked.get(style).into_iter().flatten()
    }
    let hy = words(|e| e.typed.hy_latn.iter().chain(asked(e, "hy-Latn")).collect());
    let ar = words(|e| e.typed.ar_latn.iter().chain(asked(e, "ar-Latn")).collect());
    // English signal words, and every word of the entries' English keywords, questions and
    // titles: "dram" typed in an Arabizi keyword ("alf dram") is English too, and no signal.
    let english_text = entries.iter().flat_map(|e| {
        let keywords = e.keywords.get(Lang::En).into_iter().flatten();
        let questions = e.questions.get(Lang::En).into_iter().flatten();
        // Not the English ways of asking: they borrow Armenian and Arabic words ("apteka").
        keywords.chain(questions).chain(e.title.get(Lang::En)).cloned().collect::<Vec<_>>()
    });
    let english: HashSet<String> = lexicon
        .latin_signals
        .get("en")
        .into_iter()
        .flatten()
        .cloned()
        .chain(english_text.flat_map(|t| {
            // With their stems: "drams" makes "dram" English too.
            normalize::words(&normalize::fold(&t)).flat_map(normalize::variants).collect::<Vec<_>>()
        }))
        .collect();
    for (style, own, other, other_style) in [("hy-Latn", &hy, &ar, "ar-Latn"), ("ar-Latn", &ar, &hy, "hy-Latn")] {
        let other_signals: HashSet<String> =
            lexicon.latin_signals.get(other_style).into_iter().flatten().cloned().collect();
        // Nor greetings and thanks, whose lists say their style: "hiya" is English, though an
        // Arabizi way of asking says "hiya" (she).
        let small_talk =
            |w: &String| lexicon.greetings.binary_search(w).is_ok() || lexicon.thanks.binary_search(w).is_ok();
        let list = lexicon.latin_signals.entry(style.to_owned()).or_default();
        let mut new: Vec<String> = own
            .iter()
            .filter(|w| !other.contains(*w) && !other_signals.contains(*w) && !english.contains(*w))
            .filter(|w| !small_talk(w))
            .filter(|w| !list.contains(*w))
            .cloned()
            .collect();
        new.sort();
        list.extend(new);
    }
}

fn require_list(
    what: &str,
    field: &str,
    value: &Localized<Vec<String>>,
    path: &Path,
    span: &std::ops::Range<usize>,
    p: &mut Vec<Problem>,
) {
    for lang in Lang::ALL {
        if value.get(lang).is_none_or(|v| v.iter().all(|t| t.trim().is_empty())) {
            p.push(problem_at(path, span.clone(), format!("{what}: {field} is missing or empty in {lang}")));
        }
    }
}

fn topics(path: &Path, raw: Vec<RawTopic>, p: &mut Vec<Problem>) -> Vec<Topic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in raw {
        let span = t.id.span();
        let id = t.id.into_inner();
        if !is_word(&id) {
            p.push(problem_at(path, span.clone(), format!("topic id `{id}` must be lower-case letters")));
        }
        if !seen.insert(id.clone()) {
            p.push(problem_at(path, span.clone(), format!("duplicate topic `{id}`")));
        }
        require_text(&format!("topic {id}"), "title", &t.title, path, &span, p);
        out.push(Topic { id, icon: t.icon, title: t.title });
    }
    out
}

fn entries(
    files: Vec<(PathBuf, EntriesFile)>,
    topic_ids: &HashSet<&str>,
    today: Date,
    p: &mut Vec<Problem>,
) -> Vec<Entry> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (path, file) in files {
        for e in file.entry {
            let span = e.id.span();
            let id = e.id.into_inner();
            let what = format!("entry {id}");
            let mut at = |msg: String| p.push(problem_at(&path, span.clone(), msg));
            if !is_entry_id(&id) {
                at(format!("{what}: id must be dotted lower-case words, like `shelter.find`"));
            }
            if !seen.insert(id.clone()) {
                at(format!("{what}: duplicate id"));
            }
            if !topic_ids.contains(e.topic.as_str()) {
                at(format!("{what}: unknown topic `{}` (not in index.toml)", e.topic));
            } else if !id.starts_with(&format!("{}.", e.topic)) {
                at(format!("{what}: id must start with its topic `{}.`", e.topic));
            }
            if e.source.trim().is_empty() {
                at(format!("{what}: source is empty"));
            }
            let verified_at = match parse_date(&e.verified_at) {
                Some(d) if d > today => {
                    at(format!("{what}: verified_at {d} is in the future"));
                    d
                }
                Some(d) => d,
                None => {
                    at(format!("{what}: verified_at must be a date YYYY-MM-DD"));
                    Date::constant(1970, 1, 1)
                }
            };
            let ttl_secs = e.ttl.as_deref().and_then(|t| {
                let secs = parse_ttl(t);
                if secs.is_none() {
                    at(format!("{what}: ttl `{t}` must be a number and h, d or w (12h, 3d, 2w)"));
                }
                secs
            });
            for (lang, text) in e.answer.iter() {
                let n = text.chars().count();
                if n > MAX_ANSWER_CHARS {
                    at(format!("{what}: {lang} answer has {n} characters, more than {MAX_ANSWER_CHARS}"));
                }
            }
            for (field, value) in [("title", &e.title), ("answer", &e.answer)] {
                if let Some(text) = value.get(Lang::Ar).filter(|t| starts_a_line_left_to_right(t)) {
                    let line = text.lines().find(|l| starts_a_line_left_to_right(l)).unwrap_or_default();
                    at(format!(
                        "{what}: an ar {field} line starts with a left-to-right word, which turns the paragraph around on phones: {line:?}"
                    ));
                }
            }
            require_text(&what, "title", &e.title, &path, &span, p);
            require_text(&what, "answer", &e.answer, &path, &span, p);
            if let Some(d) = &e.details {
                require_text(&what, "details", d, &path, &span, p);
            }
            require_list(&what, "keywords", &e.keywords, &path, &span, p);
            require_list(&what, "questions", &e.questions, &path, &span, p);
            for (style, list) in [("hy-Latn", &e.typed.hy_latn), ("ar-Latn", &e.typed.ar_latn)] {
                for word in list.iter().filter(|w| !is_latin_typed(w)) {
                    let msg =
                        format!("{what}: typed {style} keyword {word:?} must be in Latin letters (and Arabizi digits)");
                    p.push(problem_at(&path, span.clone(), msg));
                }
            }
            for (style, list) in &e.asked {
                if !STYLES.contains(&style.as_str()) {
                    p.push(problem_at(&path, span.clone(), format!("{what}: asked: unknown writing style `{style}`")));
                }
                if let Some(q) = list.iter().find(|q| normalize::words(&normalize::fold(q)).next().is_none()) {
                    p.push(problem_at(&path, span.clone(), format!("{what}: asked.{style}: {q:?} has no words")));
                }
            }
            out.push(Entry {
                id,
                topic: e.topic,
                source: e.source,
                verified_at,
                ttl_secs,
                places: e.places,
                title: e.title,
                answer: e.answer,
                details: e.details,
                keywords: e.keywords,
                questions: e.questions,
                typed: e.typed,
                asked: e.asked,
                from_abroad: e.from_abroad,
            });
        }
    }
    for id in REQUIRED_IDS {
        if !seen.contains(id) {
            p.push(Problem { file: None, line: None, message: format!("required entry `{id}` is missing") });
        }
    }
    out
}

fn places(path: &Path, raw: Vec<RawPlace>, p: &mut Vec<Problem>) -> Vec<Place> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in raw {
        let span = r.id.span();
        let id = r.id.into_inner();
        let what = format!("place {id}");
        let mut at = |msg: String| p.push(problem_at(path, span.clone(), msg));
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            at(format!("{what}: id must be lower-case letters, digits and dashes"));
        }
        if !seen.insert(id.clone()) {
            at(format!("{what}: duplicate id"));
        }
        if !(-90.0..=90.0).contains(&r.lat) || !(-180.0..=180.0).contains(&r.lon) || (r.lat == 0.0 && r.lon == 0.0) {
            at(format!("{what}: coordinates {}, {} are not a place on Earth", r.lat, r.lon));
        }
        if r.kinds.is_empty() {
            at(format!("{what}: kinds is empty"));
        }
        let hours = match parse_hours(&r.hours) {
            Some(h) => h,
            None => {
                at(format!("{what}: hours `{}` must be \"24/7\" or \"HH:MM-HH:MM\"", r.hours));
                Hours::Range(r.hours.clone())
            }
        };
        require_text(&what, "name", &r.name, path, &span, p);
        require_text(&what, "address", &r.address, path, &span, p);
        require_text(&what, "services", &r.services, path, &span, p);
        out.push(Place {
            id,
            kinds: r.kinds,
            lat: r.lat,
            lon: r.lon,
            status: r.status,
            capacity: r.capacity,
            hours,
            phone: r.phone,
            phone_example: r.phone_example,
            name: r.name,
            address: r.address,
            services: r.services,
        });
    }
    out
}

/// Whether a line of `text` opens with a Latin or Armenian letter before any Arabic one.
fn starts_a_line_left_to_right(text: &str) -> bool {
    text.lines().any(|line| {
        line.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FEFF}'))
    })
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn is_entry_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| is_word(p))
}

fn parse_date(v: &toml::Value) -> Option<Date> {
    match v {
        toml::Value::String(s) => s.trim().parse().ok(),
        toml::Value::Datetime(dt) => {
            let d = dt.date?;
            Date::new(i16::try_from(d.year).ok()?, i8::try_from(d.month).ok()?, i8::try_from(d.day).ok()?).ok()
        }
        _ => None,
    }
}

/// `12h`, `3d`, `2w` → seconds.
pub fn parse_ttl(s: &str) -> Option<i64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let n: i64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
    let per = match unit {
        'h' => 3600,
        'd' => 86_400,
        'w' => 7 * 86_400,
        _ => return None,
    };
    (n > 0).then(|| n.checked_mul(per)).flatten()
}

fn parse_hours(s: &str) -> Option<Hours> {
    let s = s.trim();
    if s == "24/7" {
        return Some(Hours::Always);
    }
    let (a, b) = s.split_once(['-', '–'])?;
    let valid = |t: &str| {
        let (h, m) = t.trim().split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 || h == 24 && m == 0).then_some(())
    };
    valid(a)?;
    valid(b)?;
    Some(Hours::Range(format!("{}–{}", a.trim(), b.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_units() {
        assert_eq!(parse_ttl("12h"), Some(43_200));
        assert_eq!(parse_ttl("3d"), Some(259_200));
        assert_eq!(parse_ttl("2w"), Some(1_209_600));
        assert_eq!(parse_ttl("3"), None);
        assert_eq!(parse_ttl("0d"), None);
        assert_eq!(parse_ttl("d"), None);
        assert_eq!(parse_ttl("5y"), None);
        assert_eq!(parse_ttl("١d"), None);
    }

    #[test]
    fn hours_forms() {
        assert_eq!(parse_hours("24/7"), Some(Hours::Always));
        assert_eq!(parse_hours("09:00-18:30"), Some(Hours::Range("09:00–18:30".into())));
        assert_eq!(parse_hours("9am"), None);
        assert_eq!(parse_hours("25:00-26:00"), None);
        assert_eq!(parse_hours("9:5-24:59"), None);
        assert_eq!(parse_hours("08:00-24:00"), Some(Hours::Range("08:00–24:00".into())));
    }

    #[test]
    fn entry_ids() {
        assert!(is_entry_id("shelter.find"));
        assert!(is_entry_id("aid.food_points"));
        assert!(!is_entry_id("shelter"));
        assert!(!is_entry_id("Shelter.Find"));
        assert!(!is_entry_id("shelter..find"));
    }
}
