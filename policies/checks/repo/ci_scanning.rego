# METADATA
# title: CI scans dependencies or code for vulnerabilities
# description: >-
#   Continuous integration runs a dependency or code scanner on proposed and pushed changes: a
#   GitHub Actions workflow triggered on pull_request or push has a step using a scanning action
#   (CodeQL, Trivy, OSV-Scanner, Snyk, dependency review, ...) or running a scanning command
#   (pip-audit, npm audit, cargo audit, govulncheck, ...), directly, in a composite action of the
#   repository it uses, in a shell script or Makefile recipe a step runs, or in a local reusable
#   workflow it calls; or GitLab CI (with the local files it includes) includes a GitLab security
#   scanning template or component, or runs a scanning command in a job script (or a script or
#   make target it calls).
# custom:
#   id: REPO-SCA-001
#   severity: medium
#   sources: [repository]
#   judges: repositories
package dspt.checks.repo.ci_scanning

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := data.dspt.lib.repository.workflow_folder

workflow_paths := data.dspt.lib.repository.workflow_paths

workflows := data.dspt.lib.repository.workflows

gitlab_roots := {path | some path in params.gitlab_ci_paths; files[path]}

# Local files a GitLab configuration includes (`include: ci/x.yml`, `include: [{local: /ci/x.yml}]`),
# two levels deep; remote and wildcard includes are not followed.
local_includes(paths) := {included |
	some path in paths
	config := files[path].documents[0]
	is_object(config)
	some item in include_items(config.include)
	included := local_include(item)
	files[included]
}

local_include(item) := data.dspt.lib.repository.normalise(item) if {
	is_string(item)
	not contains(item, "://")
	not contains(item, "*")
}

local_include(item) := data.dspt.lib.repository.normalise(item.local) if {
	is_object(item)
	is_string(item.local)
	not contains(item.local, "*")
}

gitlab_included_1 := local_includes(gitlab_roots)

gitlab_included_2 := local_includes(gitlab_included_1)

gitlab_paths := (gitlab_roots | gitlab_included_1) | gitlab_included_2

