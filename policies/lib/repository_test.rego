package dspt.lib.repository_test

import rego.v1

import data.dspt.testing.repository

test_pointer_escapes_slash_and_tilde if {
	data.dspt.lib.repository.pointer(["jobs", "build", "steps", 2, "uses"]) == "/jobs/build/steps/2/uses"
	data.dspt.lib.repository.pointer(["a/b", "c~d"]) == "/a~1b/c~0d"
	data.dspt.lib.repository.pointer(["x~/"]) == "/x~0~1"
	data.dspt.lib.repository.pointer([]) == ""
}

test_local_folder_is_normalised if {
	data.dspt.lib.repository.local_folder("./.github/actions/scan/") == ".github/actions/scan"
	data.dspt.lib.repository.local_folder("./") == ""
	not data.dspt.lib.repository.local_folder("actions/checkout@v4")
}

test_composite_steps_are_expanded_with_their_file_and_pointer if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"uses": "./.github/actions/outer"}]}}}
	outer := {"runs": {"using": "composite", "steps": [{"run": "echo outer"}, {"uses": "./.github/actions/inner"}]}}
	inner := {"runs": {"using": "composite", "steps": [{"run": "grype dir:."}]}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow),
		".github/actions/outer/action.yml": repository.yaml_file(outer),
		".github/actions/inner/action.yaml": repository.yaml_file(inner),
	}
	steps := data.dspt.lib.repository.steps with input as repository.evidence(files)
	some entry in steps
	entry.step.run == "grype dir:."
	entry.workflow == ".github/workflows/ci.yml"
	entry.job == "build"
	entry.file == ".github/actions/inner/action.yaml"
	entry.at == ["runs", "steps", 0]
	count(steps) == 4
}

test_composite_cycles_stop if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"uses": "./a"}]}}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow),
		"a/action.yml": repository.yaml_file({"runs": {"using": "composite", "steps": [{"uses": "./b"}]}}),
		"b/action.yml": repository.yaml_file({"runs": {"using": "composite", "steps": [{"uses": "./a"}]}}),
	}
	steps := data.dspt.lib.repository.steps with input as repository.evidence(files)

	# The workflow step, a's step, b's step; a is not entered again from b.
	count(steps) == 3
}

test_depth_is_bounded if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"uses": "./a"}]}}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow),
		"a/action.yml": repository.yaml_file({"runs": {"steps": [{"uses": "./b"}]}}),
		"b/action.yml": repository.yaml_file({"runs": {"steps": [{"uses": "./c"}]}}),
		"c/action.yml": repository.yaml_file({"runs": {"steps": [{"uses": "./d"}]}}),
		"d/action.yml": repository.yaml_file({"runs": {"steps": [{"run": "trivy fs ."}]}}),
	}
	steps := data.dspt.lib.repository.steps with input as repository.evidence(files)
	count(steps) == 4
	every entry in steps {
		not entry.step.run
	}
}

test_missing_local_action_and_workflow if {
	workflow := {"on": "push", "jobs": {
		"build": {"steps": [{"uses": "./.github/actions/x"}]},
		"scan": {"uses": "./.github/workflows/scan.yml"},
	}}
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow)}
	missing := data.dspt.lib.repository.missing_local with input as repository.evidence(files)
	count(missing) == 2
	some step in missing
	step.at == ["jobs", "build", "steps", 0, "uses"]
	step.expected == "no action.yml or action.yaml is tracked in .github/actions/x"
	some job in missing
	job.at == ["jobs", "scan", "uses"]
	job.expected == "no workflow is tracked at .github/workflows/scan.yml"
}

test_scripts_called_by_a_run_are_followed if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"run": "./scripts/scan.sh\nbash ci/lint.bash --fix\nsh x.sh"}]}}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow),
		"scripts/scan.sh": repository.text_file("#!/bin/sh\ntrivy fs .\n"),
		"ci/lint.bash": repository.text_file("shellcheck ./scripts/nested.sh\n"),
		"scripts/nested.sh": repository.text_file("echo nested\n"),
		"x.sh": repository.text_file("echo x\n"),
	}
	texts := data.dspt.lib.repository.workflow_texts with input as repository.evidence(files)
	[".github/workflows/ci.yml", "#!/bin/sh\ntrivy fs .\n", null, null] in texts
	[".github/workflows/ci.yml", "echo nested\n", null, null] in texts
	[".github/workflows/ci.yml", "echo x\n", null, null] in texts
}

test_action_path_scripts_resolve_in_the_action_folder if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"uses": "./.github/actions/scan"}]}}}
	action := {"runs": {"using": "composite", "steps": [{"run": "${{ github.action_path }}/scan.sh", "shell": "bash"}]}}
	files := {
		".github/workflows/ci.yml": repository.yaml_file(workflow),
		".github/actions/scan/action.yml": repository.yaml_file(action),
		".github/actions/scan/scan.sh": repository.text_file("osv-scanner -r .\n"),
	}
	texts := data.dspt.lib.repository.workflow_texts with input as repository.evidence(files)
	[".github/workflows/ci.yml", "osv-scanner -r .\n", null, null] in texts
}

