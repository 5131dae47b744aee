# METADATA
# title: A route for reporting security incidents and vulnerabilities is documented
# description: >-
#   The repository has a security policy (SECURITY.md or security.txt) that gives an
#   email address or an https URL to which incidents and vulnerabilities can be reported.
# custom:
#   id: REPO-SEC-001
#   severity: high
#   sources: [repository]
#   judges: repositories
package dspt.checks.repo.security_policy

import rego.v1

# An email address (security.txt's "Contact: mailto:..." included), or an https URL.
contact_pattern := `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|https://[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`

candidate_paths := data.dspt.params.repository.security_policy_paths

files := input.repository.files

present := {path | some path in candidate_paths; files[path]}

# The check speaks for the repository as a whole.
judged contains "repository" if is_object(files)

readable := {path | some path in present; is_string(files[path].text)}

with_contact := {path | some path in readable; regex.match(contact_pattern, files[path].text)}

# Candidates whose content the evidence document does not hold: a read or parse error,
# or no text kept. Any of them might hold the contact, so their presence blocks a failure.
unreadable := present - readable

# A policy without a contact fails only when no other candidate might hold one.
missing_contact_is_failure if {
	count(with_contact) == 0
	count(unreadable) == 0
}

deny contains finding if {
	is_object(files)
	count(present) == 0
	finding := {
		"msg": sprintf(
			"no security policy gives a route to report incidents and vulnerabilities: none of %s exists",
			[concat(", ", candidate_paths)],
		),
		"source": "repository",
	}
}

deny contains finding if {
	missing_contact_is_failure
	some path in readable
	finding := {
		"msg": sprintf("%s gives no contact for reporting incidents or vulnerabilities (no email address or https URL)", [path]),
		"file": path,
		"source": "repository",
	}
}

error contains finding if {
	count(with_contact) == 0
	some path in unreadable
	problem := files[path].error
	location := {"line": line | line := problem.line; is_number(line); line >= 1}
	finding := object.union(
		{
			"msg": sprintf("%s could not be read, so whether it gives a reporting contact is unknown: %s", [path, object.get(problem, "message", "no reason given")]),
			"file": path,
			"source": "repository",
		},
		location,
	)
}

error contains finding if {
	count(with_contact) == 0
	some path in unreadable
	not files[path].error
	finding := {
		"msg": sprintf("the evidence document holds no text for %s (kind %v), so whether it gives a reporting contact is unknown", [path, object.get(files[path], "kind", "unknown")]),
		"file": path,
		"source": "repository",
	}
}
