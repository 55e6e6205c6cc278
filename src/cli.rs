//! The `porthole` command line (SPEC section 2).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "porthole",
    version,
    about = "A client portal without client accounts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub config: ConfigArg,
}

/// The config file option every command takes, before or after the subcommand.
#[derive(Debug, Clone, Args)]
pub struct ConfigArg {
    /// Configuration file layered over config/default.toml (PORTHOLE__* variables still win).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server; prints the listen address once ready.
    Serve,
    /// Seed a realistic sample, start the server, print a client link and a staff token.
    Demo {
        /// Address to listen on (default: 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Data dir to seed (default: a new temp dir, removed on exit).
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Staff users.
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Client links.
    Link {
        #[command(subcommand)]
        action: LinkCommand,
    },
    /// Signing keys.
    Key {
        #[command(subcommand)]
        action: KeyCommand,
    },
    /// The audit chain.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Write a consistent copy of the store and blobs, restorable by pointing data_dir at it.
    Backup {
        /// Directory to create (must not exist or be empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Run the PostgreSQL schema migrations (storage.backend = "postgres"); with
    /// --from-redb, then copy an embedded data dir (records, audit chain, blobs, signing
    /// keys) into the empty database and verify the chain and every blob on both sides.
    Migrate {
        /// A redb data dir (holding porthole.redb) to carry over; its server must be stopped.
        #[arg(long, value_name = "DIR")]
        from_redb: Option<PathBuf>,
    },
    /// Every record of one client (--client) or of every client (--all) as JSON in a
    /// zip, with file bytes under their SHA-256, the audit events (the whole chain with
    /// --all), and a README on how to verify them.
    #[command(group(clap::ArgGroup::new("scope").required(true).args(["client", "all"])))]
    Export {
        /// The client to export.
        #[arg(long, value_name = "ID")]
        client: Option<String>,
        /// Export every client and the whole audit chain.
        #[arg(long)]
        all: bool,
        /// Zip file to create (must not exist).
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff user; prints its API token as the last line.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// End every console session of a staff member (they must sign in again).
    RevokeSessions {
        #[arg(long)]
        email: String,
    },
    /// Remove a staff member: their API token and console sessions stop working at once;
    /// the record stays for the audit. The last owner cannot be removed.
    Remove {
        #[arg(long)]
        email: String,
    },
    /// Give a staff member a new API token, printed as the last line; the old one stops
    /// working at once.
    Token {
        #[arg(long)]
        email: String,
    },
    /// Print a one-time console sign-in link for a staff member as the last line (valid 15
    /// minutes): a way in without mail.
    SigninLink {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    /// Issue a client link; prints the URL as the last line.
    Issue {
        #[arg(long, value_name = "ID")]
        client: String,
        /// A contact email of the client.
        #[arg(long)]
        email: String,
        /// Lifetime such as 90s, 12h, 7d (default: links.default_ttl).
        #[arg(long)]
        ttl: Option<String>,
        /// Limit the link to one project of the client.
        #[arg(long, value_name = "ID")]
        project: Option<String>,
    },
    /// Revoke one link.
    Revoke {
        #[arg(value_name = "GRANT_ID")]
        grant_id: String,
    },
    /// Revoke every link of a client issued before now.
    Cutoff {
        #[arg(long, value_name = "ID")]
        client: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Make a new signing key current; old keys keep verifying.
    Rotate,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain: `ok <n> events`, or the first broken sequence number (exit 1).
    Verify,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory as _, Parser as _};

    use super::{Cli, Command};

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn config_goes_before_or_after_the_subcommand() {
        for args in [
            &["porthole", "--config", "c.toml", "serve"][..],
            &["porthole", "serve", "--config", "c.toml"],
            &[
                "porthole", "--config", "c.toml", "staff", "add", "--name", "N", "--email",
                "e@x.test",
            ],
            &[
                "porthole",
                "staff",
                "signin-link",
                "--email",
                "e@x.test",
                "--config",
                "c.toml",
            ],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert_eq!(
                cli.config.config.as_deref(),
                Some(std::path::Path::new("c.toml")),
                "{args:?}"
            );
        }
    }

    #[test]
    fn export_takes_exactly_one_of_client_and_all() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["porthole", "export"], args].concat());
        assert!(matches!(
            parse(&["--all", "--out", "x.zip"]).map(|c| c.command),
            Ok(Command::Export {
                all: true,
                client: None,
                ..
            })
        ));
        assert!(parse(&["--client", "c1", "--out", "x.zip"]).is_ok());
        let both = parse(&["--client", "c1", "--all", "--out", "x.zip"]).unwrap_err();
        assert_eq!(both.kind(), clap::error::ErrorKind::ArgumentConflict);
        let neither = parse(&["--out", "x.zip"]).unwrap_err();
        assert_eq!(
            neither.kind(),
            clap::error::ErrorKind::MissingRequiredArgument
        );
    }
}
