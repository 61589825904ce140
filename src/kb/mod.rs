//! The knowledge base: answer entries, places, topics and the search lexicon, loaded from
//! `knowledge/` and validated; plus text normalisation, language detection, search and geometry.
//!
//! Knows nothing of users, conversations or networks. Every text a person reads is held in all
//! three languages side by side ([`Localized`]); `refuge check` refuses gaps.

pub mod detect;
pub mod geo;
pub mod load;
pub mod normalize;
pub mod search;
pub mod subject;
pub mod translit;

use crate::i18n::Lang;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use load::KbError;

/// The ids every deployment must carry (see shared/KNOWLEDGE.md for what each owns).
pub const REQUIRED_IDS: [&str; 28] = [
    "crossing.route",
    "crossing.checkpoint",
    "crossing.documents",
    "crossing.screening",
    "crossing.belongings",
    "crossing.hours",
    "shelter.find",
    "shelter.registration",
    "shelter.vulnerable",
    "shelter.longterm",
    "aid.food",
    "aid.blankets",
    "aid.water",
    "aid.cash",
    "medical.urgent",
    "medical.burns",
    "medical.medicines",
    "medical.mental",
    "family.missing",
    "family.reunite",
    "transport.fuel",
    "transport.onward",
    "comms.phone",
    "legal.status",
    "children.school",
    "pets.animals",
    "volunteer.join",
    "bot.about",
];

/// A value in each of the three languages (each optional in the file, required by `check`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Localized<T> {
    /// English.
    pub en: Option<T>,
    /// Armenian.
    pub hy: Option<T>,
    /// Arabic.
    pub ar: Option<T>,
}

impl<T> Localized<T> {
    /// The value in `lang`, if given.
    pub fn get(&self, lang: Lang) -> Option<&T> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Hy => self.hy.as_ref(),
            Lang::Ar => self.ar.as_ref(),
        }
    }

    /// Every value given, with its language.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &T)> {
        Lang::ALL.into_iter().filter_map(|l| self.get(l).map(|v| (l, v)))
    }
}

impl Localized<String> {
    /// The text in `lang`, else English, else any (validated knowledge has all three).
    pub fn text(&self, lang: Lang) -> &str {
        self.get(lang).or(self.en.as_ref()).or_else(|| self.iter().next().map(|(_, v)| v)).map_or("", String::as_str)
    }
}

/// A topic of the menu.
#[derive(Clone, Debug)]
pub struct Topic {
    /// `crossing`, `shelter`, …
    pub id: String,
    /// An emoji shown before the title.
    pub icon: String,
    /// The menu label.
    pub title: Localized<String>,
}

/// One answer.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Stable dotted id, e.g. `crossing.documents`.
    pub id: String,
    /// The topic it belongs to.
    pub topic: String,
    /// Where the answer comes from.
    pub source: String,
    /// The day a person last checked it.
    pub verified_at: Date,
    /// Seconds after `verified_at` when the card warns it may be out of date.
    pub ttl_secs: Option<i64>,
    /// Kinds of places the card lists.
    pub places: Vec<PlaceKind>,
    /// Menu label.
    pub title: Localized<String>,
    /// The card text.
    pub answer: Localized<String>,
    /// Longer text, optional.
    pub details: Option<Localized<String>>,
    /// Search words.
    pub keywords: Localized<Vec<String>>,
    /// Whole questions, for search.
    pub questions: Localized<Vec<String>>,
    /// Search words as people type Armenian and Arabic in Latin letters.
    pub typed: Typed,
    /// More ways people ask, in any writing style, to widen the vocabulary the entry is found
    /// by: searched like its answer text, so they help find the entry but never alone make it
    /// the answer (ARCHITECTURE.md, "Ways people ask"). By writing style (`en`, `hy`, `ar`,
    /// `hy-Latn`, `ar-Latn`); the Latin-letter ones also tell the language detector their style.
    pub asked: std::collections::BTreeMap<String, Vec<String>>,
    /// Asked from far away too (a donor in Dubai, a cousin in Los Angeles): a place abroad in the
    /// question does not count against this entry.
    pub from_abroad: bool,
}

