package dspt.checks.repo.workflow_permissions_test

import rego.v1

import data.dspt.checks.repo.workflow_permissions
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {"top_level_write_scopes_allowed": []}}

steps := [{"uses": "actions/checkout@v4"}, {"run": "make test"}]

test_top_level_read_permissions_pass if {
	document := {"on": "push", "permissions": {"contents": "read"}, "jobs": {"test": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(workflow_permissions.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(workflow_permissions.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	not workflow_permissions.skip with input as repository.evidence(files) with data.dspt.params as params
}

test_read_all_and_empty_permissions_pass if {
	files := {
		".github/workflows/a.yml": repository.yaml_file({"on": "push", "permissions": "read-all", "jobs": {"test": {"steps": steps}}}),
		".github/workflows/b.yml": repository.yaml_file({"on": "push", "permissions": {}, "jobs": {"test": {"steps": steps}}}),
	}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_permissions_on_every_job_pass if {
	document := {"on": "push", "jobs": {
		"test": {"permissions": {"contents": "read"}, "steps": steps},
		"release": {"permissions": {"contents": "write", "id-token": "write"}, "steps": steps},
	}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(workflow_permissions.warn) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_missing_permissions_are_denied if {
	document := {"on": ["push", "pull_request"], "jobs": {"test": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": ".github/workflows/ci.yml sets no permissions at the top level, nor on job test, so its GITHUB_TOKEN gets the repository default, which may be read-write",
		"file": ".github/workflows/ci.yml",
		"pointer": "/jobs/test",
		"source": "repository",
	}}
}

test_a_job_without_permissions_is_denied if {
	document := {"on": "push", "jobs": {
		"lint": {"permissions": {"contents": "read"}, "steps": steps},
		"test": {"steps": steps},
		"build": {"permissions": null, "steps": steps},
	}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 2
	{finding.pointer | some finding in deny} == {"/jobs/build", "/jobs/test"}
	some finding in deny
	contains(finding.msg, "nor on job build,")
}

test_null_top_level_permissions_are_denied if {
	document := {"on": "push", "permissions": null, "jobs": {"test": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	count(workflow_permissions.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_workflow_without_jobs_is_denied if {
	files := {".github/workflows/empty.yml": repository.yaml_file({"on": "push"})}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == ".github/workflows/empty.yml"
	contains(finding.msg, "has no jobs that set them")
}

test_top_level_write_all_is_denied if {
	document := {"on": "push", "permissions": "write-all", "jobs": {"test": {"steps": steps}}}
	files := {".github/workflows/release.yml": repository.yaml_file(document)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": ".github/workflows/release.yml grants its GITHUB_TOKEN write-all permissions to every job",
		"file": ".github/workflows/release.yml",
		"pointer": "/permissions",
		"source": "repository",
	}}
}

test_job_write_all_is_denied if {
	document := {"on": "push", "permissions": {"contents": "read"}, "jobs": {"publish": {"permissions": "write-all", "steps": steps}}}
	files := {".github/workflows/release.yml": repository.yaml_file(document)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.msg == ".github/workflows/release.yml grants the GITHUB_TOKEN of job publish write-all permissions"
	finding.pointer == "/jobs/publish/permissions"
}

test_top_level_write_scopes_warn if {
	document := {"on": "push", "permissions": {"contents": "write", "packages": "write", "pull-requests": "read"}, "jobs": {"test": {"steps": steps}}}
	files := {".github/workflows/release.yml": repository.yaml_file(document)}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	warn := workflow_permissions.warn with input as repository.evidence(files) with data.dspt.params as params
	warn == {{
		"msg": ".github/workflows/release.yml grants write access to every job at the top level (contents: write, packages: write); grant it only on the jobs that need it",
		"file": ".github/workflows/release.yml",
		"pointer": "/permissions",
		"source": "repository",
	}}
}

test_unparsable_workflow_is_an_error if {
	files := {".github/workflows/ci.yml": {"kind": "yaml", "error": {"message": "found character that cannot start any token", "line": 3}}}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := workflow_permissions.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": ".github/workflows/ci.yml could not be parsed, so the permissions its token gets are unknown: found character that cannot start any token",
		"file": ".github/workflows/ci.yml",
		"line": 3,
		"source": "repository",
	}}
}

test_no_workflows_is_skipped if {
	files := {"README.md": {"kind": "other"}, ".github/workflows/README.md": {"kind": "other"}}
	reason := workflow_permissions.skip with input as repository.evidence(files) with data.dspt.params as params
	contains(reason, "no GitHub Actions workflow in .github/workflows/")
}

test_allowed_scopes_parameter_is_honoured if {
	document := {"on": "push", "permissions": {"contents": "read", "id-token": "write"}, "jobs": {"deploy": {"steps": steps}}}
	files := {".github/workflows/deploy.yml": repository.yaml_file(document)}
	count(workflow_permissions.warn) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": {"top_level_write_scopes_allowed": ["id-token"]}}
	count(workflow_permissions.warn) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_job_calling_a_restricted_local_reusable_workflow_passes if {
	caller := {"on": "pull_request", "jobs": {"scan": {"uses": "./.github/workflows/scan.yml"}}}
	callee := {"on": {"workflow_call": null}, "permissions": {"contents": "read"}, "jobs": {"audit": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller), ".github/workflows/scan.yml": repository.yaml_file(callee)}
	count(workflow_permissions.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params

	# A called workflow that states no permissions leaves the caller's job with the default.
	open_callee := object.remove(callee, ["permissions"])
	unrestricted := object.union(files, {".github/workflows/scan.yml": repository.yaml_file(open_callee)})
	deny := workflow_permissions.deny with input as repository.evidence(unrestricted) with data.dspt.params as params
	{finding.pointer | some finding in deny; finding.file == ".github/workflows/ci.yml"} == {"/jobs/scan"}
}

test_job_calling_a_write_all_reusable_workflow_is_denied if {
	caller := {"on": "pull_request", "jobs": {"scan": {"uses": "./.github/workflows/scan.yml"}}}
	callee := {"on": {"workflow_call": null}, "permissions": "write-all", "jobs": {"audit": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller), ".github/workflows/scan.yml": repository.yaml_file(callee)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == ".github/workflows/ci.yml"
	finding.pointer == "/jobs/scan"
}

test_job_keys_with_a_slash_are_escaped if {
	document := {"on": "push", "jobs": {"a/b~c": {"steps": steps}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(document)}
	deny := workflow_permissions.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/jobs/a~1b~0c"
}

test_judged_counts_workflows if {
	files := {
		".github/workflows/a.yml": repository.yaml_file({"on": "push", "permissions": {}, "jobs": {"test": {"steps": steps}}}),
		".github/workflows/b.yml": {"kind": "yaml", "error": {"message": "bad"}},
		".github/workflows/old/c.yml": repository.yaml_file({"on": "push"}),
		".github/actions/x/action.yml": repository.yaml_file({"runs": {"using": "composite", "steps": []}}),
	}
	count(workflow_permissions.judged) == 2 with input as repository.evidence(files) with data.dspt.params as params
	count(workflow_permissions.judged) == 0 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(workflow_permissions.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
