//! The binary as an operator and a script use it.

use super::support::root;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn refuge() -> Command {
    Command::cargo_bin("refuge").unwrap()
}

/// A config using the shipped knowledge and locales, with its own data folder.
fn temp_config(dir: &Path) -> PathBuf {
    let path = dir.join("config.toml");
    let text = format!(
        "[knowledge]\ndir = {:?}\n[locales]\ndir = {:?}\n[storage]\ndata_dir = {:?}\n",
        root().join("knowledge"),
        root().join("locales"),
        dir.join("data"),
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn check_passes_on_the_shipped_data() {
    let out = refuge().current_dir(root()).arg("check").output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).starts_with("ok: 28 entries"), "{}", stdout(&out));
}

#[test]
fn check_fails_with_one_line_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[knowledge]\ndir = \"nowhere\"\n[search]\nconfident_coverage = 2.0\n").unwrap();
    let out = refuge().args(["check", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.contains("search.confident_coverage = 2 must be between 0 and 1")), "{text}");
    assert!(text.lines().any(|l| l.contains("knowledge.dir") && l.contains("not a folder")), "{text}");
}

#[test]
fn ask_json_answers_and_says_when_it_does_not_know() {
    let out = refuge().current_dir(root()).args(["ask", "--json", "where can we sleep tonight?"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["id"], "shelter.find");
    assert_eq!(v["lang"], "en");
    assert_eq!(v["confident"], true);
    assert!(v["answer"].as_str().unwrap().contains("Source:"));
    for key in ["query", "score", "suggestions"] {
        assert!(v.get(key).is_some(), "{key}");
    }

    let out = refuge().current_dir(root()).args(["ask", "--json", "lyrics of bohemian rhapsody"]).output().unwrap();
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(v["id"], Value::Null);
    assert_eq!(v["answer"], Value::Null);
}

#[test]
fn ask_reads_one_query_a_line_and_lang_forces_the_answer_language() {
    let out = refuge()
        .current_dir(root())
        .args(["ask", "--json", "--lang", "hy", "-"])
        .write_stdin("where can we sleep tonight\nوين في أكل؟\n\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|v| v["lang"] == "hy"));
    assert_eq!(lines[0]["id"], "shelter.find");
    assert_eq!(lines[1]["id"], "aid.food");
    assert_eq!(lines[2]["id"], Value::Null);
}

#[test]
fn chat_is_scriptable_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    // /start → language menu; 1 = Armenian; 2 = shelter topic; 1 = first shelter entry.
    let out = refuge()
        .args(["chat", "--user", "hy-script", "--config"])
        .arg(&config)
        .write_stdin("/start\n1\n2\n1\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Հայերեն") && text.contains("1. "), "{text}");
    assert!(!text.contains("> "), "no prompt when scripted");

    let out = refuge()
        .args(["chat", "--user", "ar-script", "--config"])
        .arg(&config)
        .write_stdin("/start\n2\n3\n")
        .output()
        .unwrap();
    assert!(stdout(&out).contains("العربية"));

    let out =
        refuge().args(["chat", "--lang", "en", "--config"]).arg(&config).write_stdin("/topics\n4\n").output().unwrap();
    assert!(stdout(&out).contains("Medical"), "{}", stdout(&out));
}

#[test]
fn chat_remembers_the_language_between_runs_until_forget() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let run = |input: &str| {
        let out = refuge()
            .args(["chat", "--user", "mariam", "--config"])
            .arg(&config)
            .write_stdin(input.to_owned())
            .output()
            .unwrap();
        assert!(out.status.success());
        stdout(&out)
    };
    run("/language ar\n");
    let again = run("/topics\n");
    assert!(again.contains("عبور الحدود"), "{again}");
    let forgot = run("/forget\n1\n");
    assert!(forgot.contains("حُذف كل ما كان البوت يحفظه عنك"), "the deletion is confirmed in Arabic: {forgot}");
    let fresh = run("/topics\n");
    assert!(fresh.contains("Crossing the border"), "a forgotten user starts afresh: {fresh}");
}

#[test]
fn chat_survives_odd_input() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let mut input = String::from("\n   \n😀😀😀\n\u{202E}evil\u{202C}\n");
    input.push_str(&"ա".repeat(64 * 1024));
    input.push('\n');
    input.push_str("/nonsense\n99\n");
    let out = refuge().args(["chat", "--config"]).arg(&config).write_stdin(input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut bad = b"caf\xff\xfe\n/topics\n".to_vec();
    bad.extend_from_slice(b"1\n");
    let out = refuge().args(["chat", "--config"]).arg(&config).write_stdin(bad).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn eval_reports_accuracy_per_style_and_lists_misses() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.toml");
    std::fs::write(
        &file,
        "[[query]]\ntext = \"where can we sleep tonight\"\nlang = \"en\"\nexpect = \"shelter.find\"\n\
         [[query]]\ntext = \"free sim card\"\nlang = \"en\"\nexpect = \"aid.food\"\n\
         [[query]]\ntext = \"recipe for chocolate cake\"\nlang = \"en\"\n",
    )
    .unwrap();
    let out = refuge().current_dir(root()).arg("eval").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with("en ") && l.contains("50.0%")), "{text}");
    assert!(text.contains("misses (1)") && text.contains("free sim card"), "{text}");
    std::fs::write(&file, "[[query]]\ntext = \"x\"\nlang = \"fr\"\n").unwrap();
    let out = refuge().current_dir(root()).arg("eval").arg(&file).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn broadcast_from_the_shell_queues_for_subscribers_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    for (user, lang, topic) in [("a", "hy", "shelter"), ("b", "ar", ""), ("c", "en", "aid")] {
        let out = refuge()
            .args(["chat", "--user", user, "--lang", lang, "--config"])
            .arg(&config)
            .write_stdin(format!("/subscribe {topic}\n"))
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    let send = |args: &[&str]| refuge().arg("broadcast").args(args).arg("--config").arg(&config).output().unwrap();
    let out = send(&["--audience", "topic:shelter", "--text-hy", "Դպրոցը լիքն է", "--text-en", "The school is full"]);
    assert_eq!(out.status.code(), Some(2), "Arabic is missing and no fallback was allowed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing in ar"));
    let out = send(&[
        "--audience",
        "topic:shelter",
        "--text-hy",
        "Դպրոցը լիքն է",
        "--text-ar",
        "المدرسة ممتلئة",
        "--text-en",
        "The school is full",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("broadcast 1 to topic:shelter: 2 recipients (hy 1, ar 1, en 0)"), "{}", stdout(&out));
    let out = send(&["--audience", "all", "--text-en", "Buses leave at 10:00", "--allow-english-fallback"]);
    assert!(stdout(&out).contains("broadcast 2 to all: 3 recipients"), "{}", stdout(&out));
    let out = send(&["status"]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().next().unwrap().starts_with("broadcast 2"), "newest first: {text}");
    assert_eq!(send(&["status", "7"]).status.code(), Some(2));
    assert_eq!(send(&["--audience", "everyone", "--text-en", "x"]).status.code(), Some(2));
}
