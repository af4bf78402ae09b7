//! `dossier`: a static site generator for annotated dossiers.
//!
//! The pipeline is four stages, each a module: [`load`] (files to the typed input [`model`]),
//! [`resolve`] (anchor quotes with [`anchor`], link ids, validate, build the [`site`] graph),
//! [`render`] (Tera templates), and [`output`] (the sinks: a directory updated as one
//! transaction, memory). [`pipeline`] strings them together; [`session`] keeps a site live. See ARCHITECTURE.md.

// A `Diagnostic` is the error type of many functions; it is built on the cold path only, so its
// size does not matter, and boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod anchor;
pub mod bundle;
pub mod date;
pub mod diagnostics;
pub mod disputes;
pub mod ids;
pub mod init;
pub mod links;
pub mod load;
pub mod model;
pub mod nearest;
pub mod output;
pub mod pipeline;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod textnorm;
pub mod tomlin;
pub mod validate;
pub mod walk;
