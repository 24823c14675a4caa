//! Integration tests: the real `annobib` binary on temporary libraries.

mod util;

mod check;
mod claims;
mod cli;
mod concurrency;
mod conventions;
mod crash;
mod drafts;
mod export;
mod formats;
mod fuzz;
mod import;
mod interop;
mod project;
mod records;
mod report;
mod suggest;
