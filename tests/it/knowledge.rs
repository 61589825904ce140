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

#[test]
fn the_checker_finds_every_problem_in_a_broken_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("knowledge");
    for f in ["index.toml", "lexicon.toml", "places.toml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::create_dir(dir.path().join("entries")).unwrap();
    for f in std::fs::read_dir(src.join("entries")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join("entries").join(f.file_name().unwrap())).unwrap();
    }
    // Break things: drop Armenian from one answer, a bad date, a duplicate id, bad coordinates.
    let pets = dir.path().join("entries/pets.toml");
    let text = std::fs::read_to_string(&pets).unwrap();
    let broken = text.replacen("verified_at = \"", "verified_at = \"20x", 1);
    let broken = broken.replacen("\nhy = \"\"\"", "\nhy_typo = \"\"\"", 1);
    std::fs::write(&pets, broken).unwrap();
    let places = dir.path().join("places.toml");
    let text = std::fs::read_to_string(&places).unwrap();
    std::fs::write(&places, text.replacen("lat = ", "lat = 1", 1)).unwrap();
    let (_, problems) = kb::load::load_checked(dir.path(), jiff::civil::date(2026, 1, 1));
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.contains("pets.toml")), "{text:#?}");
    assert!(!text.is_empty());

    // A missing required entry and a wrong field are each one clear line.
    std::fs::write(&pets, "[[entry]]\nid = \"pets.animals\"\n").unwrap();
    let (_, problems) = kb::load::load_checked(dir.path(), jiff::civil::date(2026, 1, 1));
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|p| p.contains("pets.toml:") && p.contains("missing field")), "{text:#?}");
    assert!(text.iter().any(|p| p.contains("required entry `pets.animals` is missing")), "{text:#?}");
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
