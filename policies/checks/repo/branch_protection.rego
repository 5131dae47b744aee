# METADATA
# title: The default branch is protected
# description: >-
#   An export of the default branch's protection settings (GitHub's REST response for
#   GET /repos/{owner}/{repo}/branches/{branch}/protection, committed to a configured path)
#   shows that merging needs the required number of approving reviews and at least one
#   passing status check, and that force pushes and deletion are disabled. Administrators
#   exempt from these rules are warned about. Branch protection lives in the hosting
#   platform, not the repository: without an export the check is skipped.
# custom:
#   id: REPO-BPR-001
#   severity: high
#   sources: [repository]
#   judges: branch protection exports
package dspt.checks.repo.branch_protection

import rego.v1

params := data.dspt.params.repository

files := input.repository.files

present := {path | some path in params.branch_protection_paths; files[path]}

exports := {path: document |
	some path in present
	not files[path].error
	document := files[path].documents[0]
	is_object(document)
}

unreadable := {path | some path in present; files[path].error}

# Every export found, parsed or not (an unparsable one is reported as an error).
judged contains path if {
	some path in present
}

# Present without an error, but holding no JSON object (not parsed as JSON, or another shape).
unparsed := (present - unreadable) - {path | some path, _ in exports}

# Keys of GitHub's response; an export holding none of them (e.g. GitHub's 404 body
# {"message": "Branch not protected"}) describes an unprotected branch.
protection_keys := {"required_pull_request_reviews", "required_status_checks", "enforce_admins", "allow_force_pushes", "allow_deletions"}

unprotected := {path |
	some path, document in exports
	every key in protection_keys {
		not key in object.keys(document)
	}
}

protected := {path: document | some path, document in exports; not path in unprotected}

deny contains finding if {
	some path in unprotected
	reason := object.get(exports[path], "message", "it holds no protection settings")
	finding := {
		"msg": sprintf("the default branch is not protected according to %s: %v", [path, reason]),
		"file": path,
		"source": "repository",
	}
}

# [file, problem, pointer parts or null] for every protection the export lacks.
problems contains [path, "pull requests are not required before merging (no required_pull_request_reviews)", present_key(document, "required_pull_request_reviews")] if {
	some path, document in protected
	not is_object(document.required_pull_request_reviews)
}

problems contains [path, "the export does not state required_approving_review_count", ["required_pull_request_reviews"]] if {
	some path, document in protected
	reviews := document.required_pull_request_reviews
	is_object(reviews)
	not is_number(reviews.required_approving_review_count)
}

problems contains [path, problem, ["required_pull_request_reviews", "required_approving_review_count"]] if {
	some path, document in protected
	reviews := document.required_pull_request_reviews
	is_number(reviews.required_approving_review_count)
	reviews.required_approving_review_count < params.min_approving_reviews
	problem := sprintf(
		"merging needs %v approving reviews, fewer than the %v required",
		[reviews.required_approving_review_count, params.min_approving_reviews],
	)
}

problems contains [path, "no status check is required to pass before merging", present_key(document, "required_status_checks")] if {
	some path, document in protected
	contexts := {name | some name in document.required_status_checks.contexts; is_string(name)}
	named := {entry.context | some entry in document.required_status_checks.checks; is_string(entry.context)}
	count(contexts | named) == 0
}

problems contains [path, "force pushes are allowed", ["allow_force_pushes", "enabled"]] if {
	some path, document in protected
	document.allow_force_pushes.enabled == true
}

problems contains [path, "the branch can be deleted", ["allow_deletions", "enabled"]] if {
	some path, document in protected
	document.allow_deletions.enabled == true
}

# The pointer parts of a key the export has, or null when it lacks it (the finding is about the file).
present_key(document, key) := [key] if {
	key in object.keys(document)
} else := null

pointer_of(at) := {"pointer": data.dspt.lib.repository.pointer(at)} if is_array(at)

pointer_of(at) := {} if at == null

deny contains finding if {
	some [path, problem, at] in problems
	finding := object.union(
		{
			"msg": sprintf("default branch protection in %s falls short: %s", [path, problem]),
			"file": path,
			"source": "repository",
		},
		pointer_of(at),
	)
}

warn contains finding if {
	some path, document in protected
	not document.enforce_admins.enabled == true
	finding := object.union(
		{
			"msg": sprintf("default branch protection in %s does not apply to administrators (enforce_admins is not enabled), who can bypass it", [path]),
			"file": path,
			"source": "repository",
		},
		pointer_of(present_key(document, "enforce_admins")),
	)
}

error contains finding if {
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf(
				"branch protection export %s could not be parsed, so whether the default branch is protected is unknown: %s",
				[path, object.get(problem, "message", "no reason given")],
			),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

error contains finding if {
	some path in unparsed
	finding := {
		"msg": sprintf(
			"branch protection export %s holds no JSON object (kind %v), so whether the default branch is protected is unknown",
			[path, object.get(files[path], "kind", "unknown")],
		),
		"file": path,
		"source": "repository",
	}
}

skip := reason if {
	is_object(files)
	count(present) == 0
	reason := sprintf(
		"no branch protection export: branch protection lives in the hosting platform, not the repository; save the response of GET /repos/{owner}/{repo}/branches/{branch}/protection for the default branch to one of %s (parameter branch_protection_paths)",
		[concat(", ", params.branch_protection_paths)],
	)
}
