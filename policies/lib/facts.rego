# Library rules that many checks read, computed once a run by the engine and handed to every check
# and inventory as `input.shared_facts[<name>]`: regorus keeps no rule value between two
# evaluations, so each check would compute them again (patient_resources: ~90 ms over 5,000
# resources, read by eight checks). Each rule named here reads its fact when the input carries it
# and computes itself otherwise (in tests), so both give the same value by construction.
#
# Only rules that most runs need belong here: a fact is computed whether or not a check then
# reads it.
package dspt.lib.facts

import rego.v1

shared := [
	"terraform.patient_resources",
	"terraform.backup_retention",
	"hr.active",
]
