package dspt.checks.repo.ci_scanning_test

import rego.v1

import data.dspt.checks.repo.ci_scanning
import data.dspt.testing.repository

# The parameters the check reads, as shipped in policies/params/repository-ci.yaml.
params := {"repository": {
	"gitlab_ci_paths": [".gitlab-ci.yml"],
	"scanning_actions": [
		"github/codeql-action/", "aquasecurity/trivy-action", "google/osv-scanner-action", "snyk/actions/",
		"actions/dependency-review-action", "anchore/scan-action",
	],
	"scanning_commands": [
		"trivy", "osv-scanner", "pip-audit", "npm audit", "cargo audit", "cargo deny", "safety check", "grype",
		"snyk test", "bundle audit", "govulncheck",
	],
	"scanning_triggers": ["pull_request", "push", "merge_group"],
	"scanning_gitlab_templates": ["Security/SAST.gitlab-ci.yml", "Security/Dependency-Scanning.gitlab-ci.yml"],
	"scanning_gitlab_components": ["/components/sast/", "/components/dependency-scanning/"],
}}

checkout := {"uses": "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683"}

workflow(on, steps) := {"name": "ci", "on": on, "permissions": {"contents": "read"}, "jobs": {"test": {"runs-on": "ubuntu-24.04", "steps": steps}}}

tests_only := workflow(["push", "pull_request"], [checkout, {"run": "npm ci"}, {"run": "npm test"}])

