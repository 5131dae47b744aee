package dspt.checks.repo.actions_pinned_test

import rego.v1

import data.dspt.checks.repo.actions_pinned
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"trusted_action_owners": ["actions", "github"],
	"own_owners": [],
}}

sha := "11bd71901bbe5b1630ceea73d27597364c9af683"

workflow(steps) := {"on": "pull_request", "permissions": {}, "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": steps}}}

test_pinned_and_exempt_references_pass if {
	steps := [
		{"uses": "actions/checkout@v4"},
		{"uses": "github/codeql-action/init@v3"},
		{"uses": sprintf("aquasecurity/trivy-action@%s", [sha])},
		{"uses": "./.github/actions/setup"},
		{"uses": "docker://alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d"},
		{"run": "make test"},
	]
	setup := {"runs": {"using": "composite", "steps": [{"uses": "actions/setup-node@v4"}]}}
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow(steps)), ".github/actions/setup/action.yml": repository.yaml_file(setup)}
	count(actions_pinned.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(actions_pinned.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	not actions_pinned.skip with input as repository.evidence(files) with data.dspt.params as params
}

test_third_party_tag_is_denied if {
	steps := [{"uses": "actions/checkout@v4"}, {"uses": "tj-actions/changed-files@v45"}]
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow(steps))}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": ".github/workflows/ci.yml (job build) uses tj-actions/changed-files@v45, which is not pinned to a full 40-character commit SHA: the tag or branch can be moved to run other code",
		"file": ".github/workflows/ci.yml",
		"pointer": "/jobs/build/steps/1/uses",
		"source": "repository",
	}}
}

test_short_sha_and_branch_are_denied if {
	steps := [{"uses": "aquasecurity/trivy-action@11bd719"}, {"uses": "aquasecurity/setup-trivy@main"}]
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow(steps))}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 2
}

test_reusable_workflow_job_is_denied if {
	document := {"on": "push", "jobs": {"release": {"uses": "acme-platform/workflows/.github/workflows/release.yml@main"}}}
	files := {".github/workflows/release.yml": repository.yaml_file(document)}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == ".github/workflows/release.yml"
	contains(finding.msg, "(job release) uses acme-platform/workflows/.github/workflows/release.yml@main")
}

test_docker_tag_is_denied if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "docker://alpine:3.20"}]))}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "uses docker://alpine:3.20, which is not pinned by an @sha256: digest")
}

test_composite_action_steps_are_checked if {
	action := {"name": "setup", "runs": {"using": "composite", "steps": [{"uses": "pnpm/action-setup@v4"}]}}
	files := {".github/actions/setup/action.yml": repository.yaml_file(action)}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.file == ".github/actions/setup/action.yml"
	contains(finding.msg, "(composite action) uses pnpm/action-setup@v4")
}

test_owner_match_is_case_insensitive if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "Actions/Checkout@v4"}]))}
	count(actions_pinned.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_own_owners_parameter_is_honoured if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "acme-health/deploy-action@v2"}]))}
	count(actions_pinned.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"own_owners": ["Acme-Health"]})}
	count(actions_pinned.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_trusted_owners_parameter_is_honoured if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "actions/checkout@v4"}]))}
	override := {"repository": object.union(params.repository, {"trusted_action_owners": []})}
	count(actions_pinned.deny) == 1 with input as repository.evidence(files) with data.dspt.params as override
}

test_unparsable_workflow_is_an_error if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "actions/checkout@v4"}])),
		".github/workflows/deploy.yml": {"kind": "yaml", "error": {"message": "did not find expected key", "line": 9, "column": 3}},
	}
	count(actions_pinned.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := actions_pinned.error with input as repository.evidence(files) with data.dspt.params as params
	some finding in errors
	finding.file == ".github/workflows/deploy.yml"
	finding.line == 9
}

test_no_workflows_is_skipped if {
	files := {".gitlab-ci.yml": repository.yaml_file({"test": {"script": "make"}})}
	reason := actions_pinned.skip with input as repository.evidence(files) with data.dspt.params as params
	contains(reason, "no GitHub Actions workflow")
}

test_composite_action_finding_points_into_the_action_file if {
	action := {"runs": {"using": "composite", "steps": [{"run": "echo"}, {"uses": "pnpm/action-setup@v4"}]}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "./.github/actions/setup"}])),
		".github/actions/setup/action.yml": repository.yaml_file(action),
	}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.file == ".github/actions/setup/action.yml"
	finding.pointer == "/runs/steps/1/uses"
}

test_reusable_workflow_finding_points_at_the_job if {
	document := {"on": "push", "jobs": {"release/eu": {"uses": "acme-platform/workflows/.github/workflows/release.yml@main"}}}
	files := {".github/workflows/release.yml": repository.yaml_file(document)}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/jobs/release~1eu/uses"
}

test_missing_local_action_is_denied if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "actions/checkout@v4"}, {"uses": "./.github/actions/x"}]))}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": ".github/workflows/ci.yml (job build) uses ./.github/actions/x but no action.yml or action.yaml is tracked in .github/actions/x, so whether the actions it runs are pinned cannot be seen",
		"file": ".github/workflows/ci.yml",
		"pointer": "/jobs/build/steps/1/uses",
		"source": "repository",
	}}
}

test_docker_action_image_must_be_pinned if {
	action := {"runs": {"using": "docker", "image": "docker://ghcr.io/acme/scanner:1.2"}}
	files := {"tools/scanner/action.yml": repository.yaml_file(action)}
	deny := actions_pinned.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/runs/image"
	contains(finding.msg, "(Docker action) uses docker://ghcr.io/acme/scanner:1.2, which is not pinned by an @sha256: digest")
	pinned := {"runs": {"using": "docker", "image": "docker://ghcr.io/acme/scanner@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d"}}
	count(actions_pinned.deny) == 0 with input as repository.evidence({"tools/scanner/action.yml": repository.yaml_file(pinned)}) with data.dspt.params as params
	dockerfile := {"runs": {"using": "docker", "image": "Dockerfile"}}
	count(actions_pinned.deny) == 0 with input as repository.evidence({"tools/scanner/action.yml": repository.yaml_file(dockerfile)}) with data.dspt.params as params
}

test_judged_counts_workflows_and_action_files if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow([{"uses": "./.github/actions/setup"}])),
		".github/workflows/broken.yml": {"kind": "yaml", "error": {"message": "bad"}},
		".github/actions/setup/action.yml": repository.yaml_file({"runs": {"using": "composite", "steps": []}}),
		"README.md": {"kind": "other"},
	}
	count(actions_pinned.judged) == 3 with input as repository.evidence(files) with data.dspt.params as params
	count(actions_pinned.judged) == 0 with input as repository.evidence({".gitlab-ci.yml": repository.yaml_file({})}) with data.dspt.params as params
	count(actions_pinned.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