gitlab_configs := {path: document |
	some path in gitlab_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

ci_paths := workflow_paths | gitlab_paths

# The check speaks for the repository as a whole.
judged contains "repository" if is_object(files)

# CI files, and composite actions a workflow uses, that could not be parsed.
unreadable := {path | some path in (ci_paths | data.dspt.lib.repository.reached_actions); files[path].error}

# The `on` key: YAML 1.1 parsers read a bare `on` as the boolean true.
trigger_keys := ["on", "true", true]

event_names(value) := {value} if is_string(value)

event_names(value) := {name | some name in value; is_string(name)} if is_array(value)

event_names(value) := {name | some name, _ in value} if is_object(value)

triggers := {path: names |
	some path, document in workflows
	names := {name | some key in trigger_keys; some name in event_names(document[key])}
}

triggered := {path | some path, names in triggers; some name in params.scanning_triggers; name in names}

scanning_actions := {lower(action) | some action in params.scanning_actions}

scanning_commands := {lower(command) | some command in params.scanning_commands}

runs_a_scanner(text) if {
	code := lower(data.dspt.lib.repository.code_text(text))
	some command in scanning_commands
	contains(code, command)
}

# Workflows holding a scanning step (in a job, or in a composite action a job uses, at any
# depth), whatever their triggers.
scans contains entry.workflow if {
	some entry in data.dspt.lib.repository.steps
	uses := entry.step.uses
	is_string(uses)
	some prefix in scanning_actions
	startswith(lower(uses), prefix)
}

# Workflows running a scanning command in a step, or in a script or make target a step calls.
scans contains owner if {
	some [owner, text, _, _] in data.dspt.lib.repository.workflow_texts
	runs_a_scanner(text)
}

scans contains path if {
	some path, document in workflows
	some _, job in data.dspt.lib.repository.jobs_of(document)
	is_string(job.uses)
	some prefix in scanning_actions
	startswith(lower(job.uses), prefix)
}

# Local reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) called by a triggered
# workflow, directly or through other reusable workflows.
called := data.dspt.lib.repository.callees(triggered)

scanning_workflows := scans & (triggered | called)

# Scanning workflows that run on none of the accepted triggers (e.g. only on a schedule).
untriggered_scans := scans - (triggered | called)

include_items(value) := value if is_array(value)

include_items(value) := [value] if not is_array(value)

gitlab_scans contains path if {
	some path, config in gitlab_configs
	some item in include_items(config.include)
	is_object(item)
	item.template in params.scanning_gitlab_templates
}

gitlab_scans contains path if {
	some path, config in gitlab_configs
	some item in include_items(config.include)
	is_object(item)
	is_string(item.component)
	some component in params.scanning_gitlab_components
	contains(item.component, component)
}

# Every line of every GitLab job script, as a command text owned by its configuration file.
gitlab_lines := {[path, line, null, null] |
	some path, config in gitlab_configs
	some _, job in config
	is_object(job)
	some key in ["before_script", "script", "after_script"]
	walk(job[key], [_, line])
	is_string(line)
}

gitlab_texts := data.dspt.lib.repository.followed(gitlab_lines)

gitlab_scans contains owner if {
	some [owner, text, _, _] in gitlab_texts
	runs_a_scanner(text)
}

satisfied := count(scanning_workflows | gitlab_scans) > 0

# Scripts and makefiles a CI file runs whose text the evidence does not hold: [owner, path].
unread := data.dspt.lib.repository.workflow_unread | data.dspt.lib.repository.unread_followed(gitlab_lines)

# Local actions and reusable workflows a workflow uses that are not tracked.
missing := {site |
	some site in data.dspt.lib.repository.missing_local
	site.file in workflow_paths
} | {site |
	some site in data.dspt.lib.repository.missing_local
	site.file in data.dspt.lib.repository.reached_actions
}

deny contains finding if {
	is_object(files)
	count(ci_paths) == 0
	finding := {
		"msg": sprintf(
			"no CI configuration: no workflow in %s and none of %s, so no dependency or code scanning runs on changes",
			[workflow_folder, concat(", ", params.gitlab_ci_paths)],
		),
		"source": "repository",
	}
}

untriggered_note := "" if {
	count(untriggered_scans) == 0
} else := sprintf(
	"; %s scans but is not triggered on any of %s",
	[concat(", ", sort(untriggered_scans)), concat(", ", params.scanning_triggers)],
)

missing_note := "" if {
	count(missing) == 0
} else := sprintf(
	"; %d local action(s) or reusable workflow(s) it uses are not tracked",
	[count(missing)],
)

deny contains finding if {
	not satisfied
	count(ci_paths) > 0
	count(unreadable) == 0
	count(unread) == 0
	finding := {
		"msg": sprintf(
			"CI runs no dependency or code scanning on pull requests or pushes (read %s, with the composite actions, scripts and make targets they run): no step uses a scanning action such as %s or runs a scanning command such as %s%s%s",
			[
				concat(", ", sort(ci_paths)),
				concat(", ", array.slice(params.scanning_actions, 0, 3)),
				concat(", ", array.slice(params.scanning_commands, 0, 3)),
				untriggered_note,
				missing_note,
			],
		),
		"source": "repository",
	}
}

# A local action or reusable workflow that is not tracked: what it runs cannot be read.
deny contains finding if {
	not satisfied
	some site in missing
	finding := {
		"msg": sprintf(
			"%s (%s) uses %s but %s, so whether it runs a scanner cannot be read",
			[site.file, site.where, site.uses, site.expected],
		),
		"file": site.file,
		"pointer": data.dspt.lib.repository.pointer(site.at),
		"source": "repository",
	}
}

error contains finding if {
	not satisfied
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"CI configuration %s could not be parsed, so whether it runs dependency or code scanning is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

error contains finding if {
	not satisfied
	some [owner, path] in unread
	finding := {
		"msg": sprintf(
			"%s runs %s, whose text the evidence does not hold, so whether it runs dependency or code scanning is unknown",
			[owner, path],
		),
		"file": path,
		"source": "repository",
	}
}
