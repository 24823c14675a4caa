//! Progress on long imports and exports: a bar on stderr when it is a terminal, nothing
//! otherwise (indicatif hides itself off a terminal) and nothing with `--quiet` or for work
//! too small to be worth watching.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;

/// Below this many items a bar would only flicker.
const WORTH_SHOWING: u64 = 5_000;

/// A bar counting `len` items of `what` ("entries of readings.bib").
pub fn bar(ctx: &Ctx, len: u64, what: &str) -> ProgressBar {
    if ctx.quiet || len < WORTH_SHOWING {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} {wide_bar} {human_pos}/{human_len} ({eta})")
            .expect("a valid template"),
    );
    bar.set_message(what.to_string());
    bar
}

/// A spinner for work whose size is known only as `len` items, shown while it runs.
pub fn spinner(ctx: &Ctx, len: usize, what: &str) -> ProgressBar {
    if ctx.quiet || (len as u64) < WORTH_SHOWING {
        return ProgressBar::hidden();
    }
    let s = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    s.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"),
    );
    s.set_message(what.to_string());
    s.enable_steady_tick(std::time::Duration::from_millis(120));
    s
}
