//! `annobib completions SHELL`: a completion script generated from the clap definition.

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
    clap_complete::generate(args.shell, &mut cmd, "annobib", &mut std::io::stdout());
    Ok(Outcome::Success)
}
