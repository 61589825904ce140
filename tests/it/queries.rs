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

/// The labelled sets, each guarded on its own: vocabulary grown for one set must not cost another.
/// `curated`: written with the knowledge base; `independent`, `final` and `written`: by authors who
/// saw only the table of entries (ARCHITECTURE.md, "How the search is measured", says how each was
/// used).
const SETS: [(&str, &[&str]); 11] = [
    (
        "curated",
        &["crossing-family-legal-bot.toml", "medical-transport-comms.toml", "shelter-aid-children-pets-volunteer.toml"],
    ),
    ("independent", &["independent-en.toml", "independent-hy.toml", "independent-ar.toml"]),
    ("final", &["final.toml"]),
    ("written", &["written-en.toml", "written-hy.toml", "written-ar.toml"]),
    ("late", &["batch5-en.toml", "batch5-hy.toml", "batch5-ar.toml", "batch6-offtopic.toml"]),
    (
        "batches 7-8",
        &["batch7-en.toml", "batch7-hy.toml", "batch7-ar.toml", "batch8-en.toml", "batch8-hy.toml", "batch8-ar.toml"],
    ),
    (
        "batches 9-16",
        &[
            "batch9-en.toml",
            "batch9-hy.toml",
            "batch9-ar.toml",
            "batch10-en.toml",
            "batch10-hy.toml",
            "batch10-ar.toml",
            "batch11-en.toml",
            "batch11-hy.toml",
            "batch11-ar.toml",
            "batch12-en.toml",
            "batch12-hy.toml",
            "batch12-ar.toml",
            "batch13-en.toml",
            "batch13-hy.toml",
            "batch13-ar.toml",
            "batch14-en.toml",
            "batch14-hy.toml",
            "batch14-ar.toml",
            "batch15-en.toml",
            "batch15-hy.toml",
            "batch15-ar.toml",
            "batch16-en.toml",
            "batch16-hy.toml",
            "batch16-ar.toml",
        ],
    ),
    (
        "batches 17-21",
        &[
            "batch17-en.toml",
            "batch17-hy.toml",
            "batch17-ar.toml",
            "batch18-en.toml",
            "batch18-hy.toml",
            "batch19-en.toml",
            "batch19-hy.toml",
            "batch19-ar.toml",
            "batch20-en.toml",
            "batch20-hy.toml",
            "batch20-ar.toml",
            "batch21-en.toml",
            "batch21-hy.toml",
            "batch21-ar.toml",
        ],
    ),
    (
        "batches 22-24",
        &[
            "batch22-en.toml",
            "batch22-hy.toml",
            "batch22-ar.toml",
            "batch23-en.toml",
            "batch23-hy.toml",
            "batch23-ar.toml",
            "batch24-en.toml",
            "batch24-hy.toml",
            "batch24-ar.toml",
        ],
    ),
    ("batch 25", &["batch25-en.toml", "batch25b-en.toml", "batch25-hy.toml", "batch25-ar.toml"]),
    ("batch 26", &["batch26-en.toml", "batch26b-mix.toml", "batch26-hy.toml", "batch26-ar.toml"]),
];

fn set(name: &str) -> Vec<eval::Labelled> {
    let files = SETS.iter().find(|(n, _)| *n == name).unwrap().1;
    files.iter().flat_map(|f| read(f)).collect()
}

fn answer_lang(style: &str) -> Lang {
    Lang::from_hint(style).unwrap()
}