/// Search words of an entry in Latin letters: Armenian typed in Latin letters and Arabizi, as
/// people write them on phones ("gisherelu tex", "wein nam"). The consonant skeletons of
/// [`translit`] reach the native keywords too, but lose vowels and confuse short words; these
/// match exactly, and tell the language detector that a message is hy-Latn or ar-Latn.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Typed {
    /// Armenian in Latin letters.
    #[serde(rename = "hy-Latn", default)]
    pub hy_latn: Vec<String>,
    /// Arabizi.
    #[serde(rename = "ar-Latn", default)]
    pub ar_latn: Vec<String>,
}

/// What a place offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// Beds for the night.
    Shelter,
    /// Government registration.
    Registration,
    /// Food distribution.
    Food,
    /// Drinking water.
    Water,
    /// Blankets, clothes, hygiene kits.
    Blankets,
    /// Hospital, clinic, first aid.
    Medical,
    /// Medicines.
    Pharmacy,
    /// Petrol, diesel.
    Fuel,
    /// Buses onward.
    Transport,
    /// SIM cards, charging, wifi.
    Phone,
    /// Family links, missing persons.
    Family,
    /// Cash payments.
    Cash,
}

impl PlaceKind {
    /// The Fluent id of its label.
    pub fn msg(self) -> &'static str {
        use crate::i18n::msg;
        match self {
            Self::Shelter => msg::KIND_SHELTER,
            Self::Registration => msg::KIND_REGISTRATION,
            Self::Food => msg::KIND_FOOD,
            Self::Water => msg::KIND_WATER,
            Self::Blankets => msg::KIND_BLANKETS,
            Self::Medical => msg::KIND_MEDICAL,
            Self::Pharmacy => msg::KIND_PHARMACY,
            Self::Fuel => msg::KIND_FUEL,
            Self::Transport => msg::KIND_TRANSPORT,
            Self::Phone => msg::KIND_PHONE,
            Self::Family => msg::KIND_FAMILY,
            Self::Cash => msg::KIND_CASH,
        }
    }
}

/// Whether a place takes people now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceStatus {
    /// Open.
    Open,
    /// Open but no room.
    Full,
    /// Closed.
    Closed,
}

/// Opening hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hours {
    /// Day and night.
    Always,
    /// `HH:MM-HH:MM`, as written.
    Range(String),
}

/// A shelter, aid point, hospital…
#[derive(Clone, Debug)]
pub struct Place {
    /// Stable id, lower-case with dashes.
    pub id: String,
    /// What it offers.
    pub kinds: Vec<PlaceKind>,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// Status as last curated.
    pub status: PlaceStatus,
    /// Beds, for shelters.
    pub capacity: Option<u32>,
    /// Opening hours.
    pub hours: Hours,
    /// Phone number.
    pub phone: Option<String>,
    /// Whether the phone number is only an example.
    pub phone_example: bool,
    /// Name.
    pub name: Localized<String>,
    /// Address.
    pub address: Localized<String>,
    /// What is offered, in a line.
    pub services: Localized<String>,
}

/// Phrases that offer help rather than ask for it ("I want to help", "how can we help"): their
/// words are all stop words ("help me find a bed" asks), so inside a longer message the offer would
/// be lost. Search reads each as `reads_as` ("volunteer"), unless the next word says who is to be
/// helped (`unless_before`: "can you help my mother" asks).
#[derive(Clone, Debug, Default)]
pub struct Offers {
    /// Each phrase's normalised words, longest phrase first.
    pub phrases: Vec<Vec<String>>,
    /// The word an offer is read as, normalised.
    pub reads_as: String,
    /// Words that say who is to be helped, normalised.
    pub unless_before: Vec<String>,
}

