//! `annobib completions SHELL`: a completion script generated from the clap definition.

use std::io::Write;

use anyhow::Result;
use clap_complete::Shell;

use super::Outcome;

/// Print a shell completion script.
#[derive(clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut cmd = super::command();
    // Into memory first: `generate` panics when its writer fails, as stdout does when the
    // reader has gone (`annobib completions bash | head`); ours returns the error, which
    // `main` treats as the end of the output.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "annobib", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(Outcome::Success)
}
