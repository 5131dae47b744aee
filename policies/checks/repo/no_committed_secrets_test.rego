package dspt.checks.repo.no_committed_secrets_test

import rego.v1

import data.dspt.checks.repo.no_committed_secrets
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"secret_path_patterns": [
		"**/*.tfstate", "**/*.tfstate.backup", "**/.env", "**/.env.*", "**/*.pem", "**/*.p12", "**/*.pfx",
		"**/*.key", "**/id_rsa", "**/id_dsa", "**/id_ecdsa", "**/id_ed25519",
	],
	"secret_path_allowed": ["**/.env.example", "**/.env.sample", "**/.env.template"],
}}

clean_files := {
	"README.md": {"kind": "other"},
	".env.example": {"kind": "other"},
	"services/api/.env.sample": {"kind": "other"},
	"src/environment.py": {"kind": "other"},
	"infra/main.tf": {"kind": "other"},
	"docs/keys.md": {"kind": "other"},
	".gitignore": {"kind": "text", "text": ".env\n*.tfstate\n"},
}

test_clean_repository_passes if {
	count(no_committed_secrets.deny) == 0 with input as repository.evidence_with_secrets(clean_files, []) with data.dspt.params as params
}

test_secrets_section_absent_passes_on_paths_alone if {
	evidence := json.remove(repository.evidence_with_secrets(clean_files, []), ["repository/secrets"])
	count(no_committed_secrets.deny) == 0 with input as evidence with data.dspt.params as params
}

test_root_env_file_is_denied if {
	files := object.union(clean_files, {".env": {"kind": "other"}})
	deny := no_committed_secrets.deny with input as repository.evidence_with_secrets(files, []) with data.dspt.params as params
	deny == {{
		"msg": ".env is committed, and files matching **/.env hold secrets or infrastructure state: remove it from the repository and its history, and rotate what it held",
		"file": ".env",
		"source": "repository",
	}}
}

test_nested_state_and_keys_are_denied_per_file if {
	files := object.union(clean_files, {
		"infra/terraform.tfstate": {"kind": "other"},
		"infra/terraform.tfstate.backup": {"kind": "other"},
		"deploy/certs/Server.PEM": {"kind": "other"},
		"home/.ssh/id_ed25519": {"kind": "other"},
		"services/api/.env.production": {"kind": "other"},
	})
	deny := no_committed_secrets.deny with input as repository.evidence_with_secrets(files, []) with data.dspt.params as params
	{finding.file | some finding in deny} == {
		"infra/terraform.tfstate",
		"infra/terraform.tfstate.backup",
		"deploy/certs/Server.PEM",
		"home/.ssh/id_ed25519",
		"services/api/.env.production",
	}
	count(deny) == 5
}

test_pattern_scan_findings_are_denied_without_the_secret if {
	secrets := [
		{"file": "config/settings.py", "line": 12, "kind": "aws-access-key-id"},
		{"file": "scripts/deploy.sh", "line": 3, "kind": "github-token"},
	]
	deny := no_committed_secrets.deny with input as repository.evidence_with_secrets(clean_files, secrets) with data.dspt.params as params
	count(deny) == 2
	{
		"msg": "a credential (aws-access-key-id) is committed in config/settings.py line 12: revoke it, then remove it from the repository and its history",
		"file": "config/settings.py",
		"line": 12,
		"source": "repository",
	} in deny
}

test_pattern_scan_finding_without_a_line if {
	secrets := [{"file": "keys/signing.asc", "line": null, "kind": "private-key"}]
	deny := no_committed_secrets.deny with input as repository.evidence_with_secrets(clean_files, secrets) with data.dspt.params as params
	deny == {{
		"msg": "a credential (private-key) is committed in keys/signing.asc: revoke it, then remove it from the repository and its history",
		"file": "keys/signing.asc",
		"source": "repository",
	}}
}

