//! The CI packaging runs as written: the GitHub Action's run step, the pre-commit hook's entry
//! and the GitLab job's script, each with the built `dspt` on PATH, in a copy of a fixture.

use std::path::Path;
use std::process::Command;

use crate::{AS_OF, copy_fixture, workspace_root};

/// PATH with the directory of the built binary first.
fn path_with_dspt() -> String {
    let binary = Path::new(env!("CARGO_BIN_EXE_dspt"));
    let dir = binary.parent().unwrap().display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

fn yaml(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join(path)).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

fn bash(dir: &Path, script: &str, env: &[(&str, &str)]) -> crate::Run {
    let mut command = Command::new("bash");
    command
        .arg("-euo")
        .arg("pipefail")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path_with_dspt())
        .env("SOURCE_DATE_EPOCH", "1782777600")
        .env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    crate::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn the_github_action_runs_dspt_and_writes_sarif() {
    let action = yaml("action.yml");
    let steps = action["runs"]["steps"].as_array().unwrap();
    // No input is written into a script: each reaches it through an environment variable.
    for step in steps {
        let script = step["run"].as_str().unwrap();
        assert!(
            !script.contains("${{"),
            "a step interpolates into its script:\n{script}"
        );
    }
    let install = steps[0]["run"].as_str().unwrap();
    assert!(install.contains("scripts/install-dspt.sh"), "{install}");
    let run = steps[1]["run"].as_str().unwrap();
    let inputs = &action["inputs"];
    let default = |name: &str| inputs[name]["default"].as_str().unwrap().to_string();
    let fixture = copy_fixture("noncompliant-supplier");
    let sarif = default("sarif");
    let fail_on = default("fail-on");
    let run_with_args = |args: &str| {
        bash(
            fixture.path(),
            run,
            &[
                ("DSPT_ARGS", args),
                ("DSPT_FAIL_ON", &fail_on),
                ("DSPT_SARIF", &sarif),
                ("DSPT_PSEUDONYM_KEY", ""),
            ],
        )
    };
    // An argument that a shell would expand, were it interpolated, stays a word.
    let outcome = run_with_args(&format!(
        "--config dspt.yaml --as-of {AS_OF} $(touch pwned)"
    ));
    assert_eq!(
        outcome.code,
        2,
        "`$(touch pwned)` is passed to dspt as words: {}",
        outcome.transcript()
    );
    assert!(!fixture.path().join("pwned").exists());
    let outcome = run_with_args(&format!("--config dspt.yaml --as-of {AS_OF}"));
    assert_eq!(
        outcome.code,
        1,
        "a failing estate fails the job: {}",
        outcome.transcript()
    );
    assert!(
        outcome.stdout.lines().any(|l| l.starts_with("::error ")),
        "{}",
        outcome.transcript()
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.path().join(sarif)).unwrap())
            .unwrap();
    assert_eq!(report["version"], "2.1.0");
}

/// A static file server on 127.0.0.1 for the installer tests: GET of a path under `root`, 404
/// otherwise. Serves until the test process ends.
fn serve(root: &Path) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Drain the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request
                .split(' ')
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/');
            let mut stream = &stream;
            let file = root.join(path);
            let response = match (path.contains(".."), std::fs::read(&file)) {
                (false, Ok(body)) => {
                    let mut head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    head.extend(body);
                    head
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{address}")
}

/// The archive `dist` would publish for this machine, laid out as dist lays it out, and its
/// `.sha256`, under `releases/download/v9.9.9/`. The binary in it is a stand-in script (xz over
/// the 200 MB debug binary takes a minute).
fn publish_release(root: &Path) -> std::path::PathBuf {
    let target = match std::env::consts::ARCH {
        "aarch64" => "aarch64-unknown-linux-musl",
        _ => "x86_64-unknown-linux-musl",
    };
    let release = root.join("releases/download/v9.9.9");
    let staging = root.join(format!("dspt-cli-{target}"));
    std::fs::create_dir_all(&release).unwrap();
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join("dspt"), "#!/bin/sh\necho 'dspt 9.9.9'\n").unwrap();
    std::fs::write(staging.join("README.md"), "dspt\n").unwrap();
    let archive = release.join(format!("dspt-cli-{target}.tar.xz"));
    let packed = bash(
        root,
        &format!(
            "tar -cJf '{}' dspt-cli-{target} && sha256sum '{}' | sed 's| .*|  dspt-cli-{target}.tar.xz|' > '{}.sha256'",
            archive.display(),
            archive.display(),
            archive.display()
        ),
        &[],
    );
    assert_eq!(packed.code, 0, "{}", packed.transcript());
    archive
}

