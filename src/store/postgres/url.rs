//! A server location: the `postgres://` URL with libpq's environment filled in, and the same
//! URL with its password hidden, which is all that any message, log or record ever shows.

use anyhow::Result;

use crate::error::UsageError;

/// A server to connect to, from `--db postgres://…` and the libpq variables.
#[derive(Clone)]
pub struct ServerUrl {
    pub config: postgres::Config,
    /// The URL as people may see it: the password replaced by `***`.
    shown: String,
}

impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// True for a location the server backend takes.
pub fn is_server(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// `url` as people may see it: rebuilt from what the driver parses (so a password is hidden
/// however it is written — in the user part, with `/` or `?` in it, percent-encoded, or as a
/// query key); a URL that does not parse shows only its scheme.
pub fn redact(url: &str) -> String {
    if !is_server(url) {
        return url.to_string(); // a store file's path: nothing to hide
    }
    match url.parse::<postgres::Config>() {
        Ok(config) => shown(url, &config),
        Err(_) => {
            let scheme = url.split("://").next().unwrap_or("postgres");
            format!("{scheme}://***")
        }
    }
}

/// The parts of `config` a person needs — role, hosts, port, database — and `***` where a
/// password was given.
fn shown(url: &str, config: &postgres::Config) -> String {
    let scheme = url.split("://").next().unwrap_or("postgres");
    let user = config.get_user().unwrap_or_default();
    let password = if config.get_password().is_some() {
        ":***"
    } else {
        ""
    };
    let at = if user.is_empty() && password.is_empty() {
        ""
    } else {
        "@"
    };
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let host = match h {
                postgres::config::Host::Tcp(name) => name.clone(),
                postgres::config::Host::Unix(path) => path.display().to_string(),
            };
            match ports.get(i).or(ports.first()) {
                Some(port) if url.contains(&format!(":{port}")) => format!("{host}:{port}"),
                _ => host,
            }
        })
        .collect();
    let db = config
        .get_dbname()
        .map(|d| format!("/{d}"))
        .unwrap_or_default();
    format!("{scheme}://{user}{password}{at}{}{db}", hosts.join(","))
}

impl ServerUrl {
    /// Parses `url` and fills what it leaves out as psql would: `PGHOST`, `PGPORT`, `PGUSER`,
    /// `PGDATABASE`, then the password from `PGPASSWORD` or the password file (`PGPASSFILE`,
    /// else `~/.pgpass`).
    pub fn parse(url: &str) -> Result<ServerUrl> {
        ServerUrl::parse_with(url, |name| std::env::var(name).ok())
    }

    pub fn parse_with(url: &str, var: impl Fn(&str) -> Option<String>) -> Result<ServerUrl> {
        let shown = redact(url);
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| UsageError(crate::tr!("store-pg-bad-url", url = &shown, error = &e)))?;
        if config.get_hosts().is_empty() {
            config.host(var("PGHOST").as_deref().unwrap_or("localhost"));
        }
        if config.get_ports().is_empty()
            && let Some(port) = var("PGPORT").and_then(|p| p.trim().parse().ok())
        {
            config.port(port);
        }
        if config.get_user().is_none() {
            let user = var("PGUSER").or_else(|| var("USER")).unwrap_or_default();
            config.user(&user);
        }
        if config.get_dbname().is_none()
            && let Some(db) = var("PGDATABASE")
        {
            config.dbname(&db);
        }
        if config.get_password().is_none() {
            if let Some(password) = var("PGPASSWORD") {
                config.password(password);
            } else if let Some(password) = pgpass(&config, &var) {
                config.password(password);
            }
        }
        // This invmap speaks to a server without TLS: where TLS is asked for, it says so
        // instead of connecting in the clear.
        let wanted = match var("PGSSLMODE") {
            Some(mode) if !url.contains("sslmode=") => mode.trim().to_ascii_lowercase(),
            _ if config.get_ssl_mode() == postgres::config::SslMode::Require => "require".into(),
            _ => String::new(),
        };
        if matches!(wanted.as_str(), "require" | "verify-ca" | "verify-full") {
            return Err(
                UsageError(crate::tr!("store-pg-no-tls", url = &shown, mode = &wanted)).into(),
            );
        }
        config.application_name("invmap");
        Ok(ServerUrl { config, shown })
    }

    /// The URL with its password hidden.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

