# METADATA
# title: Repository helpers shared by the repository checks
# description: >-
#   GitHub Actions workflows and composite actions as CI really runs them: the steps of every
#   workflow job with the repository's own composite actions (`uses: ./path`) expanded in place,
#   local reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`), the shell scripts a
#   `run:` calls and the Makefile recipes a `make target` runs, each followed to a bounded depth;
#   local references that name no tracked file; and RFC 6901 JSON pointers for findings.
package dspt.lib.repository

import rego.v1

files := input.repository.files

# Composite actions, reusable workflows, scripts and make targets are followed three levels deep
# (max_depth in the comments below): Rego has no recursion, so each level is a rule of its own,
# and a chain that comes back on itself stops there.

# JSON pointers -----------------------------------------------------------------------------

# A reference token: `~` as `~0` and `/` as `~1` (RFC 6901); numbers (array indexes) as digits.
escape(key) := replace(replace(key, "~", "~0"), "/", "~1") if is_string(key)

escape(key) := format_int(key, 10) if is_number(key)

# The pointer of a path of keys and indexes, e.g. ["jobs", "build", "steps", 2] -> /jobs/build/steps/2.
pointer(parts) := concat("", [concat("", ["/", escape(part)]) | some part in parts])

# Paths ------------------------------------------------------------------------------------

# A repository-relative path without `.` segments, empty segments or a leading `./`.
normalise(path) := concat("/", [part | some part in split(path, "/"); part != "."; part != ""])

join(folder, name) := name if folder == ""

join(folder, name) := concat("/", [folder, name]) if folder != ""

folder_of(path) := "" if not contains(path, "/")

folder_of(path) := regex.replace(path, `/[^/]*$`, "") if contains(path, "/")

base_name(path) := regex.replace(path, `^.*/`, "")

# The folder a local reference (`./path`, `./path/`, `./`) names; undefined for other references.
local_folder(ref) := normalise(substring(ref, 2, -1)) if {
	is_string(ref)
	startswith(ref, "./")
}

# Workflows and composite actions ----------------------------------------------------------

workflow_folder := ".github/workflows/"

# GitHub reads the YAML files directly in .github/workflows/, not in folders below it.
# The folder is bound before the loop over every file: regorus resolves a rule reference on every
# iteration.
workflow_paths := {path |
	folder := workflow_folder
	some path, file in input.repository.files
	startswith(path, folder)
	not contains(substring(path, count(folder), -1), "/")
	file.kind == "yaml"
}

