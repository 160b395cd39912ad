//! `invmap completions SHELL` and `invmap man`: what the ecosystem's command-line tools ship,
//! generated from the same command tree as `--help`, so they never drift from it.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::Ctx;

/// Print a shell's completion script for invmap.
///
/// bash: `invmap completions bash > ~/.local/share/bash-completion/completions/invmap`;
/// zsh: `invmap completions zsh > ~/.zfunc/_invmap` (with ~/.zfunc on fpath); fish:
/// `invmap completions fish > ~/.config/fish/completions/invmap.fish`; PowerShell:
/// `invmap completions powershell >> $PROFILE`.
#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Write the manual pages (roff): `invmap.1` and one page per command.
///
/// `invmap man -o /usr/local/share/man/man1` installs them (`man invmap-unbind`); without -o
/// the main page is printed (`invmap man | man -l -`).
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A folder to write every page to (invmap.1, invmap-unbind.1, …)
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn completions(_ctx: &Ctx, args: CompletionArgs) -> Result<u8> {
    let mut cmd = super::command();
    // Into memory first: the generator panics on a write error (a closed pipe), and a pipe
    // closed early is no error here.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "invmap", &mut script);
    use std::io::Write;
    std::io::stdout().write_all(&script)?;
    Ok(0)
}

pub fn man(ctx: &Ctx, args: ManArgs) -> Result<u8> {
    let cmd = super::command();
    let Some(dir) = args.output else {
        clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
        return Ok(0);
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| crate::tr!("cli-cannot-create", path = &dir.display()))?;
    let mut written = 0;
    write_pages(&cmd, "invmap", &dir, &mut written)?;
    ctx.say(&crate::tr!(
        "cli-man-wrote",
        count = written,
        path = &dir.display()
    ));
    Ok(0)
}

/// `cmd`'s page as `name.1`, then its subcommands' as `name-sub.1`.
fn write_pages(
    cmd: &clap::Command,
    name: &str,
    dir: &std::path::Path,
    written: &mut u32,
) -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .title(name.to_uppercase())
        .render(&mut out)?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, out)
        .with_context(|| crate::tr!("cli-cannot-write", path = &path.display()))?;
    *written += 1;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, written)?;
    }
    Ok(())
}
