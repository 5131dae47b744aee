# METADATA
# title: Workflow tokens are given least privilege
# description: >-
#   Every GitHub Actions workflow states the permissions of its GITHUB_TOKEN, at the top level
#   or on every job, and never grants write-all; otherwise the token gets the repository's
#   default, which may be read-write. Write scopes granted to every job of a workflow (at the
#   top level) are listed as a warning, since they belong on the jobs that need them, unless
#   the organisation allows the scope there. A job that calls a local reusable workflow is
#   least-privilege when the called workflow states its own permissions (a called workflow can
#   only lower the token it is given).
# custom:
#   id: REPO-TOK-001
#   severity: medium
#   sources: [repository]
#   judges: GitHub Actions workflows
package dspt.checks.repo.workflow_permissions

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

workflow_folder := data.dspt.lib.repository.workflow_folder

workflow_paths := data.dspt.lib.repository.workflow_paths

workflows := data.dspt.lib.repository.workflows

# Every workflow file, parsed or not (an unparsable one is reported as an error).
judged contains path if {
	some path in workflow_paths
}

unreadable := {path | some path in workflow_paths; files[path].error}

# A `permissions:` key with no value is not a setting.
top_level_set := {path | some path, document in workflows; document.permissions != null}

jobs := {path: object.get(document, "jobs", {}) | some path, document in workflows}

# Local reusable workflows that state their token's permissions at the top level, or on every
# job, without write-all: whatever the caller passes, their jobs get no more.
restricted := {path |
	some path in top_level_set
	workflows[path].permissions != "write-all"
} | {path |
	some path, document in workflows
	not path in top_level_set
	has_jobs(jobs[path])
	every _, job in jobs[path] {
		job_sets_permissions(job)
		job.permissions != "write-all"
	}
}

# Jobs of workflows without top-level permissions that set none themselves (a job calling a
# restricted local reusable workflow counts as setting them).
jobs_without contains [path, job_id] if {
	some path, _ in workflows
	not path in top_level_set
	some job_id, job in jobs[path]
	not job_sets_permissions(job)
	not calls_restricted(job)
}

job_sets_permissions(job) if {
	is_object(job)
	job.permissions != null
}

calls_restricted(job) if {
	callee := data.dspt.lib.repository.local_folder(job.uses)
	callee in restricted
}

pointer(parts) := data.dspt.lib.repository.pointer(parts)

deny contains finding if {
	some [path, job_id] in jobs_without
	finding := {
		"msg": sprintf(
			"%s sets no permissions at the top level, nor on job %s, so its GITHUB_TOKEN gets the repository default, which may be read-write",
			[path, job_id],
		),
		"file": path,
		"pointer": pointer(["jobs", job_id]),
		"source": "repository",
	}
}

deny contains finding if {
	some path, _ in workflows
	not path in top_level_set
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
		"pointer": "/permissions",
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
		"pointer": pointer(["jobs", job_id, "permissions"]),
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
		"pointer": "/permissions",
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
