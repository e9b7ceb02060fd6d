//! Ingest time per adversarial shape (issue 9): every shape of `tests/support/adversarial.rs`
//! under every wrapper (markdown, plain text, crawled page, Hugo page), at a small and a
//! large size, with the growth ratio. A linear pass grows about 10x for 10x the input; a
//! quadratic one about 100x. This is a benchmark, not a test: nothing here asserts.
//!
//!   bash benches/ingest_adversarial.sh                 (100 KB and 1 MB)
//!   SIZES=50000,500000 SHAPES=stars,pipes bash benches/ingest_adversarial.sh

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

use gazette::ingest::{Knowledge, ingest};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let knowledge = Knowledge::load(root, "data/companies.toml").expect("data/companies.toml");
    let sizes: Vec<usize> = std::env::var("SIZES")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .expect("SIZES: comma-separated byte counts")
        })
        .collect();
    let only: Option<Vec<String>> = std::env::var("SHAPES")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let wrappers: Option<Vec<String>> = std::env::var("WRAPPERS")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    // Past this, the larger sizes of a shape are skipped (a quadratic pass would take minutes).
    let cap = Duration::from_secs_f64(
        std::env::var("CAP_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20.0),
    );

    // Compiles the extractor's regexes, so that the first shape is not charged for them.
    let warm_up = "---\ntitle: Warm-up\n---\nAcme uses Go, and [Go](https://go.dev) is fast.\n";
    ingest(warm_up.as_bytes(), Path::new("warm-up.md"), &knowledge).ok();

    print!("{:<18} {:<8}", "shape", "wrapper");
    for n in &sizes {
        print!(" {:>10}", human(*n));
    }
    println!(" {:>7}", "ratio");
    for shape in adversarial::SHAPES {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|s| s == shape.name))
        {
            continue;
        }
        for wrapper in adversarial::WRAPPERS {
            if wrappers
                .as_ref()
                .is_some_and(|o| !o.iter().any(|s| s == wrapper.name))
            {
                continue;
            }
            print!("{:<18} {:<8}", shape.name, wrapper.name);
            let mut times = Vec::new();
            let mut skipping = false;
            for &n in &sizes {
                if skipping {
                    print!(" {:>10}", "skipped");
                    continue;
                }
                let src = adversarial::source(shape, wrapper, n);
                let start = Instant::now();
                let result = ingest(src.as_bytes(), Path::new(wrapper.file), &knowledge);
                let took = start.elapsed();
                std::hint::black_box(&result);
                let mark = if result.is_err() { "e" } else { "" };
                print!(" {:>9.3}s{mark}", took.as_secs_f64());
                use std::io::Write;
                std::io::stdout().flush().ok();
                times.push(took);
                skipping = took > cap;
            }
            match (times.first(), times.last()) {
                (Some(a), Some(b)) if times.len() == sizes.len() && times.len() > 1 => {
                    println!(" {:>6.1}x", b.as_secs_f64() / a.as_secs_f64().max(1e-6))
                }
                _ => println!(" {:>7}", "-"),
            }
        }
    }
}

fn human(n: usize) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{} MB", n / 1_000_000)
    } else if n >= 1000 && n.is_multiple_of(1000) {
        format!("{} KB", n / 1000)
    } else {
        format!("{n} B")
    }
}
