// A build allocates and frees millions of small values from both cores (markdown events,
// template values); mimalloc does that faster than the system allocator and returns more of
// the freed memory (see benches/bench.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(gazette::cli::main());
}
