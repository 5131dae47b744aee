# METADATA
# title: The staff record is current and complete
# description: >-
#   The HR export was taken recently enough to speak for the assessment date, each staff id
#   appears on one record only, and every active record has a role and a start date.
#   DSPT 4.1.1.
# custom:
#   id: HR-REC-001
#   severity: medium
#   sources: [hr]
#   judges: HR exports and staff records
package dspt.checks.hr.record_current

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.hr

staff := input.hr.staff

as_of := input.assessment.as_of

# Exports dated before this day are older than the allowed age (ISO dates order as strings).
oldest_allowed := time.format([time.parse_ns(date_layout, as_of) - (params.export_max_age_days * nanoseconds_per_day), "UTC", date_layout])

# Every export is judged on its date, and every staff record on its id (duplicates) and, when
# active, on its role and start date.
judged contains export.file if {
	some export in input.hr.exports
}

judged contains person.id if {
	some person in input.hr.staff
}

deny contains finding if {
	some export in input.hr.exports
	is_string(export.exported_on)
	export.exported_on < oldest_allowed
	finding := {
		"msg": sprintf(
			"HR export %s was taken on %s, more than %d days before %s",
			[export.file, export.exported_on, params.export_max_age_days, as_of],
		),
		"file": export.file,
		"source": "hr",
	}
}

warn contains finding if {
	some export in input.hr.exports
	not is_string(export.exported_on)
	finding := {
		"msg": sprintf(
			"the date HR export %s was taken is not known, so its currency cannot be judged (configure sources.hr.exported_on)",
			[export.file],
		),
		"file": export.file,
		"source": "hr",
	}
}

# Whether any staff id is on more than one record: two passes, against the five of finding
# which (below), that only an export with duplicates pays for.
has_duplicates if {
	ids := [person.id | some person in input.hr.staff; is_string(person.id)]
	count({id | some id in ids}) < count(ids)
}

# Duplicate staff ids, found in one pass over the records sorted by id: [id, line, index].
by_id := sort([[person.id, person.line, index] | some index, person in staff; is_string(person.id)]) if has_duplicates

# Positions in by_id whose id is the same as the one before.
repeats contains position if {
	some position, entry in by_id
	position > 0
	by_id[position - 1][0] == entry[0]
}

# Staff id -> position in by_id of its first and of its last record. The records of one id
# are adjacent, so each id starts and ends exactly one run and no key gets two values.
run_start[entry[0]] := position if {
	some position, entry in by_id
	not position in repeats
}

run_end[entry[0]] := position if {
	some position, entry in by_id
	not (position + 1) in repeats
}

# Staff id -> [first, last] position, for ids on more than one record.
duplicate_runs[id] := [first, last] if {
	some id, first in run_start
	last := run_end[id]
	last > first
}

deny contains finding if {
	some id, [first, last] in duplicate_runs
	lines := [format_int(by_id[position][1], 10) | some position in numbers.range(first, last)]
	person := staff[by_id[first][2]]
	finding := {
		"msg": sprintf(
			"staff record %s appears %d times in the HR export (lines %s): each staff id must be on one record",
			[id, (last - first) + 1, concat(", ", lines)],
		),
		"record": id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}

# Active staff, as HR-TRN-001 defines them: not starting after as_of and not left on or
# before it (a missing start date counts as started, failing closed).
active(person) if {
	not starts_later(person)
	not has_left(person)
}

starts_later(person) if {
	is_string(person.start_date)
	person.start_date > as_of
}

has_left(person) if {
	is_string(person.leave_date)
	person.leave_date <= as_of
}

# The rare condition first: most records have a role and a start date, and are not asked
# whether they are active. A role is looked up among the distinct roles that have text (each
# trimmed once, not once per record): a missing, non-string or blank role is not among them.
text_roles contains role if {
	some role in {person.role | some person in input.hr.staff}
	has_text(role)
}

missing contains [index, "role"] if {
	roles := text_roles
	some index, person in input.hr.staff
	not person.role in roles
	active(person)
}

missing contains [index, "start date"] if {
	some index, person in input.hr.staff
	not is_string(person.start_date)
	active(person)
}

has_text(value) if {
	is_string(value)
	trim_space(value) != ""
}

deny contains finding if {
	some [index, field] in missing
	person := staff[index]
	finding := {
		"msg": sprintf("active staff record %s has no %s", [person.id, field]),
		"record": person.id,
		"file": person.file,
		"line": person.line,
		"source": "hr",
	}
}