fn install(server: &str, into: &Path, extra: &[(&str, &str)]) -> crate::Run {
    let script = workspace_root().join("scripts/install-dspt.sh");
    let base = format!("{server}/releases/download");
    let into_dir = into.display().to_string();
    let source = workspace_root().display().to_string();
    let mut env = vec![
        ("DSPT_VERSION", "v9.9.9"),
        ("DSPT_RELEASES_URL", base.as_str()),
        ("DSPT_INSTALL_DIR", into_dir.as_str()),
        ("DSPT_SOURCE_DIR", source.as_str()),
    ];
    env.extend_from_slice(extra);
    bash(into, &format!("bash '{}'", script.display()), &env)
}

#[test]
fn the_installer_installs_a_verified_release_and_refuses_a_corrupted_one() {
    if std::env::consts::OS != "linux" {
        return;
    }
    let releases = tempfile::tempdir().unwrap();
    let archive = publish_release(releases.path());
    let server = serve(releases.path());

    let good = tempfile::tempdir().unwrap();
    let installed = install(&server, good.path(), &[]);
    assert_eq!(installed.code, 0, "{}", installed.transcript());
    assert!(
        installed.stderr.contains("installed dspt v9.9.9"),
        "{}",
        installed.transcript()
    );
    let version = Command::new(good.path().join("dspt"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&version.stdout), "dspt 9.9.9\n");

    // One byte changed after the checksum was published: refused, nothing installed.
    let mut bytes = std::fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let corrupted = tempfile::tempdir().unwrap();
    let refused = install(&server, corrupted.path(), &[]);
    assert_ne!(refused.code, 0, "{}", refused.transcript());
    assert!(
        refused.stderr.contains("checksum mismatch"),
        "{}",
        refused.transcript()
    );
    assert!(!corrupted.path().join("dspt").exists());

    // A release without its checksum is not installed unverified.
    std::fs::remove_file(format!("{}.sha256", archive.display())).unwrap();
    let unverified = install(&server, corrupted.path(), &[]);
    assert_ne!(unverified.code, 0, "{}", unverified.transcript());
    assert!(
        unverified.stderr.contains("unverified"),
        "{}",
        unverified.transcript()
    );
    assert!(!corrupted.path().join("dspt").exists());
}

