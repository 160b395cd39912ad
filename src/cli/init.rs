//! `invmap init`: create a store, or upgrade one to this invmap's schema.

use anyhow::Result;

use super::Ctx;
use crate::store::{OpenMode, Store};

/// Create the store (or upgrade an older one to this version's schema).
///
/// Safe to run on an existing store: it only applies migrations that are missing. Every other
/// command refuses a store written by a newer invmap.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// On a PostgreSQL store: also create the group roles invmap_reader, invmap_operator and
    /// invmap_approver with their privileges (needs a role that may create roles)
    #[arg(long)]
    pub roles: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let location = ctx.db.to_string_lossy();
    if crate::store::postgres::is_server(&location) {
        return init_server(ctx, &location, args.roles);
    }
    if args.roles {
        return Err(crate::error::UsageError(crate::tr!("cli-init-roles-file")).into());
    }
    let mut store = ctx.open(OpenMode::CreateIfMissing)?;
    let restored = store.restore_guards(ctx.now_text(), &ctx.operator)?;
    if !restored.is_empty() {
        ctx.say(&crate::tr!(
            "cli-init-guards-restored",
            guards = super::join_list(&restored)
        ));
    }
    if !store.was_created() {
        ctx.say(&crate::tr!(
            "cli-init-schema",
            path = &ctx.db.display(),
            version = store.version()?,
            latest = Store::latest_version(),
        ));
    }
    Ok(0)
}

/// `init` on a server: the schema, and with `--roles` the group roles.
fn init_server(ctx: &Ctx, location: &str, roles: bool) -> Result<u8> {
    use crate::store::postgres::{Server, ServerUrl, latest_version};
    let url = ServerUrl::parse(location)?;
    let mut server = Server::open(&url, true)?;
    let operator = ctx.server_operator(&mut server)?;
    let restored = server.restore_guards(ctx.now_text(), &operator)?;
    if !restored.is_empty() {
        ctx.say(&crate::tr!(
            "cli-init-guards-restored",
            guards = super::join_list(&restored)
        ));
    }
    if server.was_created() {
        ctx.say(&crate::tr!("cli-init-server-created", url = &url));
    } else {
        ctx.say(&crate::tr!(
            "cli-init-server-schema",
            url = &url,
            version = server.version()?,
            latest = latest_version(),
        ));
    }
    if roles {
        server.init_roles()?;
        ctx.say(&crate::tr!("cli-init-roles-done"));
    }
    Ok(0)
}
