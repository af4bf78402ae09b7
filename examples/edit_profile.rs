//! Profiling aid: opens a live session in memory (as `serve` does), then edits one annotation
//! file many times, changing its first note's kind and back (for `perf record`).
//!
//! `cargo run --release --example edit_profile -- ROOT ANNOTATION-FILE [EDITS [OUTPUT-DIR]]`
//! (with an output folder, the session writes into it as a directory session does).
use dossier::session::{OutputTarget, Session};
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("dossier root"));
    let file = PathBuf::from(args.next().expect("annotation file"));
    let edits: usize = args.next().map_or(40, |n| n.parse().expect("a count"));
    let target = args
        .next()
        .map_or(OutputTarget::Memory, |d| OutputTarget::Dir(d.into()));
    let (mut session, _) =
        Session::open(&root, target).unwrap_or_else(|r| panic!("{}", r.render_human()));
    let original = std::fs::read_to_string(&file).expect("the annotation file");
    let edited = original.replacen("kind = \"", "kind = \"other\"\n# was: \"", 1);
    // Held as the preview server holds the snapshot it serves while the next edit applies.
    let mut served = session.files();
    eprintln!("session open");
    let t = std::time::Instant::now();
    for i in 0..edits {
        std::fs::write(&file, if i % 2 == 0 { &edited } else { &original }).expect("write");
        let u = session.apply(std::slice::from_ref(&file));
        assert!(u.ok(), "{}", u.report.render_human());
        served = session.files();
        if i < 2 {
            eprintln!(
                "edit {i}: {:?}, files made again {:?}",
                u.elapsed, u.rendered
            );
        }
    }
    std::fs::write(&file, &original).expect("write");
    drop(served);
    eprintln!("edit: {:?} each", t.elapsed() / edits as u32);
}
