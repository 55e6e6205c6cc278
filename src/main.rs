//! Thin entry point: parse the command line, load settings, call into the library.

use std::process::ExitCode;

use clap::Parser as _;
use porthole::admin::{self, AdminReply, AdminRequest};
use porthole::cli::{AuditCommand, Cli, Command, ConfigArg, KeyCommand, LinkCommand, StaffCommand};
use porthole::config::Settings;
use porthole::state::AppState;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("porthole: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("porthole: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once: a cause whose words the message
/// already holds is left out.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line
}

fn load(config: &ConfigArg) -> anyhow::Result<Settings> {
    Ok(Settings::load(config.config.as_deref())?)
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config;
    let request = match cli.command {
        Command::Serve => {
            let _log = porthole::server::init_tracing();
            porthole::server::run(load(&config)?).await?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Demo { listen, data_dir } => {
            let _log = porthole::server::init_tracing();
            porthole::demo::run(load(&config)?, listen.as_deref(), data_dir).await?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Migrate { from_redb } => {
            let settings = load(&config)?;
            let lines = tokio::task::spawn_blocking(move || {
                porthole::migrate::run(&settings, from_redb.as_deref())
            })
            .await??;
            for line in lines {
                println!("{line}");
            }
            return Ok(ExitCode::SUCCESS);
        }
        Command::Staff { action } => match action {
            StaffCommand::Add { name, email } => AdminRequest::StaffAdd { name, email },
            StaffCommand::RevokeSessions { email } => AdminRequest::StaffRevokeSessions { email },
            StaffCommand::Remove { email } => AdminRequest::StaffRemove { email },
            StaffCommand::Token { email } => AdminRequest::StaffToken { email },
            StaffCommand::SigninLink { email } => AdminRequest::StaffSignInLink { email },
        },
        Command::Link { action } => match action {
            LinkCommand::Issue {
                client,
                email,
                ttl,
                project,
            } => AdminRequest::LinkIssue {
                client,
                email,
                ttl,
                project,
            },
            LinkCommand::Revoke { grant_id } => AdminRequest::LinkRevoke { grant_id },
            LinkCommand::Cutoff { client } => AdminRequest::LinkCutoff { client },
        },
        Command::Key {
            action: KeyCommand::Rotate,
        } => AdminRequest::KeyRotate,
        Command::Audit {
            action: AuditCommand::Verify,
        } => AdminRequest::AuditVerify,
        Command::Backup { out } => AdminRequest::Backup {
            out: absolute(out)?,
        },
        Command::Export { client, all, out } => {
            let out = absolute(out)?;
            // clap makes exactly one of --client and --all present.
            match client {
                Some(client) if !all => AdminRequest::Export { client, out },
                _ => AdminRequest::ExportAll { out },
            }
        }
    };
    let settings = load(&config)?;
    let reply = run_admin(settings, request).await?;
    for line in &reply.stdout {
        println!("{line}");
    }
    if let Some(e) = &reply.error {
        eprintln!("porthole: {e}");
    }
    Ok(if reply.exit_code == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Paths sent to a running server must not depend on its working directory.
fn absolute(p: std::path::PathBuf) -> anyhow::Result<std::path::PathBuf> {
    Ok(if p.is_absolute() {
        p
    } else {
        std::env::current_dir()?.join(p)
    })
}

/// Through the running server's socket if one answers, else directly on the store.
async fn run_admin(settings: Settings, request: AdminRequest) -> anyhow::Result<AdminReply> {
    if let Some(reply) = admin::send(&settings.socket_path(), &request).await? {
        return Ok(reply);
    }
    let state = AppState::open_default(settings)?;
    Ok(tokio::task::spawn_blocking(move || admin::execute(&state, request)).await?)
}
