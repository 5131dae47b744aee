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