#[test]
fn the_installer_builds_from_source_only_when_asked_or_when_there_is_no_release() {
    let releases = tempfile::tempdir().unwrap();
    let server = serve(releases.path());
    // A cargo that records its arguments and "builds" a dspt where cargo install would put it.
    let bin = tempfile::tempdir().unwrap();
    let cargo = bin.path().join("cargo");
    std::fs::write(
        &cargo,
        "#!/usr/bin/env bash\necho \"$@\" > \"$CARGO_LOG\"\nwhile [ $# -gt 0 ]; do if [ \"$1\" = --root ]; then mkdir -p \"$2/bin\" && printf '#!/bin/sh\\necho built\\n' > \"$2/bin/dspt\"; fi; shift; done\n",
    )
    .unwrap();
    let log = bin.path().join("cargo.log");
    let cargo_path = cargo.display().to_string();
    let log_path = log.display().to_string();
    let chmod = bash(bin.path(), "chmod +x cargo", &[]);
    assert_eq!(chmod.code, 0);
    let stub = [
        ("DSPT_CARGO", cargo_path.as_str()),
        ("CARGO_LOG", log_path.as_str()),
    ];

    // No release of v9.9.9 on the server: built from the action's checkout.
    let into = tempfile::tempdir().unwrap();
    let built = install(&server, into.path(), &stub);
    assert_eq!(built.code, 0, "{}", built.transcript());
    assert!(
        built.stderr.contains("no release v9.9.9"),
        "{}",
        built.transcript()
    );
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.starts_with("install --locked"), "{args}");
    assert!(
        args.contains(&format!("--path {}/cli", workspace_root().display())),
        "{args}"
    );
    assert!(into.path().join("dspt").is_file());

    // Asked for: built without a download.
    std::fs::remove_file(&log).unwrap();
    let mut asked = stub.to_vec();
    asked.push(("DSPT_BUILD_FROM_SOURCE", "true"));
    let into = tempfile::tempdir().unwrap();
    let built = install("http://127.0.0.1:9", into.path(), &asked);
    assert_eq!(built.code, 0, "{}", built.transcript());
    assert!(log.is_file());

    // A server that does not answer is an error, not a reason to build.
    std::fs::remove_file(&log).unwrap();
    let into = tempfile::tempdir().unwrap();
    let failed = install("http://127.0.0.1:9", into.path(), &stub);
    assert_ne!(failed.code, 0, "{}", failed.transcript());
    assert!(!log.exists());
}

#[test]
fn the_pre_commit_hook_entry_runs() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["language"], "system");
    let args: Vec<&str> = hook["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let script = format!(
        "{} {} --as-of {AS_OF}",
        hook["entry"].as_str().unwrap(),
        args.join(" ")
    );
    // Run from the repository itself, as pre-commit does: only repository evidence is there.
    let fixture = copy_fixture("compliant-supplier");
    let outcome = bash(&fixture.path().join("repo"), &script, &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    assert!(
        outcome.stdout.contains("REPO-SEC-001 pass (judged 1)")
            || outcome.stdout.contains("REPO-SEC-001 judged 1"),
        "{}",
        outcome.transcript()
    );
}

#[test]
fn the_gitlab_job_script_writes_its_artefacts() {
    let job = &yaml("docs/ci/gitlab-ci.yml")["dspt"];
    let fixture = copy_fixture("noncompliant-supplier");
    for line in job["script"].as_array().unwrap() {
        let outcome = bash(
            fixture.path(),
            &format!("{} --as-of {AS_OF}", line.as_str().unwrap()),
            &[],
        );
        assert_eq!(outcome.code, 1, "{}", outcome.transcript());
    }
    let junit = job["artifacts"]["reports"]["junit"].as_str().unwrap();
    let xml = std::fs::read_to_string(fixture.path().join(junit)).unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("<failure"),
        "{xml}"
    );
    for artefact in job["artifacts"]["paths"].as_array().unwrap() {
        assert!(
            fixture.path().join(artefact.as_str().unwrap()).is_file(),
            "{artefact} not written"
        );
    }
}

/// The installer asks for archives `dist` publishes: every target it maps a machine to is one
/// the release builds, under the name dist gives it.
#[test]
fn the_installer_fetches_what_the_release_publishes() {
    let config = std::fs::read_to_string(workspace_root().join("dist-workspace.toml")).unwrap();
    let config: toml::Value = toml::from_str(&config).unwrap();
    let targets: Vec<&str> = config["dist"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let installer =
        std::fs::read_to_string(workspace_root().join("scripts/install-dspt.sh")).unwrap();
    let mapped: Vec<&str> = installer
        .lines()
        .filter_map(|line| line.split("target=").nth(1))
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap()
                .trim_end_matches(';')
        })
        .collect();
    assert_eq!(mapped.len(), 4, "{mapped:?}");
    for target in mapped {
        assert!(
            targets.contains(&target),
            "{target} is not built by the release: {targets:?}"
        );
    }
    assert!(installer.contains("archive=\"dspt-cli-$target.tar.xz\""));
    // The release workflow is dist's own, not edited by hand.
    let release =
        std::fs::read_to_string(workspace_root().join(".github/workflows/release.yml")).unwrap();
    assert!(release.starts_with("# This file was autogenerated by dist"));
}