makefile := concat("\n", [
	"SHELL := /bin/bash",
	".PHONY: all scan ci",
	"all: build",
	"",
	"build:",
	"\tcargo build",
	"scan: ## run the scanners",
	"\t@echo scanning",
	"",
	"\t# comment line inside the recipe",
	"\tosv-scanner -r .",
	"ci: build audit",
	"\t$(MAKE) scan",
	"audit: ; cargo audit",
	"include tools.mk",
	"",
])

test_make_recipes_are_parsed if {
	files := {"Makefile": repository.text_file(makefile), "tools.mk": repository.text_file("lint:\n\tsemgrep --config auto\n")}
	recipes := data.dspt.lib.repository.make_recipe with input as repository.evidence(files)
	recipes[["Makefile", "scan"]] == "\n@echo scanning\n\n# comment line inside the recipe\nosv-scanner -r ."
	recipes[["Makefile", "audit"]] == " cargo audit"
	recipes[["Makefile", "lint"]] == "\nsemgrep --config auto\n"
	not recipes[["Makefile", "SHELL"]]
	goal := data.dspt.lib.repository.default_goal with input as repository.evidence(files)
	goal.Makefile == "all"
}

test_make_calls_follow_targets_and_prerequisites if {
	files := {"Makefile": repository.text_file(makefile)}
	calls := data.dspt.lib.repository.make_calls("make -j 4 ci VERBOSE=1") with input as repository.evidence(files)
	calls == {["Makefile", "ci"]}
	texts := data.dspt.lib.repository.followed({["ci.yml", "make ci", null, null]}) with input as repository.evidence(files)

	# ci's recipe runs $(MAKE) scan; its prerequisite audit runs cargo audit.
	some [_, scan, _, _] in texts
	contains(scan, "osv-scanner")
	some [_, audit, _, _] in texts
	contains(audit, "cargo audit")
}

test_make_without_target_runs_the_default_goal if {
	files := {"Makefile": repository.text_file(makefile), "tools/Makefile": repository.text_file("check:\n\tgovulncheck ./...\n")}
	calls := data.dspt.lib.repository.make_calls("make") with input as repository.evidence(files)
	calls == {["Makefile", "all"]}
	in_folder := data.dspt.lib.repository.make_calls("make -C tools") with input as repository.evidence(files)
	in_folder == {["tools/Makefile", "check"]}
}

test_make_in_a_comment_or_another_word_is_not_a_call if {
	files := {"Makefile": repository.text_file(makefile)}
	count(data.dspt.lib.repository.make_calls("# make scan\ncmake --build .")) == 0 with input as repository.evidence(files)
}

test_scripts_without_text_are_unread if {
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"run": "./scripts/scan.sh && make scan"}]}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow), "scripts/scan.sh": {"kind": "other"}, "Makefile": {"kind": "other"}}
	unread := data.dspt.lib.repository.workflow_unread with input as repository.evidence(files)
	unread == {[".github/workflows/ci.yml", "scripts/scan.sh"], [".github/workflows/ci.yml", "Makefile"]}
}

test_workspace_expressions_resolve_to_the_repository_root if {
	run := "bash ${{ github.workspace }}/ci/a.sh\n\"$GITHUB_WORKSPACE/ci/b.sh\""
	workflow := {"on": "push", "jobs": {"build": {"steps": [{"run": run}]}}}
	files := {".github/workflows/ci.yml": repository.yaml_file(workflow), "ci/a.sh": repository.text_file("echo a\n"), "ci/b.sh": repository.text_file("echo b\n")}
	refs := data.dspt.lib.repository.script_refs(run, null) with input as repository.evidence(files)
	refs == {"ci/a.sh", "ci/b.sh"}
}

test_untracked_scripts_are_not_followed if {
	refs := data.dspt.lib.repository.script_refs("./scripts/missing.sh && sh other.sh", null) with input as repository.evidence({"other.sh": repository.text_file("")})
	refs == {"other.sh"}
}

test_a_target_with_several_rules_runs_all_their_recipes if {
	files := {"Makefile": repository.text_file("scan:: deps\n\ttrivy fs .\nscan:: lint\n\tgrype dir:.\ndeps:\n\tnpm ci\n")}
	recipes := data.dspt.lib.repository.make_recipe with input as repository.evidence(files)
	contains(recipes[["Makefile", "scan"]], "trivy fs .")
	contains(recipes[["Makefile", "scan"]], "grype dir:.")
	recipes[["Makefile", "deps"]] == "\nnpm ci\n"
	prerequisites := data.dspt.lib.repository.make_prerequisites with input as repository.evidence(files)
	prerequisites[["Makefile", "scan"]] == {"deps", "lint"}
	prerequisites[["Makefile", "deps"]] == set()
}