/// Minimum top-1 per set and writing style, and the share of its off-topic questions left alone:
/// today's figures rounded down, as a regression guard (the search issue's targets are higher:
/// top-1 95% native, 90% Latin-typed, ≤ 5% of off-topic questions answered).
struct Floor {
    set: &'static str,
    top1: [(&'static str, f64); 5],
    left_alone: f64,
}

// `left_alone` raised in the seventh session, when the answerable check (a logistic model over
// how a message reads and how well its entry explains it) left more of every set's questions on
// other subjects alone (batches 17-21: 494 → 539 of 560); each floor is a point or two below
// what it measured then.
const FLOORS: [Floor; 11] = [
    Floor {
        set: "curated",
        top1: [("en", 0.97), ("hy", 0.97), ("ar", 0.97), ("hy-Latn", 0.97), ("ar-Latn", 0.97)],
        left_alone: 0.98,
    },
    Floor {
        set: "independent",
        top1: [("en", 0.97), ("hy", 0.97), ("ar", 0.97), ("hy-Latn", 0.97), ("ar-Latn", 0.97)],
        left_alone: 0.98,
    },
    Floor {
        set: "final",
        top1: [("en", 0.95), ("hy", 0.95), ("ar", 0.95), ("hy-Latn", 0.95), ("ar-Latn", 0.95)],
        left_alone: 0.98,
    },
    Floor {
        set: "written",
        top1: [("en", 0.95), ("hy", 0.95), ("ar", 0.95), ("hy-Latn", 0.95), ("ar-Latn", 0.93)],
        left_alone: 0.98,
    },
    // Batches 5 and 6, measured once, clean: below the targets, as the README says. Arabic lost
    // one query (of 56) to the ways people ask, which gained more elsewhere.
    Floor {
        set: "late",
        top1: [("en", 0.94), ("hy", 0.98), ("ar", 0.94), ("hy-Latn", 0.98), ("ar-Latn", 0.92)],
        left_alone: 0.96,
    },
    // Batches 7 and 8, each measured once, clean, then worked on (README). The second round of
    // ways people ask cost one Armenian-Latin query and four off-topic questions here, and gained
    // more on the other sets and on batch 14, measured clean with and without it.
    Floor {
        set: "batches 7-8",
        top1: [("en", 0.96), ("hy", 0.98), ("ar", 0.98), ("hy-Latn", 0.96), ("ar-Latn", 0.92)],
        left_alone: 0.97,
    },
    // Batches 9 to 16, each measured once, clean; all but 15 and 16 then worked on (README).
    // Words of other subjects cost Armenian-Latin one query here (offered, not answered).
    Floor {
        set: "batches 9-16",
        top1: [("en", 0.97), ("hy", 0.96), ("ar", 0.98), ("hy-Latn", 0.94), ("ar-Latn", 0.95)],
        left_alone: 0.96,
    },
    // Batches 17, 18 (its English and Armenian halves), 19, 20 and 21, each measured once, clean,
    // with its session's first code and then its last (README); not worked on, but for one
    // greeting of batch 19 and the words of a stroke of batch 21. Arabizi 0.96 → 0.95 in the
    // seventh session: the answerable check keeps one free bus spelt "bas" (also "only") from an
    // answer, and 45 of these batches' 420 questions on other subjects (66 → 21 answered).
    Floor {
        set: "batches 17-21",
        top1: [("en", 0.96), ("hy", 0.98), ("ar", 0.98), ("hy-Latn", 0.99), ("ar-Latn", 0.95)],
        left_alone: 0.95,
    },
    // Batches 22, 23 and 24 (seventh session), each measured clean with the session's first code
    // and its last (README), not fitted on by the answerable check; then batch 22's misses and
    // two greetings of batch 23 were worked on.
    Floor {
        set: "batches 22-24",
        top1: [("en", 0.95), ("hy", 0.97), ("ar", 0.98), ("hy-Latn", 0.96), ("ar-Latn", 0.95)],
        left_alone: 0.96,
    },
    // Batch 25 (eighth session; batch25b-en asked for long messages that tell a family's story
    // before its need), measured once, clean, at the session's end: with its first code 0.964 /
    // 0.964 / 1.0 / 0.929 / 0.964 top-1 and 144 of 146 left alone; with its last, the figures
    // here less one query a style.
    Floor {
        set: "batch 25",
        top1: [("en", 0.97), ("hy", 0.96), ("ar", 0.96), ("hy-Latn", 0.96), ("ar-Latn", 0.96)],
        left_alone: 0.97,
    },
    // Batch 26 (ninth session; batch26b-mix asked for hard cases in all five styles: one to three
    // words, Russian and English words mixed in, two subjects in one message, needs implied),
    // measured clean with the session's first code: 0.971 / 0.974 / 1.0 / 0.974 / 0.949 top-1,
    // 155 of 160 left alone; then its misses were worked on (README).
    Floor {
        set: "batch 26",
        top1: [("en", 0.95), ("hy", 0.94), ("ar", 0.97), ("hy-Latn", 0.97), ("ar-Latn", 0.92)],
        left_alone: 0.97,
    },
];

#[test]
fn labelled_queries_reach_their_entries() {
    let core = core();
    let mut failures = Vec::new();
    for Floor { set: name, top1: floors, left_alone } in FLOORS {
        let queries = set(name);
        assert!(queries.len() >= 250, "{name}: only {} queries", queries.len());
        let report = eval::run(&core, &queries);
        println!("== {name}\n{report}");
        for (style, floor) in floors {
            let t = report.labelled[style];
            assert!(t.n >= 10, "{name} {style}: only {} queries", t.n);
            if t.top1_rate() < floor {
                failures.push(format!("{name} {style}: top-1 {:.3} below {floor}", t.top1_rate()));
            }
            if t.right_lang != t.top1 {
                failures.push(format!("{name} {style}: a right answer is not in the query's language"));
            }
        }
        let (alone, n) = report.unanswerable.values().fold((0, 0), |(a, n), t| (a + t.top1, n + t.n));
        if n > 0 && (alone as f64) < left_alone * n as f64 {
            failures.push(format!("{name}: only {alone} of {n} off-topic questions left alone"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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

/// Greetings and thanks written independently, with emoji, held-down letters and blessings, are
/// read as greetings or thanks in every writing style, not searched.
#[test]
fn independently_written_greetings_and_thanks_are_recognised() {
    use refuge::core::AskKind;
    let core = core();
    let queries = read("greetings-thanks.toml");
    let missed: Vec<String> = queries
        .iter()
        .filter(|q| !matches!(core.ask(&q.text, None).kind, AskKind::Greeting | AskKind::Thanks))
        .map(|q| format!("«{}» ({})", q.text, q.lang))
        .collect();
    assert!(queries.len() >= 100 && missed.is_empty(), "{} of {} missed: {missed:#?}", missed.len(), queries.len());
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
        // Arabic's "and" on a stop word («ومعنا», «وما») is a stop word too.
        ("وصلنا ومعنا ولاد وما في مكان ننام", "shelter.find", Lang::Ar),
    ] {
        let r = core.ask(text, None);
        assert_eq!((r.id.as_deref(), r.lang), (Some(id), lang), "«{text}»: {:?}", r.ranked);
    }
    // One slip from a typed keyword ("7uroo2") is that keyword, before a skeleton's guess (ح ر,
    // which many words share).
    let r = core.ask("mostashfa 7oroo2", None);
    assert_eq!(r.ranked.first().map(|h| h.id.as_str()), Some("medical.burns"), "{:?}", r.ranked);
    assert_left_alone(&core, &["lyrics of the song about the border", "best recipe for a cake for the children"]);
}

/// Two entries close in the words they share with a message are weighed by how the whole
/// message reads: "a shelter near Goris, I have kids" shares Goris with the family-reunion entry
/// as much as with the shelters, and reads like the shelters' questions, so the reunion entry is
/// not given as the answer (without the weighing it was).
#[test]
fn close_entries_are_weighed_by_how_the_message_reads() {
    let r = core().ask("fi ma2wa 2arib? ana b goris hala2 ma3i wlad", None);
    let first_two: Vec<&str> = r.ranked.iter().take(2).map(|h| h.id.as_str()).collect();
    assert!(first_two.contains(&"shelter.find"), "{:?}", r.ranked);
    let reunion = r.ranked.iter().find(|h| h.id == "family.reunite").expect("ranked");
    assert!(reunion.read < 1.0, "{:?}", r.ranked);
    let shelter = r.ranked.iter().find(|h| h.id == "shelter.find").expect("ranked");
    assert_eq!(shelter.read, 1.0, "{:?}", r.ranked);
    assert_ne!(r.id.as_deref(), Some("family.reunite"));
}

/// Asserts that no message of `texts` is answered outright.
fn assert_left_alone(core: &refuge::core::Core, texts: &[&str]) {
    for text in texts {
        let r = core.ask(text, None);
        assert_eq!(r.id, None, "«{text}»: {:?}", r.ranked);
    }
}

/// A word no entry has but a question on another subject has ("rain", "poem", "weight") weighs
/// more against the coverage than a word nobody has: the weather in Goris and a diet are not
/// answered with the buses or with psychological support.
#[test]
fn words_of_other_subjects_weigh_against_an_answer() {
    assert_left_alone(
        &core(),
        &[
            "will it rain in goris tomorrow",
            "Վաղը Գորիսում անձրև կգա՞",
            "how to lose weight fast without going to the gym",
        ],
    );
}

/// A word of another subject as written ("router", «ռոութերի», «الراوتر») keeps a question from
/// being answered, unless it names many more things of one entry than of any other; wifi at a
/// shelter is still answered.
#[test]
fn a_word_of_another_subject_keeps_a_question_from_an_answer() {
    let core = core();
    assert_left_alone(
        &core,
        &[
            "how to change the wifi password on my Ucom router",
            "Ucom-ի ռոութերի wifi գաղտնաբառը ո՞նց փոխեմ",
            "كيف أغير باسوورد الراوتر تبع الوايفاي بالبيت؟",
        ],
    );
    // A family's long message that names a film or football in passing is still answered.
    for (text, id) in [
        ("my kids miss their football and their school, how do we enroll them in a school in goris", "children.school"),
        (
            "my son only talks about football since the explosion, he wakes up screaming at night and wets the bed, is there a psychologist who can talk to him",
            "medical.mental",
        ),
    ] {
        assert_eq!(core.ask(text, None).id.as_deref(), Some(id), "«{text}»");
    }
    for text in ["is there wifi at the shelter", "կացարանում wifi կա՞", "في واي فاي بالمركز؟"]
    {
        assert_eq!(core.ask(text, None).id.as_deref(), Some("comms.phone"), "«{text}»");
    }
}

/// A question that shares its words with an entry but reads like a question on another subject
/// (a summer outing by bus, beside the free buses out of Goris) is not answered outright; the
/// families' own bus questions still are.
#[test]
fn a_question_that_reads_as_another_subject_is_not_answered() {
    let core = core();
    assert_left_alone(
        &core,
        &[
            "which bus goes from yerevan to lake sevan for a day trip in august",
            "Երևանից Սևան ավտոբուսը շաբաթ օրերին ժամը քանիսին է, ծովափ ենք ուզում գնալ",
            "Sevan avtobus@ shabat orery jamy qanisin a, lxanum enq ughum",
            "Yerevanic Jermuk avtobus ka amarva hangsti hamar?",
            "أي باص بيروح من يريفان لبحيرة سيفان يوم السبت بالصيف؟",
        ],
    );
    for text in [
        "when is the next bus to yerevan",
        "bus to yerevan from goris tomorrow?",
        "Գորիսից Երևան ավտոբուսը ե՞րբ է գնում",
        "avtobus@ erb a gnum yerevan",
        "متى الباص من غوريس ليريفان؟",
        "aymta el bus 3a yerevan?",
    ] {
        assert_eq!(core.ask(text, None).id.as_deref(), Some("transport.onward"), "«{text}»");
    }
}

/// Sums said in words, in every writing, are homework, not questions about the crossing's hours
/// ("times") or the cash payment ("dram"); "2 times a day" of a medicine is still answered.
#[test]
fn sums_in_words_are_left_alone() {
    let core = core();
    assert_left_alone(
        &core,
        &[
            "what is 17 times 24",
            "What is 15% of 240,000 dram?",
            "100 divided by 4",
            "17 անգամ 24 քանի՞ է",
            "kam 17 darb 24",
            "كم ١٧ ضرب ٢٤",
        ],
    );
    let r = core.ask("insulin 2 times a day, where can I get it", None);
    assert_eq!(r.id.as_deref(), Some("medical.medicines"), "{:?}", r.ranked);
}

/// A question like one of `elsewhere.toml`'s questions on other subjects is not answered, though
/// an entry shares its words; a question that only shares a few words with one of them is.
#[test]
fn questions_like_those_on_other_subjects_are_left_alone() {
    let kb = refuge::kb::load::load(&root().join("knowledge"), jiff::civil::date(2026, 1, 1)).unwrap();
    let index = refuge::kb::search::Index::build(&kb, Default::default());
    let example = |text: &str| index.search(text).elsewhere.map(|i| kb.lexicon.elsewhere[i].as_str());
    for text in ["best dog food for puppies", "wat dog food is best for golden retriver puppy"] {
        let outcome = index.search(text);
        assert!(!outcome.confident && example(text).is_some(), "«{text}»: {outcome:?}");
    }
    let core = core();
    for (text, id) in [("wher can i get water to drink", "aid.water"), ("can i take my dog across", "pets.animals")] {
        assert_eq!(example(text), None, "«{text}»");
        assert_eq!(core.ask(text, None).id.as_deref(), Some(id), "«{text}»");
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
        // Made only of words search ignores, and listed whole in the lexicon's [whole."bot.about"].
        ("Who are you?", "bot.about"),
        ("Դուք ո՞վ եք", "bot.about"),
        ("مين انت؟", "bot.about"),
        ("min enta", "bot.about"),
        ("ov es du", "bot.about"),
        ("how can I help?", "volunteer.join"),
        ("ուզում եմ օգնել", "volunteer.join"),
        ("كيف فيني ساعد", "volunteer.join"),
        // "Become" with no profession is no career question.
        ("how can i become a volunteer", "volunteer.join"),
    ] {
        let r = core.ask(text, None);
        assert_eq!(r.id.as_deref(), Some(id), "«{text}»: {:?}", r.ranked);
    }
    // The belongings answer says "pets: see Pets and livestock"; the pets entry ranks first.
    let r = core.ask("pets allowed?", None);
    assert_eq!(r.ranked.first().map(|h| h.id.as_str()), Some("pets.animals"), "{:?}", r.ranked);
    // A place far away weighs as an unrelated subject, found through its case forms too; a question
    // that says more about the crisis is still answered.
    let r = core.ask("we are in Paris, how can we donate blankets and money to the families", None);
    assert_eq!(r.id.as_deref(), Some("volunteer.join"), "{:?}", r.ranked);
    for text in
        ["kim kardashian age", "solve 2x + 5 = 17", "15*3+2=?", "hotel in paris", "hyuranoc parizum", "فندق ببرلين"]
    {
        let r = core.ask(text, None);
        assert_eq!(r.id, None, "«{text}»: {:?}", r.ranked);
    }
}

/// `refuge ask` reads a message as the chat does: greetings, thanks, a place's name, a question
/// answered, offered as "did you mean", or not known; and it says which writing it saw.
#[test]
fn ask_says_how_the_chat_would_answer() {
    use refuge::core::AskKind;
    let core = core();
    for (text, kind, style) in [
        ("barev dzez", AskKind::Greeting, Some("hy-Latn")),
        ("صباح الخير", AskKind::Greeting, Some("ar")),
        ("shukran ktir", AskKind::Thanks, Some("ar-Latn")),
        ("thank youuu, god bless", AskKind::Thanks, Some("en")),
        ("Աստված պահի", AskKind::Thanks, Some("hy")),
        ("tislam idak", AskKind::Thanks, Some("ar-Latn")),
        ("hiii", AskKind::Greeting, Some("en")),
        ("Շնորհակալություն", AskKind::Thanks, Some("hy")),
        ("stop", AskKind::Unsubscribe, Some("en")),
        ("Goris Medical Centre", AskKind::Place, Some("en")),
        ("where can we sleep tonight", AskKind::Answer, Some("en")),
        ("car", AskKind::Suggest, Some("en")),
        ("lyrics", AskKind::Unknown, Some("en")),
        // A plea before any thanks is a plea: never "you're welcome".
        ("pls help bro", AskKind::Unknown, Some("en")),
        ("thank you for your help", AskKind::Thanks, Some("en")),
        // A plea that names no need gets the hotline, not the volunteers' entry; one that asks
        // how to help is the volunteers' question.
        ("ساعدونا يا جماعة", AskKind::Plea, Some("ar")),
        ("help us", AskKind::Plea, Some("en")),
        ("how can I help", AskKind::Answer, Some("en")),
        // A short message that opens with thanks is thanks, though it names what for; not when
        // it asks, nor when it would be answered and says neither whom nor what for.
        ("shukran ktir 3al mosa3ade", AskKind::Thanks, Some("ar-Latn")),
        ("Ապրեք, կամավորներ, դուք հրեշտակներ եք", AskKind::Thanks, Some("hy")),
        ("thanks, where can we sleep", AskKind::Answer, Some("en")),
        ("thanks, blankets", AskKind::Answer, Some("en")),
        // One wrong letter in a long stop word ("nearest").
        ("neerest shelter", AskKind::Answer, Some("en")),
        // Leave-taking is thanked, though "night" and "care" alone are words of entries; a
        // question after it is still answered.
        ("Ցտեսություն, բարի գիշեր", AskKind::Thanks, Some("hy")),
        ("bye, take care", AskKind::Thanks, Some("en")),
        // The longest parting first: "take care" inside it would leave "of yourselves".
        ("bye, take care of yourselves", AskKind::Thanks, Some("en")),
        ("تصبحون على خير يا شباب", AskKind::Thanks, Some("ar")),
        ("hajogh, Astvac pahapan", AskKind::Thanks, Some("hy-Latn")),
        ("good night, where can we sleep tonight", AskKind::Answer, Some("en")),
        ("tislam eedak 3ammi, fi aman allah", AskKind::Thanks, Some("ar-Latn")),
        // Greeting people by what they are called is still a greeting, though «الشباب» are also
        // the young men checked at the border.
        ("مرحبا يا شباب", AskKind::Greeting, Some("ar")),
        ("sba7o ya shabab", AskKind::Greeting, Some("ar-Latn")),
        ("barev txeq", AskKind::Greeting, Some("hy-Latn")),
        ("Բարև տղերք", AskKind::Greeting, Some("hy")),
        ("شكرا يا جماعة", AskKind::Thanks, Some("ar")),
        ("الشباب محجوزين على الجسر", AskKind::Answer, Some("ar")),
        // A long story of thanks names many things of the bot's subjects and is still thanks; a
        // long message that thanks and asks is answered.
        (
            "Գորիսի կամավորներին մեծ շնորհակալություն, դպրոցում մեզ տաք ճաշ տվին, տղերքը մինչև կեսգիշեր մեքենաներից իրեր էին իջեցնում, Աստված ձեր էրեխեքին պահի",
            AskKind::Thanks,
            Some("hy"),
        ),
        (
            "يسلمو إيديكن يا شباب الصليب الأحمر بغوريس، لولاكن ما كنا لقينا لا أكل ولا حرامات لولادنا. الله يحميكن",
            AskKind::Thanks,
            Some("ar"),
        ),
        (
            "thank you so much for the blankets yesterday, my mother has diabetes and her insulin is finished, where is a pharmacy",
            AskKind::Answer,
            Some("en"),
        ),
        // Taking note of an answer is acknowledged in every writing, and thanked when it thanks;
        // «ماشي» is no question about walking, nor "clear" alone about an open road.
        ("ok understood", AskKind::Acknowledged, Some("en")),
        ("clear", AskKind::Acknowledged, Some("en")),
        ("is the road clear", AskKind::Suggest, Some("en")),
        ("հասկացա", AskKind::Acknowledged, Some("hy")),
        ("parz a", AskKind::Acknowledged, Some("hy-Latn")),
        ("تمام، فهمت", AskKind::Acknowledged, Some("ar")),
        ("ماشي", AskKind::Acknowledged, Some("ar")),
        ("ok tamem", AskKind::Acknowledged, Some("ar-Latn")),
        ("davay hajox", AskKind::Thanks, Some("hy-Latn")),
        ("ok where is the bread", AskKind::Answer, Some("en")),
        // A long thanks that tells what the help was is thanks when it closes with thanks too;
        // one that closes with a need is searched.
        (
            "Thank you to the Red Cross girls at registration, my mother finally slept in a real bed after 4 nights in the car. Shnorhakalutyun",
            AskKind::Thanks,
            Some("en"),
        ),
        (
            "Շատ շնորհակալ ենք Գորիսի կամավորներին․ գիշերը մեզ տաք թեյ ու վերմակ տվեցին, երեխեքս վերջապես քնեցին։ Աստված ձեր տունը շեն պահի",
            AskKind::Thanks,
            Some("hy"),
        ),
        (
            "thank you for the blankets yesterday, my mother has no insulin left and the pharmacy in goris is closed",
            AskKind::Answer,
            Some("en"),
        ),
        // A letter held down is read as the word meant.
        ("any shelterrrr tonight pleaaase", AskKind::Answer, Some("en")),
    ] {
        let r = core.ask(text, None);
        assert_eq!((r.kind, r.style), (kind, style), "«{text}»: {r:?}");
        // A place named is answered with the place; `id` is still the entry searched, if any.
        if kind != AskKind::Place {
            assert_eq!(r.id.is_some(), kind == AskKind::Answer, "«{text}»: {r:?}");
        }
    }
    let r = core.ask("barev", None);
    let locales = refuge::i18n::Locales::load(&root().join("locales")).unwrap();
    assert_eq!(r.answer, Some(locales.format(Lang::Hy, msg::GREETING, &[])));
    let r = core.ask("help us", None);
    let hotline =
        refuge::kb::load::load(&root().join("knowledge"), jiff::civil::date(2026, 1, 1)).unwrap().meta.hotline;
    assert!(r.answer.is_some_and(|a| a.contains(&hotline)), "a plea is given the hotline");
    let r = core.ask("Goris Medical Centre", None);
    assert_eq!(r.place.as_deref(), Some("goris-medical-centre"), "{r:?}");
    assert!(r.answer.is_some_and(|a| a.contains("Goris Medical Centre")));
    // The entry behind a medical centre is the emergency one, not the pharmacies or the shelters.
    for name in ["Goris Medical Centre", "Գորիսի բժշկական կենտրոն", "مركز غوريس الطبي"]
    {
        assert_eq!(core.ask(name, None).id.as_deref(), Some("medical.urgent"), "«{name}»");
    }
}

/// A word the best entry has only in its answer text mentions the subject in passing: "washing" a
/// wool blanket in a machine is not about the blankets handed out, nor the best dry food for
/// small dogs about bringing pets. With such words counted in full, both would be answered.
/// A core whose `[search]` is changed by `set`.
fn core_searching(set: impl FnOnce(&mut refuge::config::SearchConfig)) -> refuge::core::Core {
    let mut config = super::support::config();
    set(&mut config.search);
    let store = std::sync::Arc::new(refuge::storage::MemoryStore::new());
    refuge::app::build(&config, store, super::support::clock()).unwrap()
}

/// A word only guessed through a transliteration is less sure than one matched as written: "how
/// do I grow mint on the balcony", in Arabizi, is not about the screening at the border because
/// "bizra3" (grows) has a skeleton like one of its words. Counted in full, it would be answered.
#[test]
fn guessed_words_count_less() {
    let text = "kif bizra3 na3na3 bel balkon";
    assert_eq!(core().ask(text, None).id, None);
    // The way the message reads is left out: the premise is that only the guess counts less.
    let full = core_searching(|s| {
        s.guess_weight = 1.0;
        s.answerable = -100.0;
    });
    assert_eq!(full.ask(text, None).id.as_deref(), Some("crossing.screening"));
    assert_eq!(core().ask("fi shi mayy lal shurb", None).id.as_deref(), Some("aid.water"));
}

/// The ways people ask (`[entry.asked]`) widen the words an entry is found by, but like its
/// answer text they never alone make it the answer: "hypertension", said only there, offers the
/// medicines entry; with "pills", one of its keywords, it is answered.
#[test]
fn ways_people_ask_find_an_entry_but_do_not_alone_answer() {
    // The premise, so that the test fails for the right reason if the knowledge changes.
    let kb = refuge::kb::load::load(&root().join("knowledge"), jiff::civil::date(2026, 1, 1)).unwrap();
    let has = |text: &String| text.to_lowercase().contains("hypertension");
    for e in &kb.entries {
        let curated = e.keywords.iter().chain(e.questions.iter()).flat_map(|(_, l)| l).any(has)
            || e.title.iter().any(|(_, t)| has(t));
        assert!(!curated, "{} has «hypertension» in a curated field", e.id);
    }
    let medicines = kb.entry("medical.medicines").unwrap();
    assert!(medicines.asked.values().flatten().any(has), "the medicines entry's ways of asking name hypertension");
    let core = core();
    let r = core.ask("hypertension", None);
    assert_eq!((r.kind, r.id.as_deref()), (refuge::core::AskKind::Suggest, None), "{r:?}");
    assert_eq!(r.ranked.first().map(|h| h.id.as_str()), Some("medical.medicines"), "{r:?}");
    assert_eq!(core.ask("hypertension pills run out", None).id.as_deref(), Some("medical.medicines"));
}

/// A place far away counts against every entry but those asked from abroad too (donations): a
/// donor in Dubai is answered, the tap water of Barcelona and a Jordanian passport are not, though
/// each names four words of an entry.
#[test]
fn places_far_away_count_against_all_but_entries_asked_from_abroad() {
    let core = core();
    for text in
        ["Is the tap water in Barcelona safe for tourists to drink?", "كم يوم ياخذ تجديد جواز السفر الأردني في عمّان؟"]
    {
        assert_eq!(core.ask(text, None).id, None, "«{text}»");
    }
    for text in [
        "I live in London and want to help. How can I send money to the families?",
        "Ana 3ayesh bi Dubai, kif fini etbarra3 b masari lal 3ayalat el nazi7a?",
    ] {
        assert_eq!(core.ask(text, None).id.as_deref(), Some("volunteer.join"), "«{text}»");
    }
}

#[test]
fn words_only_in_an_answer_count_less() {
    let texts = [
        ("բրդյա ծածկոցը լվացքի մեքենայով կարելի՞ ա լվալ, թե կնստի", "crossing.belongings"),
        ("ما أفضل طعام جاف للكلاب الصغيرة؟", "pets.animals"),
    ];
    // Words of other subjects ("washing machine") weigh as any unknown word here, and how the
    // message reads is left out: the premise is that only the passing mention keeps the entry
    // from answering.
    let full = core_searching(|s| {
        s.passing_weight = 1.0;
        s.other_subject_weight = 1.0;
        s.answerable = -100.0;
    });
    let core = core();
    for (text, in_full) in texts {
        assert_eq!(core.ask(text, None).id, None, "«{text}»");
        assert_eq!(full.ask(text, None).id.as_deref(), Some(in_full), "«{text}»");
    }
    assert_eq!(core.ask("burns centre", None).id.as_deref(), Some("medical.burns"));
}

/// An offer of help inside a longer message ("want to help", "how can we help") is the
/// volunteer's question, though "help" alone is a stop word; the same words asking help for
/// someone ("how can I help my son") are not.
#[test]
fn offers_of_help_are_read_as_volunteering() {
    let core = core();
    for text in [
        "im a student in yerevan i wana help in goris who do i tlak to",
        "how can I help the people from artsakh",
        "I'm a cook in Sisian, how can we help out this week",
    ] {
        let r = core.ask(text, None);
        assert_eq!(r.id.as_deref(), Some("volunteer.join"), "«{text}»: {:?}", r.ranked);
    }
    let r = core.ask("how can I help my son, he has nightmares since the explosion", None);
    assert_eq!(r.ranked[0].id, "medical.mental", "{:?}", r.ranked);
    assert!(r.ranked.iter().all(|h| h.id != "volunteer.join"), "{:?}", r.ranked);
}

/// "Are you there?" in every writing style is small talk, answered with a greeting, not "I do
/// not know"; the same words around a need are still searched.
#[test]
fn are_you_there_is_a_greeting() {
    let core = core();
    for text in
        ["are you there?", "anyone there?", "Կա՞ս", "այստեղ ես?", "stex es?", "انت هون؟", "في حدا؟", "enta hon?"]
    {
        let r = core.ask(text, None);
        assert_eq!(r.kind, refuge::core::AskKind::Greeting, "«{text}»: {:?}", r);
    }
    for (text, id) in [("is there water here", "aid.water"), ("في مي هون؟", "aid.water"), ("fi akl hon?", "aid.food")]
    {
        assert_eq!(core.ask(text, None).id.as_deref(), Some(id), "«{text}»");
    }
}

/// A stop word typed onto the next word without the space («فيمي» for «في مي», «ولاقنينه» for
/// «ولا قنينة»), as a hurried thumb or a voice typing writes, is read as the two words: the
/// thirsty child's message was answered with nothing at all.
#[test]
fn words_typed_together_are_read_apart() {
    let core = core();
    let r = core.ask("وين فيمي للشرب الولد عطشن من الصبح ماعنا ولاقنينه", None);
    assert_eq!(r.id.as_deref(), Some("aid.water"), "{:?}", r.ranked);
    let r = core.ask("ولاقنينه", None);
    assert_eq!(r.ranked.first().map(|h| h.id.as_str()), Some("aid.water"), "{:?}", r.ranked);
}
