//! Profiling aid: loads a dossier, then calls `Site::reindex` many times (for `perf record`).
fn main() {
    let root = std::env::args().nth(1).expect("dossier root");
    let mut d = dossier::diagnostics::Diagnostics::default();
    let (_, mut site) =
        dossier::pipeline::load_and_resolve(std::path::Path::new(&root), &mut d).expect("dossier");
    let t = std::time::Instant::now();
    for _ in 0..20 {
        site.reindex();
    }
    eprintln!("reindex: {:?} each", t.elapsed() / 20);
}
