# METADATA
# title: Repeated incidents of one kind are noticed
# description: >-
#   Warns (never fails) when the log shows the same category of incident (compared without regard
#   to case) opened at least the threshold number of times within the repeat window, once per
#   category, naming the incidents: a repeat suggests a root cause the reviews have not fixed.
#   DSPT 5.1.1 (partly); CAF D2.b (partly).
# custom:
#   id: INC-REP-001
#   severity: low
#   sources: [incidents]
#   judges: categorised incidents of the assessment year
package dspt.checks.incidents.repeats

import rego.v1

nanoseconds_per_day := 86400000000000

date_layout := "2006-01-02"

params := data.dspt.params.incidents

as_of := input.assessment.as_of

# Incidents opened on or after this day, and not after the assessment date, are judged.
lookback_start := time.format([time.parse_ns(date_layout, as_of) - (params.lookback_days * nanoseconds_per_day), "UTC", date_layout])

# [category key (lower case, trimmed), opened, reference, index, opened in nanoseconds] of every
# judged incident, sorted: the incidents of one category are adjacent, in the order they were
# opened.
entries := sort([[lower(trim_space(incident.category)), incident.opened, incident.reference, index, time.parse_ns(date_layout, incident.opened)] |
	[start, today] := [lookback_start, as_of]
	some index, incident in input.incidents.records
	is_string(incident.category)
	trim_space(incident.category) != ""
	is_string(incident.opened)
	incident.opened >= start
	incident.opened <= today
])

judged contains entry[2] if {
	some entry in entries
}

# Positions in `entries` that start a run of `repeat_threshold` incidents of one category whose
# first and last were opened at most `repeat_window_days` apart. Every incident of a window holding
# at least that many lies in such a run, so the runs find them all in O(n x threshold).
run_starts contains position if {
	sorted := entries
	[span, window_ns] := [params.repeat_threshold - 1, params.repeat_window_days * nanoseconds_per_day]
	span >= 0
	some position, first in sorted
	last := sorted[position + span]
	last[0] == first[0]
	last[4] - first[4] <= window_ns
}

# Positions of every incident in such a run.
repeated contains start + offset if {
	span := params.repeat_threshold - 1
	some start in run_starts
	some offset in numbers.range(0, span)
}

# Positions in `entries` where a category's incidents begin and end (they are adjacent).
category_starts contains 0 if count(entries) > 0

category_starts contains position if {
	sorted := entries
	some position, entry in sorted
	sorted[position - 1][0] != entry[0]
}

category_ends contains count(entries) - 1 if count(entries) > 0

category_ends contains position if {
	sorted := entries
	some position, entry in sorted
	sorted[position + 1][0] != entry[0]
}

# Category key -> the positions of its repeated incidents, in order: each category's range of
# `entries` is scanned once.
categories[key] := positions if {
	[sorted, flagged, ends] := [entries, repeated, category_ends]
	some first in category_starts
	last := min({end | some end in ends; end >= first})
	positions := [position | some position in numbers.range(first, last); position in flagged]
	count(positions) > 0
	key := sorted[first][0]
}

warn contains finding if {
	sorted := entries
	some key, positions in categories
	named := [sprintf("%s (%s)", [sorted[position][2], sorted[position][1]]) | some position in positions]
	first := input.incidents.records[sorted[positions[0]][3]]
	location := {field: value |
		some field in ["file", "line", "pointer"]
		value := first[field]
		value != null
	}
	msg := sprintf(
		"%d incidents in the category %q were opened in runs of at least %d within %d days: %s; look for a common root cause",
		[count(positions), key, params.repeat_threshold, params.repeat_window_days, concat(", ", named)],
	)
	finding := object.union(location, {"msg": msg, "record": key, "source": "incidents"})
}
