//! `annobib man`: the man page (roff) generated from the clap definition.

use anyhow::Result;

use super::Outcome;

/// Print the man page.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<Outcome> {
    let mut out = Vec::new();
    clap_mangen::Man::new(super::command()).render(&mut out)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
    Ok(Outcome::Success)
}