test_scanning_action_on_pull_request_passes if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow({"pull_request": null}, [checkout, {"uses": "google/osv-scanner-action/osv-scanner-action@v2.0.2"}]))}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(ci_scanning.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_scanning_command_on_push_passes if {
	files := {".github/workflows/audit.yaml": repository.yaml_file(workflow("push", [checkout, {"run": "pip install pip-audit\npip-audit -r requirements.txt"}]))}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_action_prefix_is_case_insensitive if {
	files := {".github/workflows/codeql.yml": repository.yaml_file(workflow({"push": {"branches": ["main"]}}, [{"uses": "GitHub/CodeQL-Action/analyze@v3"}]))}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_yaml_11_true_key_is_read_as_on if {
	document := {"true": ["pull_request"], "jobs": {"scan": {"steps": [{"uses": "aquasecurity/trivy-action@0.28.0"}]}}}
	files := {".github/workflows/scan.yml": repository.yaml_file(document)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_boolean_true_key_is_read_as_on if {
	document := {true: "pull_request", "jobs": {"scan": {"steps": [{"run": "grype dir:."}]}}}
	files := {".github/workflows/scan.yml": repository.yaml_file(document)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_local_reusable_workflow_called_on_pull_request_passes if {
	caller := {"on": "pull_request", "jobs": {"scan": {"uses": "./.github/workflows/scan.yml"}}}
	callee := {"on": {"workflow_call": null}, "jobs": {"audit": {"steps": [checkout, {"run": "cargo audit"}]}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller), ".github/workflows/scan.yml": repository.yaml_file(callee)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_third_party_reusable_scanning_workflow_passes if {
	caller := {"on": ["pull_request"], "jobs": {"osv": {"uses": "google/osv-scanner-action/.github/workflows/osv-scanner-reusable.yml@v2.0.2"}}}
	files := {".github/workflows/osv.yml": repository.yaml_file(caller)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_no_ci_is_denied if {
	deny := ci_scanning.deny with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "no CI configuration")
	not finding.file
}

test_ci_without_scanning_is_denied if {
	files := {".github/workflows/ci.yml": repository.yaml_file(tests_only), "package.json": {"kind": "json", "documents": [{}]}}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, "CI runs no dependency or code scanning")
	contains(finding.msg, "read .github/workflows/ci.yml")
}

test_scanning_only_on_schedule_is_denied_and_named if {
	nightly := workflow({"schedule": [{"cron": "0 3 * * *"}]}, [checkout, {"run": "trivy fs ."}])
	files := {".github/workflows/ci.yml": repository.yaml_file(tests_only), ".github/workflows/nightly.yml": repository.yaml_file(nightly)}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 1
	some finding in deny
	contains(finding.msg, ".github/workflows/nightly.yml scans but is not triggered on any of pull_request, push, merge_group")
}

test_workflows_in_subfolders_are_not_read if {
	files := {".github/workflows/old/scan.yml": repository.yaml_file(workflow("push", [{"run": "govulncheck ./..."}]))}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "no CI configuration")
}

test_gitlab_security_template_passes if {
	config := {"stages": ["test"], "include": [{"template": "Security/SAST.gitlab-ci.yml"}, {"local": "/ci/build.yml"}]}
	files := {".gitlab-ci.yml": repository.yaml_file(config)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_gitlab_single_include_object_passes if {
	config := {"include": {"template": "Security/Dependency-Scanning.gitlab-ci.yml"}}
	files := {".gitlab-ci.yml": repository.yaml_file(config)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_gitlab_component_passes if {
	config := {"include": [{"component": "$CI_SERVER_FQDN/components/sast/sast@2.0.0"}]}
	files := {".gitlab-ci.yml": repository.yaml_file(config)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_gitlab_job_script_passes if {
	config := {"audit": {"stage": "test", "script": ["pip install pip-audit", ["pip-audit --strict"]]}}
	files := {".gitlab-ci.yml": repository.yaml_file(config)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_gitlab_without_scanning_is_denied if {
	config := {"include": ["ci/build.yml", {"template": "Security/Secret-Detection.gitlab-ci.yml"}], "test": {"script": "pytest"}}
	files := {".gitlab-ci.yml": repository.yaml_file(config)}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "read .gitlab-ci.yml")
}

test_unparsable_workflow_is_an_error_when_nothing_scans if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(tests_only),
		".github/workflows/scan.yml": {"kind": "yaml", "error": {"message": "mapping values are not allowed in this context", "line": 12, "column": 9}},
	}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := ci_scanning.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": "CI configuration .github/workflows/scan.yml could not be parsed, so whether it runs dependency or code scanning is unknown: mapping values are not allowed in this context",
		"file": ".github/workflows/scan.yml",
		"line": 12,
		"source": "repository",
	}}
}

test_unparsable_workflow_ignored_when_another_scans if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [{"uses": "snyk/actions/node@master"}])),
		".github/workflows/broken.yml": {"kind": "yaml", "error": {"message": "bad indentation"}},
	}
	count(ci_scanning.error) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_commands_parameter_is_honoured if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [{"run": "mvn org.owasp:dependency-check-maven:check"}]))}
	count(ci_scanning.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"scanning_commands": ["dependency-check"]})}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_triggers_parameter_is_honoured if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow("workflow_dispatch", [{"run": "npm audit --audit-level=high"}]))}
	count(ci_scanning.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"scanning_triggers": ["workflow_dispatch"]})}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_gitlab_paths_parameter_is_honoured if {
	files := {"ci/pipeline.yml": repository.yaml_file({"include": [{"template": "Security/SAST.gitlab-ci.yml"}]})}
	count(ci_scanning.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
	override := {"repository": object.union(params.repository, {"gitlab_ci_paths": ["ci/pipeline.yml"]})}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as override
}

test_composite_action_running_grype_passes if {
	caller := workflow("pull_request", [checkout, {"uses": "./.github/actions/scan-deps"}])
	action := {"name": "scan", "runs": {"using": "composite", "steps": [{"run": "grype dir:. --fail-on high", "shell": "bash"}]}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller), ".github/actions/scan-deps/action.yml": repository.yaml_file(action)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	count(ci_scanning.error) == 0 with input as repository.evidence(files) with data.dspt.params as params

	# Without the scanner in the action, the same workflow fails.
	quiet := {"runs": {"using": "composite", "steps": [{"run": "npm ci", "shell": "bash"}]}}
	other := object.union(files, {".github/actions/scan-deps/action.yml": repository.yaml_file(quiet)})
	count(ci_scanning.deny) == 1 with input as repository.evidence(other) with data.dspt.params as params
}

test_composite_action_using_a_scanning_action_passes if {
	caller := workflow("push", [checkout, {"uses": "./.github/actions/scan"}])
	action := {"runs": {"using": "composite", "steps": [{"uses": "aquasecurity/trivy-action@0.28.0"}]}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller), ".github/actions/scan/action.yaml": repository.yaml_file(action)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_script_running_trivy_passes if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [checkout, {"run": "./scripts/scan.sh"}])),
		"scripts/scan.sh": repository.text_file("#!/usr/bin/env bash\nset -euo pipefail\ntrivy fs .\n"),
	}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	quiet := object.union(files, {"scripts/scan.sh": repository.text_file("#!/usr/bin/env bash\n# trivy fs . (disabled)\nnpm test\n")})
	count(ci_scanning.deny) == 1 with input as repository.evidence(quiet) with data.dspt.params as params
}

