package dspt.checks.repo.codeowners_test

import rego.v1

import data.dspt.checks.repo.codeowners
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"codeowners_paths": ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"],
	"codeowners_catch_all_patterns": ["*", "**", "/", "/*", "/**", "**/*", "/**/*"],
}}

test_catch_all_rule_passes if {
	text := "# Owners of the records API\r\n\r\n*       @acme-health/records-team   # everyone reviews\r\n/infra/ @acme-health/platform\r\n"
	files := {".github/CODEOWNERS": repository.text_file(text)}
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(codeowners.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(codeowners.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_gitlab_sections_and_slash_pattern_pass if {
	text := "[Backend][2] @acme/backend\n/** @acme/leads security@example.com\n^[Docs]\ndocs/ @acme/writers\n"
	files := {".gitlab/CODEOWNERS": repository.text_file(text)}
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(codeowners.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_missing_codeowners_is_denied if {
	deny := codeowners.deny with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "none of CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS, .gitlab/CODEOWNERS exists")
	not finding.file
}

test_no_catch_all_rule_is_denied_with_the_file if {
	files := {"CODEOWNERS": repository.text_file("/src/ @acme/devs\n*.tf @acme/platform\n")}
	deny := codeowners.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": "CODEOWNERS has no catch-all rule (one of * ** / /* /** **/* /**/*) naming an owner, so files no other rule matches have no code owner",
		"file": "CODEOWNERS",
		"source": "repository",
	}}
}

test_catch_all_rule_in_a_comment_does_not_count if {
	files := {"CODEOWNERS": repository.text_file("# * @acme/everyone\n/src/ @acme/devs\n")}
	count(codeowners.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_catch_all_without_owner_is_denied_and_warned if {
	files := {"docs/CODEOWNERS": repository.text_file("*   # owners to be decided\n/src/ @acme/devs\n")}
	deny := codeowners.deny with input as repository.evidence(files) with data.dspt.params as params
	some denied in deny
	denied.file == "docs/CODEOWNERS"
	warn := codeowners.warn with input as repository.evidence(files) with data.dspt.params as params
	warn == {{
		"msg": "docs/CODEOWNERS line 1: the rule for * names no owner, so the files it matches have no code owner",
		"file": "docs/CODEOWNERS",
		"line": 1,
		"source": "repository",
	}}
}

test_rule_without_owner_warns if {
	files := {".github/CODEOWNERS": repository.text_file("* @acme/devs\n\n/vendor/\n")}
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	warn := codeowners.warn with input as repository.evidence(files) with data.dspt.params as params
	some finding in warn
	finding.line == 3
	contains(finding.msg, "the rule for /vendor/ names no owner")
}

test_unreadable_codeowners_is_an_error if {
	files := {"CODEOWNERS": {"kind": "text", "error": {"message": "stream did not contain valid UTF-8", "line": 2}}}
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := codeowners.error with input as repository.evidence(files) with data.dspt.params as params
	some finding in errors
	finding.file == "CODEOWNERS"
	finding.line == 2
}

test_codeowners_without_text_is_an_error if {
	files := {"CODEOWNERS": {"kind": "other"}}
	errors := codeowners.error with input as repository.evidence(files) with data.dspt.params as params
	some finding in errors
	contains(finding.msg, "holds no text for CODEOWNERS")
}

test_unreadable_file_ignored_when_another_covers if {
	files := {"CODEOWNERS": {"kind": "text", "error": {"message": "too large"}}, ".github/CODEOWNERS": repository.text_file("* @acme/devs\n")}
	count(codeowners.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_paths_parameter_is_honoured if {
	files := {"config/CODEOWNERS": repository.text_file("* @acme/devs\n")}
	count(codeowners.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"codeowners_paths": ["config/CODEOWNERS"]})}
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_catch_all_parameter_is_honoured if {
	files := {"CODEOWNERS": repository.text_file("** @acme/devs\n")}
	override := {"repository": object.union(params.repository, {"codeowners_catch_all_patterns": ["*"]})}
	count(codeowners.deny) == 1 with input as repository.evidence(files) with data.dspt.params as override
	count(codeowners.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_judged_is_the_repository if {
	count(codeowners.judged) == 1 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(codeowners.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
