package dspt.checks.repo.branch_protection_test

import rego.v1

import data.dspt.checks.repo.branch_protection
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"branch_protection_paths": [".github/branch-protection.json", "branch-protection.json"],
	"min_approving_reviews": 1,
}}

# Shaped as GitHub's REST response (URLs trimmed).
protection := {
	"url": "https://api.github.com/repos/acme/records-api/branches/main/protection",
	"required_status_checks": {"strict": true, "contexts": ["test"], "checks": [{"context": "test", "app_id": 15368}]},
	"required_pull_request_reviews": {"dismiss_stale_reviews": true, "require_code_owner_reviews": true, "required_approving_review_count": 1},
	"required_signatures": {"enabled": false},
	"enforce_admins": {"enabled": true},
	"required_linear_history": {"enabled": true},
	"allow_force_pushes": {"enabled": false},
	"allow_deletions": {"enabled": false},
	"required_conversation_resolution": {"enabled": true},
}

with_settings(settings) := repository.json_file(object.union(protection, settings))

test_protected_branch_passes if {
	files := {".github/branch-protection.json": repository.json_file(protection)}
	count(branch_protection.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(branch_protection.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(branch_protection.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	not branch_protection.skip with input as repository.evidence(files) with data.dspt.params as params
}

test_checks_without_contexts_pass if {
	files := {"branch-protection.json": with_settings({"required_status_checks": {"strict": false, "checks": [{"context": "ci / test", "app_id": null}]}})}
	count(branch_protection.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_no_export_is_skipped if {
	reason := branch_protection.skip with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	contains(reason, "branch protection lives in the hosting platform, not the repository")
	contains(reason, ".github/branch-protection.json, branch-protection.json")
}

test_zero_reviews_is_denied if {
	files := {".github/branch-protection.json": with_settings({"required_pull_request_reviews": {"required_approving_review_count": 0}})}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "default branch protection in .github/branch-protection.json falls short: merging needs 0 approving reviews, fewer than the 1 required",
		"file": ".github/branch-protection.json",
		"pointer": "/required_pull_request_reviews/required_approving_review_count",
		"source": "repository",
	}}
}

test_reviews_not_required_is_denied if {
	files := {".github/branch-protection.json": repository.json_file(json.remove(protection, ["required_pull_request_reviews"]))}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "pull requests are not required before merging")
	not finding.pointer
}

test_unstated_review_count_is_denied if {
	files := {".github/branch-protection.json": repository.json_file(json.remove(protection, ["required_pull_request_reviews/required_approving_review_count"]))}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "does not state required_approving_review_count")
	finding.pointer == "/required_pull_request_reviews"
}

test_no_status_checks_is_denied if {
	files := {
		".github/branch-protection.json": with_settings({"required_status_checks": {"strict": true, "contexts": [], "checks": []}}),
		"branch-protection.json": repository.json_file(json.remove(protection, ["required_status_checks"])),
	}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	{finding.file | some finding in deny; contains(finding.msg, "no status check is required")} == {".github/branch-protection.json", "branch-protection.json"}
	{finding.file | some finding in deny; finding.pointer == "/required_status_checks"} == {".github/branch-protection.json"}
}

test_force_push_and_deletion_are_denied if {
	files := {".github/branch-protection.json": with_settings({"allow_force_pushes": {"enabled": true}, "allow_deletions": {"enabled": true}})}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 2
	some force in deny
	contains(force.msg, "force pushes are allowed")
	force.pointer == "/allow_force_pushes/enabled"
	some deletion in deny
	contains(deletion.msg, "the branch can be deleted")
	deletion.pointer == "/allow_deletions/enabled"
}

test_unprotected_branch_is_denied_once if {
	body := {"message": "Branch not protected", "documentation_url": "https://docs.github.com/rest/branches/branch-protection#get-branch-protection", "status": "404"}
	files := {".github/branch-protection.json": repository.json_file(body)}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "the default branch is not protected according to .github/branch-protection.json: Branch not protected",
		"file": ".github/branch-protection.json",
		"source": "repository",
	}}
	count(branch_protection.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_admins_not_enforced_warns if {
	files := {".github/branch-protection.json": with_settings({"enforce_admins": {"enabled": false}})}
	count(branch_protection.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	warn := branch_protection.warn with input as repository.evidence(files) with data.dspt.params as params
	some finding in warn
	finding.file == ".github/branch-protection.json"
	contains(finding.msg, "does not apply to administrators")
	finding.pointer == "/enforce_admins"
}

test_unparsable_export_is_an_error if {
	files := {".github/branch-protection.json": {"kind": "json", "error": {"message": "EOF while parsing an object", "line": 20, "column": 1}}}
	count(branch_protection.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := branch_protection.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": "branch protection export .github/branch-protection.json could not be parsed, so whether the default branch is protected is unknown: EOF while parsing an object",
		"file": ".github/branch-protection.json",
		"line": 20,
		"source": "repository",
	}}
}

test_export_not_parsed_as_json_is_an_error if {
	override := {"repository": object.union(params.repository, {"branch_protection_paths": ["settings/protection.txt"]})}
	files := {"settings/protection.txt": {"kind": "other"}}
	errors := branch_protection.error with input as repository.evidence(files) with data.dspt.params as override
	some finding in errors
	finding.file == "settings/protection.txt"
}

test_min_reviews_parameter_is_honoured if {
	files := {".github/branch-protection.json": repository.json_file(protection)}
	override := {"repository": object.union(params.repository, {"min_approving_reviews": 2})}
	deny := branch_protection.deny with input as repository.evidence(files) with data.dspt.params as override
	some finding in deny
	contains(finding.msg, "merging needs 1 approving reviews, fewer than the 2 required")
}

test_judged_counts_exports if {
	files := {".github/branch-protection.json": repository.json_file(protection), "branch-protection.json": {"kind": "json", "error": {"message": "bad"}}}
	count(branch_protection.judged) == 2 with input as repository.evidence(files) with data.dspt.params as params
	count(branch_protection.judged) == 0 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
}
