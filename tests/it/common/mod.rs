//! Helpers shared by the integration tests: copy a fixture site into a temp dir, run the
//! `gazette` binary on it, read outputs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture directory `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture site in a temp dir (so tests may edit it).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Rewrites the site's `config.toml` with `edit`.
#[allow(dead_code)]
/// Writes `text` to `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn edit_config(root: &Path, edit: impl FnOnce(&str) -> String) {
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, edit(&text)).unwrap();
}

/// A port nothing listens on now (for a server a test starts).
#[allow(dead_code)]
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh copy of the bundled site (the repository's own config, content, data and theme).
pub fn copy_bundled_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
    for sub in ["content", "data", "themes", "templates", "static"] {
        if repo.join(sub).is_dir() {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `gazette ARGS` the way users do: from the site's own folder, with no `--root`.
pub fn gazette(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run gazette")
}

/// Runs `gazette ARGS --root ROOT` from the folder `cwd` (`root` may be relative to it).
pub fn gazette_from(cwd: &Path, root: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .args(["--root", root])
        .current_dir(cwd)
        .output()
        .expect("run gazette")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Reads `root/public/<rel>` as text.
pub fn read(root: &Path, rel: &str) -> String {
    let p = root.join("public").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every file under `dir`, relative path -> bytes.
pub fn snapshot_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// What the browser tests need and this machine lacks, if anything: Debian's chromium, Node.js
/// and the npm packages of tests/e2e (`npm ci` there).
pub fn browser_tools_missing(packages: &[&str]) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} not found (apt-get install chromium)"));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found".into());
    }
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/node_modules");
    packages
        .iter()
        .find(|p| !modules.join(p).is_dir())
        .map(|p| format!("tests/e2e/node_modules/{p} missing (run `npm ci` in tests/e2e)"))
}

/// A test that needs an outside tool skips where it is missing, except under CI=true, where
/// that is a failure. Returns true when the test should skip.
pub fn skip_or_fail(missing: Option<String>) -> bool {
    match missing {
        Some(m) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("cannot run in CI: {m}")
        }
        Some(m) => {
            eprintln!("skipping: {m}");
            true
        }
        None => false,
    }
}

/// Runs `node tests/e2e/<script> ARGS...` and fails the test with its output if it fails.
/// Screenshots go to target/e2e-artifacts, which is passed as the last argument.
pub fn run_node_script(script: &str, args: &[&std::ffi::OsStr]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let artifacts = root.join("target/e2e-artifacts");
    let out = Command::new("node")
        .arg(root.join("tests/e2e").join(script))
        .args(args)
        .arg(&artifacts)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}\n(screenshots in {})",
        stdout(&out),
        stderr(&out),
        artifacts.display()
    );
}

/// A running `gazette serve` on an ephemeral port, stopped on drop.
pub struct Server {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `gazette serve --port 0` the way users do, from the site's folder with no `--root`,
/// and waits for its address.
pub fn start(root: &Path) -> Server {
    start_from(root, None)
}

/// Starts `gazette serve --port 0` from the folder `cwd`, with `--root ROOT` when given (it may
/// be relative to `cwd`), and waits for its address.
pub fn start_from(cwd: &Path, root: Option<&str>) -> Server {
    start_with(cwd, root, &[])
}

/// Starts `gazette serve --port 0` as [`start_from`] does, with `extra` arguments.
pub fn start_with(cwd: &Path, root: Option<&str>, extra: &[&str]) -> Server {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(cwd);
    if let Some(root) = root {
        command.args(["--root", root]);
    }
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let child_stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = std::io::BufRead::lines(child_stdout);
    let port = loop {
        let line = lines.next().expect("server exited").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}