test_make_target_running_osv_scanner_passes if {
	makefile := "test:\n\tcargo test\n\nscan:\n\tosv-scanner --recursive .\n"
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [checkout, {"run": "make scan"}])),
		"Makefile": repository.text_file(makefile),
	}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	other := object.union(files, {".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [checkout, {"run": "make test"}]))})
	count(ci_scanning.deny) == 1 with input as repository.evidence(other) with data.dspt.params as params
}

test_gitlab_script_calling_a_script_passes if {
	config := {"audit": {"script": ["bash ci/audit.sh"]}}
	files := {".gitlab-ci.yml": repository.yaml_file(config), "ci/audit.sh": repository.text_file("pip-audit -r requirements.txt\n")}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_missing_local_action_is_a_finding if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [checkout, {"uses": "./.github/actions/x"}]))}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	count(deny) == 2
	{
		"msg": ".github/workflows/ci.yml (job test) uses ./.github/actions/x but no action.yml or action.yaml is tracked in .github/actions/x, so whether it runs a scanner cannot be read",
		"file": ".github/workflows/ci.yml",
		"pointer": "/jobs/test/steps/1/uses",
		"source": "repository",
	} in deny
	some summary in deny
	contains(summary.msg, "1 local action(s) or reusable workflow(s) it uses are not tracked")
}

test_missing_reusable_workflow_is_a_finding if {
	caller := {"on": "pull_request", "jobs": {"scan": {"uses": "./.github/workflows/scan.yml"}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(caller)}
	deny := ci_scanning.deny with input as repository.evidence(files) with data.dspt.params as params
	some finding in deny
	finding.pointer == "/jobs/scan/uses"
	contains(finding.msg, "no workflow is tracked at .github/workflows/scan.yml")
}

test_script_without_text_is_an_error_not_a_failure if {
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [checkout, {"run": "bash scripts/scan.sh"}])),
		"scripts/scan.sh": {"kind": "other"},
	}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	errors := ci_scanning.error with input as repository.evidence(files) with data.dspt.params as params
	errors == {{
		"msg": ".github/workflows/ci.yml runs scripts/scan.sh, whose text the evidence does not hold, so whether it runs dependency or code scanning is unknown",
		"file": "scripts/scan.sh",
		"source": "repository",
	}}
}

test_scanner_in_a_comment_does_not_count if {
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow("pull_request", [{"run": "# trivy fs . -- later\nnpm test"}]))}
	count(ci_scanning.deny) == 1 with input as repository.evidence(files) with data.dspt.params as params
}

test_nested_reusable_workflows_are_followed if {
	caller := {"on": "pull_request", "jobs": {"ci": {"uses": "./.github/workflows/middle.yml"}}}
	middle := {"on": {"workflow_call": null}, "jobs": {"scan": {"uses": "./.github/workflows/scan.yml"}}}
	scan := {"on": {"workflow_call": null}, "jobs": {"audit": {"steps": [{"run": "govulncheck ./..."}]}}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(caller),
		".github/workflows/middle.yml": repository.yaml_file(middle),
		".github/workflows/scan.yml": repository.yaml_file(scan),
	}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
}

test_judged_is_the_repository if {
	count(ci_scanning.judged) == 1 with input as repository.evidence({"README.md": {"kind": "other"}}) with data.dspt.params as params
	count(ci_scanning.judged) == 1 with input as repository.evidence({".github/workflows/ci.yml": repository.yaml_file(tests_only)}) with data.dspt.params as params
	count(ci_scanning.judged) == 0 with input as {"assessment": {"as_of": "2026-06-30"}} with data.dspt.params as params
}

test_gitlab_local_include_is_followed if {
	config := {"include": [{"local": "/ci/security.yml"}], "test": {"script": "pytest"}}
	security := {"include": "ci/jobs/audit.yml"}
	audit := {"audit": {"script": ["npm audit --audit-level=high"]}}
	files := {".gitlab-ci.yml": repository.yaml_file(config), "ci/security.yml": repository.yaml_file(security), "ci/jobs/audit.yml": repository.yaml_file(audit)}
	count(ci_scanning.deny) == 0 with input as repository.evidence(files) with data.dspt.params as params
	without := object.remove(files, ["ci/jobs/audit.yml"])
	deny := ci_scanning.deny with input as repository.evidence(without) with data.dspt.params as params
	some finding in deny
	contains(finding.msg, "read .gitlab-ci.yml, ci/security.yml")
}
