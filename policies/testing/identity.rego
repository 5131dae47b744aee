# Test support: the `identity` section of the evidence document (docs/evidence-document.md,
# `identity`), as the engine writes it from an identity-provider export. Loaded by `dspt test`
# only.
package dspt.testing.identity

import rego.v1

import data.dspt.testing
import data.dspt.testing.hr

# Account `number` of idp/users.csv (id a-<number in 16 hex digits>, on line number + 1), joined
# to staff record `number` (staff_id p-<...>, as hr.person): enabled, with MFA, not an admin,
# last signed in on 2026-06-25, no agreement signed. `fields` replace any of it.
account(number, fields) := object.union(
	{
		"id": sprintf("a-%016x", [number]),
		"staff_id": sprintf("p-%016x", [number]),
		"enabled": true,
		"mfa": true,
		"admin": false,
		"last_sign_in": "2026-06-25",
		"agreement_signed": null,
		"file": "idp/users.csv",
		"line": number + 1,
	},
	fields,
)

# The `identity` section of one export, idp/users.csv taken on 2026-06-29, of `accounts`.
section(accounts) := {
	"exports": [{"file": "idp/users.csv", "rows": count(accounts), "exported_on": "2026-06-29"}],
	"accounts": accounts,
}

# An evidence document of `accounts`.
evidence(accounts) := testing.evidence({"identity": section(accounts)})

# An evidence document of `accounts` and of the HR export of `staff` (hr.person records), taken on
# 2026-06-28, that they join to.
evidence_with_staff(accounts, staff) := testing.evidence({
	"identity": section(accounts),
	"hr": hr.section(staff, "2026-06-28"),
})
