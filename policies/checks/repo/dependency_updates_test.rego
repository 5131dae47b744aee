package dspt.checks.repo.dependency_updates_test

import rego.v1

import data.dspt.checks.repo.dependency_updates
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"repository": {
	"security_policy_paths": ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md", ".well-known/security.txt"],
	"dependabot_paths": [".github/dependabot.yml", ".github/dependabot.yaml"],
	"renovate_paths": ["renovate.json", ".github/renovate.json", ".gitlab/renovate.json", ".renovaterc", ".renovaterc.json"],
}}

pip_weekly := {"package-ecosystem": "pip", "directory": "/", "schedule": {"interval": "weekly"}}

actions_weekly := {"package-ecosystem": "github-actions", "directory": "/", "schedule": {"interval": "weekly"}}

npm_unscheduled := {"package-ecosystem": "npm", "directory": "/"}

test_valid_dependabot_passes if {
	files := {"README.md": {"kind": "text"}, ".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [pip_weekly, actions_weekly]})}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(dependency_updates.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(dependency_updates.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_renovate_passes if {
	files := {"renovate.json": {"kind": "json", "documents": [{"extends": ["config:recommended"]}]}}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_no_configuration_is_denied if {
	deny := dependency_updates.deny with input as repository.evidence({"README.md": {"kind": "text"}}) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "none of .github/dependabot.yml, .github/dependabot.yaml, renovate.json")
	not finding.file
}

test_entry_without_schedule_is_denied if {
	files := {".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [pip_weekly, npm_unscheduled]})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "Dependabot configuration .github/dependabot.yml is invalid: updates entry 2 (npm) lacks schedule.interval",
		"file": ".github/dependabot.yml",
		"pointer": "/updates/1",
		"source": "repository",
	}}
}

test_entry_without_ecosystem_is_denied if {
	files := {".github/dependabot.yaml": repository.yaml_file({"version": 2, "updates": [{"directory": "/", "schedule": {"interval": "daily"}}]})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == ".github/dependabot.yaml"
	contains(finding.msg, "updates entry 1 lacks package-ecosystem")
	finding.pointer == "/updates/0"
}

test_wrong_version_is_denied if {
	files := {".github/dependabot.yml": repository.yaml_file({"version": 1, "updates": [pip_weekly]})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "version is 1, expected 2")
	finding.pointer == "/version"
}

test_missing_version_has_no_pointer if {
	files := {".github/dependabot.yml": repository.yaml_file({"updates": [pip_weekly]})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "version is missing, expected 2")
	not finding.pointer
}

test_schedule_without_interval_points_at_the_schedule if {
	entry := {"package-ecosystem": "npm", "directory": "/", "schedule": {"day": "monday"}}
	files := {".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [pip_weekly, entry]})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/updates/1/schedule"
}

test_judged_is_the_repository if {
	count(dependency_updates.judged) == 1 with input as repository.evidence({"README.md": {"kind": "text"}}) with data.dspt.params as params
	count(dependency_updates.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

test_empty_updates_is_denied if {
	files := {".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": []})}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "has no updates entries")
	finding.pointer == "/updates"
}

test_invalid_dependabot_only_warns_when_renovate_is_valid if {
	files := {
		".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [npm_unscheduled]}),
		".renovaterc.json": {"kind": "json", "documents": [{}]},
	}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	warn := dependency_updates.warn with input as repository.evidence(files) with data.dspt.params as params
	some finding in warn
	finding.file == ".github/dependabot.yml"
}

test_unparsable_configuration_is_an_error_with_its_line if {
	files := {".github/dependabot.yml": {"kind": "yaml", "error": {"message": "did not find expected key", "line": 7, "column": 5}}}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := dependency_updates.error with input as repository.evidence(files) with data.dspt.params as params
	count(errors) == 1
	some finding in errors
	finding.file == ".github/dependabot.yml"
	finding.line == 7
}

test_unparsable_renovate_blocks_failure_of_invalid_dependabot if {
	files := {
		".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [npm_unscheduled]}),
		"renovate.json": {"kind": "json", "error": {"message": "trailing comma", "line": 4}},
	}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(dependency_updates.error) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_unparsable_file_ignored_when_another_is_valid if {
	files := {
		".github/dependabot.yml": repository.yaml_file({"version": 2, "updates": [pip_weekly]}),
		"renovate.json": {"kind": "json", "error": {"message": "trailing comma", "line": 4}},
		".renovaterc": {"kind": "other"},
	}
	count(dependency_updates.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_renovate_not_read_as_json_is_an_error if {
	files := {".renovaterc": {"kind": "other"}}
	errors := dependency_updates.error with input as repository.evidence(files) with data.dspt.params as params
	some finding in errors
	finding.file == ".renovaterc"
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_paths_parameter_is_honoured if {
	files := {"config/dependabot.yml": repository.yaml_file({"version": 2, "updates": [pip_weekly]})}
	count(dependency_updates.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"dependabot_paths": ["config/dependabot.yml"]})}
	count(dependency_updates.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_empty_dependabot_file_is_denied_once if {
	files := {".github/dependabot.yml": {"kind": "yaml", "documents": []}}
	deny := dependency_updates.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "Dependabot configuration .github/dependabot.yml is invalid: holds no YAML document",
		"file": ".github/dependabot.yml",
		"source": "repository",
	}}
}
