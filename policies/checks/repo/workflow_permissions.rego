# METADATA
# title: Workflow tokens are given least privilege
# description: >-
#   Every GitHub Actions workflow states the permissions of its GITHUB_TOKEN, at the top level
#   or on every job, and never grants write-all; otherwise the token gets the repository's
#   default, which may be read-write. Write scopes granted to every job of a workflow (at the
#   top level) are listed as a warning, since they belong on the jobs that need them, unless
#   the organisation allows the scope there.
# custom:
#   id: REPO-TOK-001
#   severity: medium
#   sources: [repository]
package dspt.checks.repo.workflow_permissions

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := ".github/workflows/"

# GitHub reads the YAML files directly in .github/workflows/, not in folders below it.
workflow_paths := {path |
	some path, file in files
	startswith(path, workflow_folder)
	not contains(substring(path, count(workflow_folder), -1), "/")
	file.kind == "yaml"
}

workflows := {path: document |
	some path in workflow_paths
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

unreadable := {path | some path in workflow_paths; files[path].error}

# A `permissions:` key with no value is not a setting.
top_level_set := {path | some path, document in workflows; document.permissions != null}

jobs := {path: object.get(document, "jobs", {}) | some path, document in workflows}

# Jobs of workflows without top-level permissions that set none themselves.
jobs_without := {path: names |
	some path, _ in workflows
	not path in top_level_set
	names := sort([job_id | some job_id, job in jobs[path]; not job_sets_permissions(job)])
}

job_sets_permissions(job) if {
	is_object(job)
	job.permissions != null
}

deny contains finding if {
	some path, names in jobs_without
	count(names) > 0
	finding := {
		"msg": sprintf(
			"%s sets no permissions at the top level, nor on job %s, so their GITHUB_TOKEN gets the repository default, which may be read-write",
			[path, concat(", ", names)],
		),
		"file": path,
		"source": "repository",
	}
}

deny contains finding if {
	some path, _ in jobs_without
	not has_jobs(jobs[path])
	finding := {
		"msg": sprintf(
			"%s sets no permissions at the top level and has no jobs that set them, so its GITHUB_TOKEN gets the repository default, which may be read-write",
			[path],
		),
		"file": path,
		"source": "repository",
	}
}

has_jobs(value) if {
	is_object(value)
	count(value) > 0
}

deny contains finding if {
	some path, document in workflows
	document.permissions == "write-all"
	finding := {
		"msg": sprintf("%s grants its GITHUB_TOKEN write-all permissions to every job", [path]),
		"file": path,
		"source": "repository",
	}
}

deny contains finding if {
	some path, _ in workflows
	some job_id, job in jobs[path]
	is_object(job)
	job.permissions == "write-all"
	finding := {
		"msg": sprintf("%s grants the GITHUB_TOKEN of job %s write-all permissions", [path, job_id]),
		"file": path,
		"source": "repository",
	}
}

warn contains finding if {
	some path, document in workflows
	is_object(document.permissions)
	scopes := sort([scope |
		some scope, level in document.permissions
		level == "write"
		not scope in params.top_level_write_scopes_allowed
	])
	count(scopes) > 0
	finding := {
		"msg": sprintf(
			"%s grants write access to every job at the top level (%s); grant it only on the jobs that need it",
			[path, concat(", ", [sprintf("%s: write", [scope]) | some scope in scopes])],
		),
		"file": path,
		"source": "repository",
	}
}

error contains finding if {
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"%s could not be parsed, so the permissions its token gets are unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

skip := sprintf("the repository has no GitHub Actions workflow in %s", [workflow_folder]) if {
	is_object(files)
	count(workflow_paths) == 0
}
