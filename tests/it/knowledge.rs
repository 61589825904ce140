use super::support::{config, root};
use refuge::i18n::Lang;
use refuge::kb::{self, PlaceStatus, REQUIRED_IDS};

fn load() -> kb::KnowledgeBase {
    kb::load::load(&root().join("knowledge"), jiff::civil::date(2026, 1, 1)).expect("shipped knowledge is valid")
}

#[test]
fn all_required_entries_in_all_languages() {
    let kb = load();
    for id in REQUIRED_IDS {
        let e = kb.entry(id).unwrap_or_else(|| panic!("{id} missing"));
        for lang in Lang::ALL {
            assert!(!e.answer.text(lang).is_empty() && e.answer.get(lang).is_some(), "{id} {lang}");
            assert!(e.answer.get(lang).unwrap().chars().count() <= kb::load::MAX_ANSWER_CHARS, "{id} {lang} too long");
        }
        assert!(e.source.starts_with("SAMPLE"), "{id}: the sample must say it is one");
    }
    assert_eq!(kb.entries.len(), REQUIRED_IDS.len());
}

#[test]
fn every_place_kind_a_card_lists_has_an_open_place() {
    let kb = load();
    for e in &kb.entries {
        for kind in &e.places {
            let open = kb.places.iter().any(|p| p.status == PlaceStatus::Open && p.kinds.contains(kind));
            assert!(open, "{}: no open place of kind {kind:?}", e.id);
        }
    }
}

#[test]
fn cards_that_must_list_places_do() {
    let kb = load();
    for e in kb
        .entries
        .iter()
        .filter(|e| ["shelter.find", "aid.", "medical.urgent", "medical.burns"].iter().any(|p| e.id.starts_with(p)))
    {
        assert!(!e.places.is_empty(), "{} lists no places", e.id);
    }
}

/// Copies the shipped knowledge to a temporary folder, letting `edit` change each file's TOML.
fn broken_copy(edit: impl Fn(&str, &mut toml::Table)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("knowledge");
    std::fs::create_dir(dir.path().join("entries")).unwrap();
    let mut files: Vec<String> =
        ["index.toml", "lexicon.toml", "places.toml", "elsewhere.toml"].into_iter().map(String::from).collect();
    for f in std::fs::read_dir(src.join("entries")).unwrap() {
        files.push(format!("entries/{}", f.unwrap().file_name().to_str().unwrap()));
    }
    for name in files {
        let mut table: toml::Table = std::fs::read_to_string(src.join(&name)).unwrap().parse().unwrap();
        edit(&name, &mut table);
        std::fs::write(dir.path().join(&name), toml::to_string(&table).unwrap()).unwrap();
    }
    dir
}

fn first_entry<'a>(table: &'a mut toml::Table, key: &str) -> &'a mut toml::Table {
    table[key].as_array_mut().unwrap()[0].as_table_mut().unwrap()
}

