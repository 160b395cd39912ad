//! `invmap demo`: placeholder wired up once the generator lands.

use anyhow::Result;

use super::Ctx;

/// Build a realistic sample store and walk through the workflow.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_ctx: &Ctx, _args: Args) -> Result<u8> {
    Ok(0)
}
