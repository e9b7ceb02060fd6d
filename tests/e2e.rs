//! End to end in headless Chromium: open a page served by `gazette serve`, edit its source and
//! see the new text without a manual reload; break a template and see the overlay; fix it and
//! see it go. Needs Debian's `chromium`, Node.js and `npm ci` in tests/e2e (`.ci/run` installs
//! them). Without them the test is skipped, except under CI=true, where that is a failure.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn tools_missing() -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} not found (apt-get install chromium)"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found".into());
    }
    let module =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules/playwright-core");
    if !module.is_dir() {
        return Some("tests/e2e/node_modules missing (run `npm ci` in tests/e2e)".into());
    }
    None
}

#[test]
fn live_reload_and_overlay_in_chromium() {
    if let Some(missing) = tools_missing() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("browser test cannot run in CI: {missing}");
        }
        eprintln!("skipping the browser test: {missing}");
        return;
    }
    let site = copy_fixture("basic");
    let mut server = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("server exited").unwrap();
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i..]
                .split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches('/')
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-artifacts");
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/live_reload.mjs"))
        .arg(&url)
        .arg(site.path())
        .arg(&artifacts)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        out.status.success(),
        "{}{}\n(screenshots in {})",
        stdout(&out),
        stderr(&out),
        artifacts.display()
    );
}
