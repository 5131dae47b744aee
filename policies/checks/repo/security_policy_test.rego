package dspt.checks.repo.security_policy_test

import rego.v1

import data.dspt.checks.repo.security_policy
import data.dspt.testing
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params.yaml.
params := {"repository": {
	"security_policy_paths": ["SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md", ".well-known/security.txt"],
	"dependabot_paths": [".github/dependabot.yml", ".github/dependabot.yaml"],
	"renovate_paths": ["renovate.json", ".github/renovate.json", ".gitlab/renovate.json", ".renovaterc", ".renovaterc.json"],
}}

readme := {"kind": "text"}

no_contact := repository.text_file("# Security\n\nPlease raise any concerns with your account manager.\n")

test_email_contact_passes if {
	files := {"README.md": readme, "SECURITY.md": repository.text_file("# Security\n\nEmail security@acme-health.co.uk within 24 hours.\n")}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(security_policy.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_security_txt_https_contact_passes if {
	files := {".well-known/security.txt": repository.text_file("Contact: https://acme-health.co.uk/security\nExpires: 2027-01-01T00:00:00.000Z\n")}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_missing_policy_is_denied_naming_the_paths if {
	deny := security_policy.deny with input as repository.evidence({"README.md": readme}) with data.dspt.params as params
	deny == {{
		"msg": "no security policy gives a route to report incidents and vulnerabilities: none of SECURITY.md, .github/SECURITY.md, docs/SECURITY.md, .well-known/security.txt exists",
		"source": "repository",
	}}
}

test_policy_without_contact_is_denied if {
	deny := security_policy.deny with input as repository.evidence({"SECURITY.md": no_contact}) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.file == "SECURITY.md"
	contains(finding.msg, "gives no contact")
}

test_http_url_is_not_a_contact if {
	files := {"SECURITY.md": repository.text_file("See http://acme-health.co.uk/security for details.\n")}
	deny := security_policy.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == "SECURITY.md"
}

test_contact_in_another_candidate_passes if {
	files := {
		"SECURITY.md": no_contact,
		"docs/SECURITY.md": repository.text_file("Report vulnerabilities to https://acme-health.co.uk/report\n"),
	}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_unreadable_policy_is_an_error_not_a_failure if {
	files := {"SECURITY.md": {"kind": "text", "error": {"message": "stream did not contain valid UTF-8", "line": 3}}}
	errors := security_policy.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": "SECURITY.md could not be read, so whether it gives a reporting contact is unknown: stream did not contain valid UTF-8",
		"file": "SECURITY.md",
		"line": 3,
		"source": "repository",
	}}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_unreadable_candidate_blocks_failure_of_another if {
	files := {
		"SECURITY.md": no_contact,
		".github/SECURITY.md": {"kind": "text", "error": {"message": "file too large"}},
	}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := security_policy.error with input as repository.evidence(files) with data.dspt.params as params
	count(errors) == 1
	some finding in errors
	finding.file == ".github/SECURITY.md"
	not finding.line
}

test_unreadable_candidate_ignored_when_a_contact_exists if {
	files := {
		"SECURITY.md": repository.text_file("security@acme-health.co.uk"),
		".github/SECURITY.md": {"kind": "text", "error": {"message": "file too large"}},
		"docs/SECURITY.md": {"kind": "other"},
	}
	count(security_policy.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_candidate_without_text_is_an_error if {
	errors := security_policy.error with input as repository.evidence({"SECURITY.md": {"kind": "other"}}) with data.dspt.params as params
	some finding in errors
	finding.file == "SECURITY.md"
	contains(finding.msg, "holds no text")
}

test_paths_parameter_is_honoured if {
	files := {"policies/SECURITY.md": repository.text_file("security@acme-health.co.uk")}
	count(security_policy.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"security_policy_paths": ["policies/SECURITY.md"]})}
	count(security_policy.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_absent_repository_section_gives_no_finding if {
	evidence := testing.evidence({})
	count(security_policy.deny) == 0 with input as evidence with data.dspt.params as params
	count(security_policy.error) == 0 with input as evidence with data.dspt.params as params
}

test_judged_is_the_repository if {
	count(security_policy.judged) == 1 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(security_policy.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
