# Library rules that many checks read, computed once a run by the engine and handed to every check
# and inventory as `input.shared_facts[<name>]`: regorus keeps no rule value between two
# evaluations, so each check would compute them again (patient_resources: ~90 ms over 5,000
# resources, read by eight checks). Each rule named here reads its fact when the input carries it
# and computes itself otherwise (in tests), so both give the same value by construction.
#
# Only rules that most runs need belong here: a fact is computed whether or not a check then
# reads it, unless its entry names another fact (`when`) that must hold something first.
#
# The facts are computed on the evaluation threads in this order, each thread taking the next:
# the costliest first (hr.active, ~130 ms over 20,000 staff), so the others fill the other
# threads meanwhile instead of leaving it to run alone at the end.
package dspt.lib.facts

import rego.v1

shared := [
	"hr.active",
	"terraform.patient_resources",
	"terraform.backup_retention",
	# Read only for the buckets that hold patient data: computed only when some resource does.
	{"name": "terraform.s3_status", "when": "terraform.patient_resources"},
]
