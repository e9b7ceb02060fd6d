use super::*;

#[test]
#[ignore]
fn dump_seeds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds/");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    for f in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ingest")).unwrap() {
        files.push(f.unwrap().path());
    }
    files.sort();
    let out = std::env::var("DUMP_DIR").unwrap_or("/tmp/norm".into());
    std::fs::create_dir_all(&out).unwrap();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let n = normalize(&text, &f).unwrap();
        let mut s = format!("shape={:?}\ntitle={}\ndesc={:?}\ndate={:?}\nsrc={:?}\n", n.shape, n.title, n.description, n.date, n.source_url);
        for c in &n.cards { s.push_str(&format!("CARD {} | {} | {}\n", c.name, c.url, c.text)); }
        s.push_str("-----\n");
        s.push_str(&n.markdown);
        std::fs::write(format!("{out}/{}.md", f.file_name().unwrap().to_str().unwrap()), s).unwrap();
    }
}