#[test]
fn the_checker_finds_every_problem_in_a_broken_knowledge_base() {
    let dir = broken_copy(|name, t| match name {
        "entries/pets.toml" => {
            let e = first_entry(t, "entry");
            e.insert("verified_at".into(), "2023-13-45".into());
            e.insert("ttl".into(), "3y".into());
            e["answer"].as_table_mut().unwrap().insert("hy".into(), "  ".into());
        }
        "entries/children.toml" => {
            first_entry(t, "entry").insert("id".into(), "pets.animals".into());
        }
        "entries/aid.toml" => {
            let answer = first_entry(t, "entry")["answer"].as_table_mut().unwrap();
            answer.insert("ar".into(), "Goris: توزيع الطعام في الساحة".into());
        }
        "entries/legal.toml" => {
            let typed = first_entry(t, "entry")["typed"].as_table_mut().unwrap();
            typed.insert("hy-Latn".into(), toml::Value::Array(vec!["անձնագիր".into()]));
        }
        "entries/medical.toml" => {
            let mut asked = toml::Table::new();
            asked.insert("fr".into(), toml::Value::Array(vec!["où est l'hôpital".into()]));
            asked.insert("en".into(), toml::Value::Array(vec!["  ".into()]));
            first_entry(t, "entry").insert("asked".into(), toml::Value::Table(asked));
        }
        "lexicon.toml" => {
            let spellings = t["spellings"]["en"].as_table().unwrap().clone();
            let mut spellings = spellings;
            spellings.insert("two words".into(), "x".into());
            t["spellings"].as_table_mut().unwrap().insert("en".into(), toml::Value::Table(spellings));
            let mut whole = toml::Table::new();
            whole.insert("en".into(), toml::Value::Array(vec!["how can i help".into(), "who are you".into()]));
            t["whole"].as_table_mut().unwrap().insert("volunteer.joins".into(), toml::Value::Table(whole));
        }
        "elsewhere.toml" => {
            let questions = t["questions"].as_table_mut().unwrap();
            let first = questions["en"].as_array().unwrap()[0].clone();
            questions["en"].as_array_mut().unwrap().push(first);
            questions.insert("fr".into(), toml::Value::Array(vec!["où est la plage".into()]));
        }
        "places.toml" => {
            let p = first_entry(t, "place");
            p.insert("lat".into(), toml::Value::Float(123.0));
            p.insert("hours".into(), "9am-5pm".into());
        }
        _ => {}
    });
    let (_, problems) = kb::load::load_checked(dir.path(), jiff::civil::date(2026, 1, 1));
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for expected in [
        "entry pets.animals: verified_at must be a date YYYY-MM-DD",
        "entry pets.animals: ttl `3y` must be a number and h, d or w",
        "entry pets.animals: answer is missing or empty in hy",
        "entry pets.animals: duplicate id",
        "entry pets.animals: id must start with its topic `children.`",
        "required entry `children.school` is missing",
        "an ar answer line starts with a left-to-right word",
        "coordinates 123, ",
        "hours `9am-5pm` must be",
        "typed hy-Latn keyword \"անձնագիր\" must be in Latin letters",
        "entry medical.urgent: asked: unknown writing style `fr`",
        "entry medical.urgent: asked.en: \"  \" has no words",
        "[spellings.en] \"two words\"",
        "[whole.\"volunteer.joins\"] \"how can i help\": no entry has this id",
        "[whole] \"who are you\" is listed for both `bot.about` and `volunteer.joins`",
        "[questions.en] \"lyrics of bella ciao\" is listed twice",
        "[questions] unknown writing style `fr`",
    ] {
        assert!(text.iter().any(|p| p.contains(expected)), "no problem says {expected:?}:\n{text:#?}");
    }
    assert!(text.iter().all(|p| p.contains(".toml") || p.starts_with("required entry")), "{text:#?}");

    // A field that is not in the format is one clear line, with its file and line.
    let dir = broken_copy(|name, t| {
        if name == "entries/pets.toml" {
            first_entry(t, "entry").insert("colour".into(), "blue".into());
        }
    });
    let (_, problems) = kb::load::load_checked(dir.path(), jiff::civil::date(2026, 1, 1));
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.contains("pets.toml:") && p.contains("colour")), "{text:#?}");
}

/// `elsewhere.toml` must never hide an answer: a question on another subject that stops an
/// entry from answering its own question is found (`refuge check` reports it).
#[test]
fn questions_on_other_subjects_hide_no_answer() {
    let kb = load();
    let index = kb::search::Index::build(&kb, Default::default());
    assert_eq!(index.hidden_questions(&kb), vec![], "the shipped questions on other subjects hide answers");
    let own = kb.entry("aid.water").unwrap().questions.en.as_ref().unwrap()[0].clone();
    let dir = broken_copy(|name, t| {
        if name == "elsewhere.toml" {
            let list = t["questions"]["en"].as_array().unwrap().clone();
            let mut list = list;
            list.push(format!("{own} for my aquarium fish").into());
            t["questions"].as_table_mut().unwrap().insert("en".into(), toml::Value::Array(list));
        }
    });
    let kb = kb::load::load(dir.path(), jiff::civil::date(2026, 1, 1)).unwrap();
    let index = kb::search::Index::build(&kb, Default::default());
    let hidden = index.hidden_questions(&kb);
    assert!(hidden.iter().any(|(id, q, _)| *id == "aid.water" && *q == own), "{hidden:?}");
}

#[test]
fn config_rejects_unknown_keys_with_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[bot]\ndefault_lang = \"en\"\ncolour = \"blue\"\n").unwrap();
    let err = refuge::config::Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("config.toml:3") && err.contains("colour"), "{err}");
    std::fs::write(&path, "[bot]\ndefault_lang = \"fr\"\n").unwrap();
    let err = refuge::config::Config::load(Some(&path)).unwrap_err().to_string();
    assert!(err.contains("config.toml:2"), "{err}");
    assert!(config().database_path().ends_with("data/refuge.db"));
}

/// A word of another subject (`[offtopic]`) keeps a question from being answered, so none may be
/// a word of an entry's title, keywords or questions: found, as `refuge check` reports it.
#[test]
fn words_of_other_subjects_are_no_entry_words() {
    let kb = load();
    let index = kb::search::Index::build(&kb, Default::default());
    assert_eq!(index.off_topic_words_in_entries(&kb), vec![], "shipped off-topic words that entries use");
    let dir = broken_copy(|name, t| {
        if name == "lexicon.toml" {
            let list = t["offtopic"]["en"].as_array_mut().unwrap();
            list.push("blankets".into());
        }
    });
    let kb = kb::load::load(dir.path(), jiff::civil::date(2026, 1, 1)).unwrap();
    let index = kb::search::Index::build(&kb, Default::default());
    let found = index.off_topic_words_in_entries(&kb);
    assert!(found.iter().any(|(id, w)| *id == "aid.blankets" && w == "blankets"), "{found:?}");
    let outcome = index.search("where can I get blankets");
    assert!(!outcome.confident, "an off-topic word keeps the question from being answered");
}