workflows := {path: document |
	some path in workflow_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

action_names := {"action.yml", "action.yaml"}

# Action metadata files anywhere in the repository.
# By suffix, not `base_name` (a regex.replace, ~50 µs a call) on every YAML file.
action_paths := {path |
	suffixes := {concat("", ["/", name]) | some name in action_names}
	some path, file in input.repository.files
	file.kind == "yaml"
	some suffix in suffixes
	endswith(concat("", ["/", path]), suffix)
}

actions := {path: document |
	some path in action_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

# The action file GitHub reads for a local action folder: action.yml, else action.yaml.
action_file(folder) := path if {
	path := join(folder, "action.yml")
	files[path]
} else := path if {
	path := join(folder, "action.yaml")
	files[path]
}

jobs_of(document) := document.jobs if is_object(document.jobs)

# Every `uses` written in a workflow or an action file: the file, the pointer parts of the
# `uses` key, where it is (for messages), the reference, and whether it is a step or a job.
uses_sites contains {"file": path, "at": ["jobs", job_id, "steps", index, "uses"], "where": sprintf("job %s", [job_id]), "uses": step.uses, "kind": "step"} if {
	some path, document in workflows
	some job_id, job in jobs_of(document)
	is_array(job.steps)
	some index, step in job.steps
	is_string(step.uses)
}

uses_sites contains {"file": path, "at": ["jobs", job_id, "uses"], "where": sprintf("job %s", [job_id]), "uses": job.uses, "kind": "job"} if {
	some path, document in workflows
	some job_id, job in jobs_of(document)
	is_string(job.uses)
}

uses_sites contains {"file": path, "at": ["runs", "steps", index, "uses"], "where": "composite action", "uses": step.uses, "kind": "step"} if {
	some path, document in actions
	is_array(document.runs.steps)
	some index, step in document.runs.steps
	is_string(step.uses)
}

# Local references that name nothing tracked: a step's action folder without action.yml or
# action.yaml, or a job's reusable workflow file. Each carries `expected`, what was looked for.
missing_local contains object.union(site, {"expected": expected}) if {
	some site in uses_sites
	site.kind == "step"
	folder := local_folder(site.uses)
	not action_file(folder)
	expected := sprintf("no action.yml or action.yaml is tracked in %s", [display_folder(folder)])
}

missing_local contains object.union(site, {"expected": expected}) if {
	some site in uses_sites
	site.kind == "job"
	path := local_folder(site.uses)
	not files[path]
	expected := sprintf("no workflow is tracked at %s", [path])
}

display_folder(folder) := "the repository root" if folder == ""

display_folder(folder) := folder if folder != ""

# Local reusable workflows: [caller, callee] for every job `uses: ./...` naming a tracked file.
calls contains [caller, callee] if {
	some caller, document in workflows
	some _, job in jobs_of(document)
	callee := local_folder(job.uses)
	files[callee]
}

# Workflows reached from a set of workflows through local reusable-workflow calls, to max_depth.
callees(roots) := ((level1 | level2) | level3) if {
	level1 := {callee | some [caller, callee] in calls; caller in roots}
	level2 := {callee | some [caller, callee] in calls; caller in level1}
	level3 := {callee | some [caller, callee] in calls; caller in level2}
}

# Steps as CI runs them ---------------------------------------------------------------------

# Every step of every workflow job: the workflow and job it runs in, the file it is written in
# and its pointer parts there, the step, the files entered to reach it (so an action already
# on the chain is not entered again), and the folder of the composite action it is in (null
# for a workflow's own steps).
workflow_steps contains {"workflow": path, "job": job_id, "file": path, "at": ["jobs", job_id, "steps", index], "step": step, "chain": [path], "folder": null} if {
	some path, document in workflows
	some job_id, job in jobs_of(document)
	is_array(job.steps)
	some index, step in job.steps
	is_object(step)
}

# The steps of the composite actions the given steps use, attributed to the same workflow job.
expand(entries) := {entry |
	some parent in entries
	folder := local_folder(parent.step.uses)
	target := action_file(folder)
	not target in parent.chain
	steps := actions[target].runs.steps
	is_array(steps)
	some index, step in steps
	is_object(step)
	entry := {
		"workflow": parent.workflow, "job": parent.job, "file": target, "at": ["runs", "steps", index],
		"step": step, "chain": array.concat(parent.chain, [target]), "folder": folder,
	}
}

composite_steps_1 := expand(workflow_steps)

composite_steps_2 := expand(composite_steps_1)

composite_steps_3 := expand(composite_steps_2)

# Workflow steps and the steps of the composite actions they use, max_depth levels deep.
steps := ((workflow_steps | composite_steps_1) | composite_steps_2) | composite_steps_3

# Action files reached from a workflow through a local `uses` (whether or not they parsed).
reached_actions := {target |
	some entry in steps
	target := action_file(local_folder(entry.step.uses))
}

# Scripts and make targets ------------------------------------------------------------------

# A text with its comment lines (`#` after leading blanks) removed: a scanner named only in a
# comment does not run.
code_text(text) := concat("\n", [line | some line in split(text, "\n"); not startswith(trim_space(line), "#")])

# Expressions for the workspace and the action folder, replaced before scripts are looked for.
workspace_pattern := `\$\{\{\s*github\.workspace\s*\}\}/|\$\{?GITHUB_WORKSPACE\}?/`

action_path_pattern := `\$\{\{\s*github\.action_path\s*\}\}/|\$\{?GITHUB_ACTION_PATH\}?/`

resolved_text(text, folder) := regex.replace(with_workspace, action_path_pattern, action_prefix(folder)) if {
	with_workspace := regex.replace(text, workspace_pattern, "./")
}

action_prefix(folder) := "./" if not is_string(folder)

action_prefix(folder) := "./" if folder == ""

action_prefix(folder) := concat("", ["./", folder, "/"]) if {
	is_string(folder)
	folder != ""
}

# `./scripts/x.sh`, `bash scripts/x.sh`, `sh x.sh`, `source ./ci/env.bash`: a path ending in .sh
# or .bash, standing as a word of the command.
script_pattern := `(?:^|[\s;&|(\x60"'=])((?:\./)?(?:[A-Za-z0-9_.@+-]+/)*[A-Za-z0-9_.@+-]+\.(?:sh|bash))\b`

# Tracked paths of the scripts a command text calls (relative to the repository root, where a
# step runs unless it says otherwise).
script_refs(text, folder) := {path |
	some match in regex.find_all_string_submatch_n(script_pattern, resolved_text(code_text(text), folder), -1)
	path := normalise(match[1])
	files[path]
}

# `make`, `gmake`, `$(MAKE)` or `${MAKE}` and the words after it on the same command.
make_pattern := `(?:^|[\s;&|(\x60"'])(?:make|gmake|\$\(MAKE\)|\$\{MAKE\})((?:[ \t]+[^\s;&|)\x60"'<>]+)*)`

# make options that take the next word as their argument.
make_options_with_argument := {"-C", "--directory", "-f", "--file", "--makefile", "-I", "--include-dir", "-o", "-W"}

makefile_names := ["GNUmakefile", "makefile", "Makefile"]

# The makefile GNU make reads in a folder: GNUmakefile, makefile, then Makefile.
makefile_in(folder) := path if {
	path := join(folder, "GNUmakefile")
	files[path]
} else := path if {
	path := join(folder, "makefile")
	files[path]
} else := path if {
	path := join(folder, "Makefile")
	files[path]
}

# [makefile, target] for every make call in a command text; a call naming no target runs the
# makefile's first target (its default goal).
make_calls(text) := {[makefile, target] |
	some match in regex.find_all_string_submatch_n(make_pattern, code_text(text), -1)
	words := [word | some word in regex.split(`[ \t]+`, trim_space(match[1])); word != ""]
	folder := make_folder(words)
	makefile := makefile_in(folder)
	some target in make_targets(words, makefile)
}

make_folder(words) := normalise(words[index + 1]) if {
	some index, word in words
	word in {"-C", "--directory"}
} else := ""

make_named_targets(words) := {word |
	some index, word in words
	not startswith(word, "-")
	not contains(word, "=")
	not regex.match(`^[0-9]+$`, word)
	not preceded_by_option(words, index)
}

preceded_by_option(words, index) if {
	index > 0
	words[index - 1] in make_options_with_argument
}

make_targets(words, _) := targets if {
	targets := make_named_targets(words)
	count(targets) > 0
}

make_targets(words, makefile) := {default_goal[makefile]} if {
	count(make_named_targets(words)) == 0
	default_goal[makefile]
}

# Makefiles whose text the evidence holds, and the makefiles they include (relative to their folder).
# The cheap test first: `base_name` (a regex.replace) only for paths ending in "makefile".
makefiles := {path |
	some path, file in input.repository.files
	endswith(lower(path), "makefile")
	base_name(path) in {"GNUmakefile", "makefile", "Makefile"}
	is_string(file.text)
}

makefile_sources[makefile] := {makefile} | included if {
	some makefile in makefiles
	included := {path |
		some line in split(files[makefile].text, "\n")
		match := regex.find_all_string_submatch_n(`^-?s?include[ \t]+(.*)$`, line, 1)[0]
		some name in regex.split(`[ \t]+`, trim_space(match[1]))
		path := normalise(join(folder_of(makefile), name))
		is_string(files[path].text)
	}
}

# A rule header: targets, a colon (or two), prerequisites and an optional `; recipe`; not a
# variable assignment (`X := y`, `X ::= y`, `target: X = y`). Matched after a trailing comment
# is removed.
rule_pattern := `^([^\s:=#][^:=]*?)[ \t]*::?([^=;]*)(?:;(.*))?$`

# [makefile, source file, line index, targets, prerequisites, inline recipe] of every rule header.
rule_headers contains [makefile, source, index, names, prerequisites, inline] if {
	some makefile, sources in makefile_sources
	some source in sources
	some index, line in split(files[source].text, "\n")
	not startswith(line, "\t")
	match := regex.find_all_string_submatch_n(rule_pattern, regex.replace(line, `#.*$`, ""), 1)[0]
	names := [name | some name in regex.split(`\s+`, trim_space(match[1])); name != ""]
	prerequisites := [name | some name in regex.split(`\s+`, trim_space(match[2])); name != ""; name != "|"]
	inline := match[3]
}

# The lines of every makefile read (included ones too), and the positions of the lines that end a
# recipe: not tab-indented, not blank and not a comment.
makefile_lines := {source: split(files[source].text, "\n") |
	some _, sources in makefile_sources
	some source in sources
}

recipe_ends := {source: ends |
	some source, lines in makefile_lines
	ends := sort([position |
		some position, line in lines
		line != ""
		not startswith(line, "\t")
		not startswith(trim_space(line), "#")
	])
}

# [makefile, target, recipe text, prerequisites] of every rule: the recipe is the tab-indented
# lines after the header, up to the first line that is not one (blank and comment lines allowed).
make_rules contains [makefile, target, recipe, prerequisites] if {
	some [makefile, source, index, names, prerequisites, inline] in rule_headers
	lines := makefile_lines[source]
	end := min(array.concat([position | some position in recipe_ends[source]; position > index], [count(lines)]))
	body := [trim_prefix(line, "\t") | some line in array.slice(lines, index + 1, end)]
	recipe := concat("\n", array.concat([inline], body))
	some target in names
}

# [makefile, target] of the targets with more than one rule (double-colon rules, or a target
# given a recipe twice), found in one pass over the sorted keys.
sorted_make_keys := sort([[makefile, target] | some [makefile, target, _, _] in make_rules])

repeated_make_keys := {key |
	some position, key in sorted_make_keys
	position > 0
	sorted_make_keys[position - 1] == key
}

# [makefile, target] -> its recipe (the recipes of all its rules, for a repeated target).
make_recipe := object.union(
	{[makefile, target]: recipe |
		some [makefile, target, recipe, _] in make_rules
		not [makefile, target] in repeated_make_keys
	},
	{key: recipe |
		some key in repeated_make_keys
		recipe := concat("\n", sort([text |
			some [makefile, target, text, _] in make_rules
			[makefile, target] == key
		]))
	},
)

# [makefile, target] -> its prerequisites (of all its rules).
make_prerequisites := object.union(
	{[makefile, target]: {name | some name in prerequisites} |
		some [makefile, target, _, prerequisites] in make_rules
		not [makefile, target] in repeated_make_keys
	},
	{key: names |
		some key in repeated_make_keys
		names := {name |
			some [makefile, target, _, prerequisites] in make_rules
			[makefile, target] == key
			some name in prerequisites
		}
	},
)

# The makefile's first target that is not special (`.PHONY`) nor a pattern: its default goal.
default_goal[makefile] := first[1] if {
	some makefile in makefiles
	first := min({[index, names[0]] |
		some [root, source, index, names, _, _] in rule_headers
		root == makefile
		source == makefile
		not startswith(names[0], ".")
		not contains(names[0], "%")
	})
}

# Following commands -----------------------------------------------------------------------

# A command text is [owner, text, folder, make key]: the CI file it runs for (a workflow or a
# GitLab configuration), the text, the composite action folder it is written in (or null), and
# [makefile, target] when it is a make recipe (or null).
#
# follow(texts): the texts one step further: the scripts they call, the recipes of the make
# targets they run, and the recipes of those targets' prerequisites.
follow(texts) := (scripts | recipes) | prerequisites if {
	scripts := {[owner, text, null, null] |
		some [owner, source, folder, _] in texts
		some path in script_refs(source, folder)
		text := files[path].text
		is_string(text)
	}
	recipes := {[owner, recipe, null, key] |
		some [owner, source, _, _] in texts
		some key in make_calls(source)
		recipe := make_recipe[key]
	}
	prerequisites := {[owner, recipe, null, key] |
		some [owner, _, _, parent] in texts
		is_array(parent)
		some name in make_prerequisites[parent]
		some key in {[parent[0], name]}
		recipe := make_recipe[key]
	}
}

# Scripts (and makefiles) a command text calls that are tracked but whose text the evidence does
# not hold: [owner, path].
unread(texts) := {[owner, path] |
	some [owner, source, folder, _] in texts
	some match in regex.find_all_string_submatch_n(script_pattern, resolved_text(code_text(source), folder), -1)
	path := normalise(match[1])
	files[path]
	not is_string(files[path].text)
} | {[owner, path] |
	some [owner, source, _, _] in texts
	some match in regex.find_all_string_submatch_n(make_pattern, code_text(source), -1)
	words := [word | some word in regex.split(`[ \t]+`, trim_space(match[1])); word != ""]
	path := makefile_in(make_folder(words))
	not is_string(files[path].text)
}

# Command texts followed max_depth levels from the given ones, the given ones included.
followed(texts) := ((texts | level1) | level2) | level3 if {
	level1 := follow(texts)
	level2 := follow(level1)
	level3 := follow(level2)
}

# Unread scripts and makefiles anywhere along those levels.
unread_followed(texts) := ((unread(texts) | unread(level1)) | unread(level2)) if {
	level1 := follow(texts)
	level2 := follow(level1)
}

# The `run:` of every workflow step (composite steps included), as command texts.
workflow_runs := {[entry.workflow, entry.step.run, entry.folder, null] |
	some entry in steps
	is_string(entry.step.run)
}

# Every command text a workflow runs, scripts and make recipes followed.
workflow_texts := followed(workflow_runs)

# Tracked scripts and makefiles a workflow calls whose text the evidence does not hold.
workflow_unread := unread_followed(workflow_runs)