/// The password for `config`'s host, port, database and user in the password file, as libpq
/// reads it: `host:port:database:user:password`, `*` matching anything, `\` escaping.
fn pgpass(config: &postgres::Config, var: &impl Fn(&str) -> Option<String>) -> Option<String> {
    let path = var("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| var("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(path).ok()?;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config
        .get_dbname()
        .or(config.get_user())
        .unwrap_or_default()
        .to_string();
    let user = config.get_user().unwrap_or_default().to_string();
    let wanted = [host, port, db, user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() < 5 {
                return None;
            }
            let matches = fields[..4]
                .iter()
                .zip(&wanted)
                .all(|(f, w)| f == "*" || f == w);
            matches.then(|| fields[4].clone())
        })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("a field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut().expect("a field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.internal:5432/invmap"),
            "postgres://ana:***@db.internal:5432/invmap"
        );
        assert_eq!(
            redact("postgresql://ana@db/invmap?sslmode=disable&password=s3cret"),
            "postgresql://ana:***@db/invmap"
        );
        // However the driver would read a password, it is hidden.
        for url in [
            "postgres://root:pa/ss@127.0.0.1/db",
            "postgres://root:pa?ss@127.0.0.1/db",
            "postgres://127.0.0.1/db?user=root&pass%77ord=SECRET",
            "postgres://root:p%40ss@127.0.0.1/db",
        ] {
            let shown = redact(url);
            assert!(
                !shown.contains("pa/ss")
                    && !shown.contains("pa?ss")
                    && !shown.contains("SECRET")
                    && !shown.contains("p%40ss")
                    && !shown.contains("p@ss"),
                "{url} shown as {shown}"
            );
        }
        assert_eq!(redact("postgres://ana:x@[::1"), "postgres://***");
        assert_eq!(redact("/srv/invmap/store.db"), "/srv/invmap/store.db");
        assert_eq!(redact("postgres://db/invmap"), "postgres://db/invmap");
        let url = ServerUrl::parse_with("postgres://ana:s3cret@db/invmap", |_| None).unwrap();
        assert!(!format!("{url} {url:?}").contains("s3cret"));
    }

    #[test]
    fn libpq_variables_fill_what_the_url_leaves_out() {
        let env = |name: &str| match name {
            "PGHOST" => Some("db.internal".to_string()),
            "PGPORT" => Some("5433".to_string()),
            "PGUSER" => Some("bo".to_string()),
            "PGPASSWORD" => Some("pw".to_string()),
            _ => None,
        };
        let url = ServerUrl::parse_with("postgres:///invmap", env).unwrap();
        assert_eq!(url.config.get_user(), Some("bo"));
        assert_eq!(url.config.get_ports(), &[5433]);
        assert_eq!(url.config.get_password(), Some(&b"pw"[..]));
        // What the URL gives wins.
        let url = ServerUrl::parse_with("postgres://ana:mine@h:5432/x", env).unwrap();
        assert_eq!(url.config.get_user(), Some("ana"));
        assert_eq!(url.config.get_password(), Some(&b"mine"[..]));
    }

    #[test]
    fn tls_asked_for_is_refused_not_skipped() {
        assert!(ServerUrl::parse_with("postgres://a@h/d?sslmode=require", |_| None).is_err());
        let env = |n: &str| (n == "PGSSLMODE").then(|| "verify-full".to_string());
        assert!(ServerUrl::parse_with("postgres://a@h/d", env).is_err());
        assert!(ServerUrl::parse_with("postgres://a@h/d?sslmode=disable", env).is_ok());
    }

    #[test]
    fn the_password_file_is_read_as_libpq_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:ana:no\ndb.internal:5432:invmap:ana:pa\\:ss\n",
        )
        .unwrap();
        let path = file.display().to_string();
        let env = move |name: &str| (name == "PGPASSFILE").then(|| path.clone());
        let url = ServerUrl::parse_with("postgres://ana@db.internal/invmap", env).unwrap();
        assert_eq!(url.config.get_password(), Some(&b"pa:ss"[..]));
    }
}
