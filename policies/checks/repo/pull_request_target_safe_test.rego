package dspt.checks.repo.pull_request_target_safe_test

import rego.v1

import data.dspt.checks.repo.pull_request_target_safe
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {"untrusted_checkout_refs": [
	"github.event.pull_request.head",
	"github.head_ref",
	"github.event.pull_request.merge_commit_sha",
	"refs/pull/",
]}}

head_checkout := {"name": "Check out PR", "uses": "actions/checkout@v4", "with": {"ref": "${{ github.event.pull_request.head.sha }}"}}

workflow(on, steps) := {"on": on, "permissions": {"contents": "read"}, "jobs": {"preview": {"runs-on": "ubuntu-24.04", "steps": steps}}}

test_pull_request_target_without_head_checkout_passes if {
	steps := [{"uses": "actions/checkout@v4"}, {"uses": "actions/labeler@v5"}]
	files := {".github/workflows/label.yml": repository.yaml_file(workflow({"pull_request_target": {"types": ["opened"]}}, steps))}
	count(pull_request_target_safe.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(pull_request_target_safe.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	not pull_request_target_safe.skip with input as repository.evidence(files) with data.dspt.params as params
}

test_head_checkout_on_pull_request_passes if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow(["pull_request"], [head_checkout]))}
	count(pull_request_target_safe.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_head_sha_checkout_is_denied if {
	files := {".github/workflows/preview.yml": repository.yaml_file(workflow("pull_request_target", [head_checkout, {"run": "npm ci && npm run build"}]))}
	deny := pull_request_target_safe.deny with input as repository.evidence(files) with data.dspt.params as params
	deny == {{
		"msg": ".github/workflows/preview.yml runs on pull_request_target and job preview, step \"Check out PR\", checks out the pull request's code (ref: ${{ github.event.pull_request.head.sha }}) with the base repository's secrets and write token",
		"file": ".github/workflows/preview.yml",
		"pointer": "/jobs/preview/steps/0/with/ref",
		"source": "repository",
	}}
}

test_head_ref_in_trigger_list_is_denied if {
	step := {"uses": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "with": {"ref": "${{ github.head_ref }}", "repository": "${{ github.event.pull_request.head.repo.full_name }}"}}
	files := {".github/workflows/preview.yml": repository.yaml_file(workflow(["push", "pull_request_target"], [step]))}
	deny := pull_request_target_safe.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "job preview, step 1, checks out the pull request's code (ref: ${{ github.head_ref }}, repository: ${{ github.event.pull_request.head.repo.full_name }})")
}

test_yaml_11_true_key_is_read_as_on if {
	document := {"true": {"pull_request_target": null}, "jobs": {"build": {"steps": [head_checkout]}}}
	files := {".github/workflows/preview.yml": repository.yaml_file(document)}
	count(pull_request_target_safe.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_boolean_true_key_is_read_as_on if {
	document := {true: "pull_request_target", "jobs": {"build": {"steps": [head_checkout]}}}
	files := {".github/workflows/preview.yml": repository.yaml_file(document)}
	count(pull_request_target_safe.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_refs_parameter_is_honoured if {
	step := {"uses": "actions/checkout@v4", "with": {"ref": "${{ github.event.pull_request.head.sha }}"}}
	files := {".github/workflows/preview.yml": repository.yaml_file(workflow("pull_request_target", [step]))}
	override := {"repository": {"untrusted_checkout_refs": ["github.head_ref"]}}
	count(pull_request_target_safe.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
	count(pull_request_target_safe.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_unparsable_workflow_is_an_error if {
	files := {".github/workflows/preview.yml": {"kind": "yaml", "error": {"message": "did not find expected key", "line": 14}}}
	count(pull_request_target_safe.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := pull_request_target_safe.error with input as repository.evidence(files) with data.dspt.params as params
	some finding in errors
	finding.file == ".github/workflows/preview.yml"
	finding.line == 14
}

test_no_workflows_is_skipped if {
	reason := pull_request_target_safe.skip with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	contains(reason, "no GitHub Actions workflow")
}

test_repository_input_is_pointed_at_when_it_alone_is_untrusted if {
	step := {"uses": "actions/checkout@v4", "with": {"ref": "main", "repository": "${{ github.event.pull_request.head.repo.full_name }}"}}
	files := {".github/workflows/preview.yml": repository.yaml_file(workflow("pull_request_target", [{"run": "echo"}, step]))}
	deny := pull_request_target_safe.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/jobs/preview/steps/1/with/repository"
}

test_checkout_in_a_composite_action_is_denied if {
	action := {"runs": {"using": "composite", "steps": [head_checkout]}}
	files := {
		".github/workflows/preview.yml": repository.yaml_file(workflow("pull_request_target", [{"uses": "./.github/actions/prepare"}])),
		".github/actions/prepare/action.yml": repository.yaml_file(action),
	}
	deny := pull_request_target_safe.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.file == ".github/actions/prepare/action.yml"
	finding.pointer == "/runs/steps/0/with/ref"
	contains(finding.msg, ".github/workflows/preview.yml runs on pull_request_target and job preview, step \"Check out PR\" (in .github/actions/prepare/action.yml)")

	# The same action used on pull_request is safe.
	safe := object.union(files, {".github/workflows/preview.yml": repository.yaml_file(workflow("pull_request", [{"uses": "./.github/actions/prepare"}]))})
	count(pull_request_target_safe.deny) == 0 with input as repository.evidence(safe) with data.dspt.params as params
}

test_checkout_in_a_called_reusable_workflow_is_denied if {
	caller := {"on": "pull_request_target", "jobs": {"build": {"uses": "./.github/workflows/build.yml"}}}
	callee := {"on": {"workflow_call": null}, "jobs": {"compile": {"steps": [head_checkout]}}}
	files := {".github/workflows/preview.yml": repository.yaml_file(caller), ".github/workflows/build.yml": repository.yaml_file(callee)}
	deny := pull_request_target_safe.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	finding.file == ".github/workflows/build.yml"
	finding.pointer == "/jobs/compile/steps/0/with/ref"
	contains(finding.msg, "is called by a workflow that runs on pull_request_target")
}

test_judged_counts_workflows if {
	files := {
		".github/workflows/a.yml": repository.yaml_file(workflow("push", [])),
		".github/workflows/b.yml": repository.yaml_file(workflow("pull_request_target", [])),
		"docs/a.yml": repository.yaml_file({}),
	}
	count(pull_request_target_safe.judged) == 2 with input as repository.evidence(files) with data.dspt.params as params
	count(pull_request_target_safe.judged) == 0 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(pull_request_target_safe.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}