test_patterns_parameter_is_honoured if {
	files := object.union(clean_files, {"secrets/prod.jks": {"kind": "other"}})
	count(no_committed_secrets.deny) == 0 with input as repository.evidence_with_secrets(files, []) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"secret_path_patterns": ["**/*.jks"]})}
	deny := no_committed_secrets.deny with input as repository.evidence_with_secrets(files, []) with data.dspt.params as override
	some finding in deny
	finding.file == "secrets/prod.jks"
}

test_allowed_parameter_is_honoured if {
	files := object.union(clean_files, {"fixtures/test.pem": {"kind": "other"}})
	count(no_committed_secrets.deny) == 1 with input as repository.evidence_with_secrets(files, []) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"secret_path_allowed": array.concat(params.repository.secret_path_allowed, ["fixtures/**"])})}
	count(no_committed_secrets.deny) == 0 with input as repository.evidence_with_secrets(files, []) with data.dspt.params as override
}

test_judged_counts_tracked_files if {
	count(no_committed_secrets.judged) == 7 with input as repository.evidence_with_secrets(clean_files, []) with data.dspt.params as params
	secrets := [{"file": "src/config.py", "line": 3, "kind": "aws-access-key-id"}]
	files := object.union(clean_files, {"src/config.py": {"kind": "other"}})
	count(no_committed_secrets.judged) == 8 with input as repository.evidence_with_secrets(files, secrets) with data.dspt.params as params
	count(no_committed_secrets.judged) == 0 with input as repository.evidence_with_secrets({}, []) with data.dspt.params as params
	count(no_committed_secrets.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

# The regular-expression screen passes every path the glob matches (and more): the candidates are
# exactly those the glob finds over every path, for the shipped patterns and for patterns with
# classes, alternatives, anchors and upper case.
screen_files := {
	"deploy/prod.tfstate": {"kind": "other"},
	"a/b/.env.local": {"kind": "other"},
	"KEYS/ID_RSA": {"kind": "other"},
	".env": {"kind": "other"},
	"secrets/a.key": {"kind": "other"},
	"secrets/b.pem": {"kind": "other"},
	"secrets/sub/c.key": {"kind": "other"},
	"x.tfstate.backup": {"kind": "other"},
	"notes/env.md": {"kind": "other"},
	"a+b(c)/d.pfx": {"kind": "other"},
	"id_rsa.pub": {"kind": "other"},
	"src/module.py": {"kind": "other"},
}

every_glob_match(patterns, files) := {path |
	any_pattern := concat("", ["{", concat(",", [form | some pattern in patterns; some form in [pattern, concat("", ["/", pattern])]]), "}"])
	some path, _ in files
	glob.match(any_pattern, ["/"], concat("", ["/", lower(path)]))
}

test_the_screen_keeps_every_path_the_glob_matches if {
	some patterns in [
		params.repository.secret_path_patterns,
		["secrets/[a-b].{key,pem}", "secrets/**/*.key", "**/a+b(c)/*.pfx", "?d_rsa"],
	]
	run_params := {"repository": object.union(params.repository, {"secret_path_patterns": patterns})}
	evidence := repository.evidence_with_secrets(screen_files, [])
	found := no_committed_secrets.candidates with input as evidence with data.dspt.params as run_params
	found == every_glob_match(patterns, screen_files)
	count(found) > 0
}

# A path holding a line break (git allows one) would make the listing's lines differ from the
# paths: every path is then given to the glob.
test_a_path_with_a_line_break_is_still_found if {
	files := object.union(clean_files, {"odd\nname/.env": {"kind": "other"}, "deploy/prod.tfstate": {"kind": "other"}})
	evidence := repository.evidence_with_secrets(files, [])
	screened := no_committed_secrets.screened with input as evidence with data.dspt.params as params
	screened == {path | some path, _ in files}
	found := no_committed_secrets.candidates with input as evidence with data.dspt.params as params
	found == every_glob_match(params.repository.secret_path_patterns, files)
	"deploy/prod.tfstate" in found
}
