//! The `dossier` command line.

use clap::{Parser, Subcommand, ValueEnum};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use dossier::pipeline::{self, BuildOptions, Report};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Turns transparent huge pages off for this process. mimalloc asks the kernel for them, and
/// a build's many small allocations, spread over threads, touch its heap sparsely: each
/// first touch then zeroes a whole 2 MB page and counts it as resident. At 10,000 articles
/// this took peak memory from ~540 MB to ~400 MB (and the build spent less time zeroing
/// pages). The system's setting is left as it is; the flag passes to child processes (the
/// browser `serve --open` starts), which only lose the huge pages too.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes plain integers and touches no memory of ours; it
    // only sets a flag on this process. Its result is ignored: without it, nothing breaks.
    unsafe {
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}

/// A static site generator for annotated dossiers.
#[derive(Parser)]
#[command(name = "dossier", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the dossier, then write the site (to output_dir of site.toml, or --output).
    Build {
        /// The dossier directory (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of output_dir.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The address the site is published at (overrides base_url of site.toml), for the
        /// sitemap, feeds, canonical and Open Graph URLs.
        #[arg(long)]
        base_url: Option<String>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Serve the dossier from memory, rebuilding and reloading the browser on every save.
    Serve {
        /// The dossier directory (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (the next free one is taken if it is in use; 0 picks any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on: anything but loopback shows the dossier to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Report every error and warning in the dossier without writing anything.
    Check {
        /// The dossier directory (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also check that every internal link and #fragment of every page resolves (the
        /// site is built in memory, or read from --dir).
        #[arg(long)]
        links: bool,
        /// With --links: check the site already built in this directory.
        #[arg(long, requires = "links")]
        dir: Option<PathBuf>,
        /// With --links: also request every http(s) link once (one request per host per
        /// second; answers that worked are cached for a week in .dossier-cache/).
        #[arg(long, requires = "links")]
        external: bool,
        /// With --external: the least time between two requests to one host, in ms.
        #[arg(long, requires = "external", default_value_t = 1000)]
        external_wait_ms: u64,
    },
    /// Write the whole site as one zip that works offline (default dist/NAME.zip).
    Bundle {
        /// The dossier directory (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write the zip here instead.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Create a new dossier in DIR (which must be new or empty) that builds at once.
    Init {
        /// Where to create it.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn print_diagnostics(report: &Report, quiet: bool) {
    let d = &report.diagnostics;
    if d.items.is_empty() || (quiet && !d.has_errors()) {
        return;
    }
    eprint!("{}", d.render_human(&report.sources));
}

fn summary(report: &Report) -> String {
    let pages: usize = report.pages.values().sum();
    let kinds: Vec<String> = report
        .pages
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    format!(
        "{pages} pages ({}), {} error(s), {} warning(s), in {} ms",
        kinds.join(", "),
        report.diagnostics.error_count(),
        report.diagnostics.warning_count(),
        report.elapsed.as_millis()
    )
}

fn bundle(root: &Path, output: Option<&Path>) -> ExitCode {
    match dossier::bundle::bundle(root, output) {
        Ok(b) => {
            print_diagnostics(&b.report, false);
            match b.written {
                Some((path, size, files)) => {
                    println!("Bundled {files} files ({size} bytes) → {}", path.display());
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "error: bundle failed with {} error(s); nothing written",
                        b.report.diagnostics.error_count()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => {
            eprintln!("error: cannot write the bundle: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            quiet,
        } => {
            let opts = BuildOptions {
                output,
                progress: !quiet && std::io::stderr().is_terminal(),
                base_url,
            };
            build(&root, &opts, quiet)
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => {
            let opts = dossier::serve::Options {
                root,
                port,
                bind,
                open,
            };
            exit_with(dossier::serve::run(opts).map(|()| ExitCode::SUCCESS))
        }
        Command::Check {
            root,
            format,
            links,
            dir,
            external,
            external_wait_ms,
        } => {
            let external = external.then(|| dossier::publish::external::Options {
                interval: std::time::Duration::from_millis(external_wait_ms),
                ..dossier::publish::external::Options::new(&root)
            });
            check(&root, format, links, dir.as_deref(), external.as_ref())
        }
        Command::Bundle { root, output } => bundle(&root, output.as_deref()),
        Command::Init { dir } => exit_with(dossier::init::init(&dir).map(|files| {
            println!(
                "Created a dossier in {} ({} files). Build it with:\n  dossier build --root {}\n",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        })),
    }
}

/// The exit code of a command that either succeeds or fails with one message.
fn exit_with<E: std::fmt::Display>(r: Result<ExitCode, E>) -> ExitCode {
    r.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    })
}

/// `dossier build`: the diagnostics, then what was written or why nothing was.
fn build(root: &Path, opts: &BuildOptions, quiet: bool) -> ExitCode {
    let report = pipeline::build(root, opts);
    print_diagnostics(&report, quiet);
    match &report.output {
        Some(dir) if report.ok() => {
            if !quiet {
                println!(
                    "Built {} → {} ({} file(s) changed{})",
                    summary(&report),
                    dir.display(),
                    report.written,
                    if report.unchanged {
                        "; no input changed since the last build"
                    } else {
                        ""
                    }
                );
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "error: build failed with {} error(s); the previous output is unchanged",
                report.diagnostics.error_count()
            );
            ExitCode::FAILURE
        }
    }
}

/// `dossier check`: the dossier, or the links of a built site (`--links`).
fn check(
    root: &Path,
    format: Format,
    links: bool,
    dir: Option<&Path>,
    external: Option<&dossier::publish::external::Options>,
) -> ExitCode {
    let report = if links {
        pipeline::check_links(root, dir, external)
    } else {
        pipeline::check_then_exit(root)
    };
    match format {
        Format::Json => println!("{}", report.diagnostics.render_json(&report.sources)),
        Format::Human => {
            print_diagnostics(&report, false);
            eprintln!("Checked: {}", summary(&report));
        }
    }
    if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
