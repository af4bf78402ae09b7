//! Profiling aid: loads a dossier, then calls `Site::reindex` many times (for `perf record`).
fn main() {
    let root = std::env::args().nth(1).expect("dossier root");
    let mut p = dossier::pipeline::prepare(std::path::Path::new(&root))
        .unwrap_or_else(|r| panic!("{}", r.render_human()));
    let t = std::time::Instant::now();
    for _ in 0..20 {
        p.site.reindex();
    }
    eprintln!("reindex: {:?} each", t.elapsed() / 20);
}