/// Words the search and the greeting detector need, per language and writing style. The word
/// lists are sorted and without duplicates.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Greetings ("hello", "barev", "marhaba"…), normalised.
    pub greetings: Vec<String>,
    /// Thanks, normalised.
    pub thanks: Vec<String>,
    /// Words that ask for help ("help", «օգնեք», «ساعدونا»), normalised: a message that asks for
    /// help before it thanks ("pls help bro") is no thanks.
    pub pleas: Vec<String>,
    /// Words that ask or say a need ("where", «ինչպես», «وين», "need"), normalised: a message that
    /// opens with thanks and has one of them is searched, not thanked.
    pub asking: Vec<String>,
    /// Words that say whom or what thanks are for ("for", "you", «ձեզ», «على»), normalised.
    pub thanks_for: Vec<String>,
    /// Words that take note of an answer ("ok", "understood", «հասկացա», «تمام»), normalised: a
    /// message of only these (and stop words) is acknowledged, not searched. Not stop words of the
    /// search: "clear" and "fine" may be words of a question.
    pub acknowledgements: Vec<String>,
    /// Words that address people ("guys", «տղերք», «شباب»), normalised: in a greeting or thanks
    /// ("مرحبا يا شباب", "barev txeq") they say whom, and the message is still small talk. Not stop
    /// words of the search: «الشباب» are also the young men checked at the border.
    pub addressing: Vec<String>,
    /// Words of arithmetic ("times", «անգամ», «ضرب»), normalised: between two numbers they make
    /// a sum.
    pub operators: Vec<String>,
    /// Words that carry no topic, normalised.
    pub stopwords: Vec<String>,
    /// Whole messages that unsubscribe ("stop", «կանգ», «توقف»), normalised.
    pub unsubscribe: Vec<String>,
    /// Phrases of leave-taking whose words alone say something else ("good night", «բարի
    /// գիշեր», «تصبح على خير»: "night" is a word of shelter), normalised, longest first.
    pub partings: Vec<String>,
    /// Words asking for what is nearest ("nearest", «մոտակա», «أقرب»), normalised.
    pub near: Vec<String>,
    /// Latin-script words typical of each style (`en`, `hy-Latn`, `ar-Latn`), normalised.
    pub latin_signals: HashMap<String, Vec<String>>,
    /// Words that mark a question as outside the bot's subject ("lyrics", "bitcoin"), normalised.
    pub offtopic: Vec<String>,
    /// Places far from the crisis ("Berlin", «Փարիզ», «كندا»), normalised: a question about one is
    /// most often not for this bot.
    pub abroad: Vec<String>,
    /// Words of becoming ("become", «դառնալ», «اصير») and professions ("lawyer", «բժիշկ»), both
    /// normalised: together they ask about a career, not about the crisis.
    pub becoming: Vec<String>,
    pub professions: Vec<String>,
    /// Informal spellings → the words they stand for ("tonite" → "tonight"), normalised.
    pub spellings: HashMap<String, String>,
    /// Phrases that offer help rather than ask for it ("want to help").
    pub offers: Offers,
    /// Whole messages made only of words search ignores that still ask one entry's question ("who
    /// are you" → `bot.about`, "how can I help" → `volunteer.join`): normalised, words joined by one
    /// space, each with its entry id.
    pub whole: std::collections::BTreeMap<String, String>,
    /// Questions on subjects the bot does not cover, as people ask them ("how do I pay my water
    /// bill"), from `elsewhere.toml`: a question closer to one of them than to any entry is not
    /// answered outright. Raw text, in every writing style.
    pub elsewhere: Vec<String>,
}

/// Who runs the bot and where to reach a person.
#[derive(Clone, Debug)]
pub struct Meta {
    /// A phone line staffed by people.
    pub hotline: String,
    /// Whether the hotline is only an example.
    pub hotline_example: bool,
}

/// The whole validated knowledge base.
#[derive(Clone, Debug)]
pub struct KnowledgeBase {
    /// Who runs it.
    pub meta: Meta,
    /// Topics in menu order.
    pub topics: Vec<Topic>,
    /// Entries, in file order.
    pub entries: Vec<Entry>,
    /// Places.
    pub places: Vec<Place>,
    /// Search words.
    pub lexicon: Lexicon,
    by_id: HashMap<String, usize>,
}

impl KnowledgeBase {
    /// Builds the id index; `load` is the usual way in.
    pub fn new(meta: Meta, topics: Vec<Topic>, entries: Vec<Entry>, places: Vec<Place>, lexicon: Lexicon) -> Self {
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Self { meta, topics, entries, places, lexicon, by_id }
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// Entries of a topic, in file order.
    pub fn entries_of<'a>(&'a self, topic: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.topic == topic)
    }
}
