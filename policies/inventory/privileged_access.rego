# METADATA
# title: Inventory of privileged access in every source read
# description: >-
#   One entry per privileged principal the evidence shows: identity-provider accounts marked as
#   administrators (`{source: identity, id, enabled}`), and cloud principals the Terraform plans
#   give administrative access (`{source: terraform, plan, address, principal, kind, access}`):
#   AWS IAM users, groups and roles with an administrator policy attached (AdministratorAccess,
#   terraform.admin_policy_arns) or an inline policy allowing every action on every resource;
#   Azure role assignments of the admin and broad roles (Owner, User Access Administrator,
#   Contributor) at any scope; Google IAM members and bindings of the admin and broad roles
#   (roles/owner, roles/editor). `principal` is null where the plan knows it only after apply.
#   This is the list an assessor asks for under DSPT 4.3.1 and 4.4 (who is an administrator,
#   to hold each to the higher-standard agreement); it is not a check and never fails. GitHub
#   organisation owners are not a source dspt reads.
package dspt.inventory.privileged_access

import rego.v1

plans := input.terraform.plans

# Identity-provider administrators --------------------------------------------------------------

entries contains {"source": "identity", "id": account.id, "enabled": account.enabled} if {
	some account in input.identity.accounts
	account.admin == true
}

# AWS: the full-administration grants TF-IAM-001 finds (inline policies allowing * on *, attached
# administrator policies), whoever holds them, break-glass principals included.
aws_kinds := {"user", "group", "role"}

entries contains {
	"source": "terraform",
	"plan": plans[index].file,
	"address": address,
	"principal": name,
	"kind": kind,
	"access": how,
} if {
	some [index, address, kind, name, how] in data.dspt.checks.terraform.no_wildcard_admin.grants
	kind in aws_kinds
}

# Azure: admin and broad roles at any scope (a resource group Owner administers what it holds).
azure_roles := {lower(role) |
	some roles in [data.dspt.params.terraform.azure_admin_roles, data.dspt.params.terraform.azure_broad_roles]
	some role in roles
}

entries contains {
	"source": "terraform",
	"plan": plan.file,
	"address": address,
	"principal": data.dspt.checks.terraform.no_wildcard_admin.principal_name(resource, "principal_id"),
	"kind": "principal",
	"access": sprintf("role %s at scope %v", [role, object.get(resource.values, "scope", null)]),
} if {
	roles := azure_roles
	some plan in plans
	some address in object.get(plan.by_type, "azurerm_role_assignment", [])
	resource := plan.resources[address]
	role := resource.values.role_definition_name
	is_string(role)
	lower(role) in roles
}

# Google: admin and broad basic roles on a project, folder or organisation.
gcp_roles := {role |
	some roles in [data.dspt.params.terraform.gcp_admin_roles, data.dspt.params.terraform.gcp_broad_roles]
	some role in roles
}

gcp_iam_types := data.dspt.checks.terraform.no_wildcard_admin.gcp_iam_types

gcp_policy_types := data.dspt.checks.terraform.no_wildcard_admin.gcp_policy_types

gcp_members(values) := [member |
	some member in array.concat([object.get(values, "member", null)], data.dspt.checks.terraform.no_wildcard_admin.array_of(object.get(values, "members", null)))
	is_string(member)
]

entries contains {
	"source": "terraform",
	"plan": plan.file,
	"address": address,
	"principal": member,
	"kind": "member",
	"access": sprintf("role %s", [role]),
} if {
	roles := gcp_roles
	some plan in plans
	some type in gcp_iam_types
	some address in object.get(plan.by_type, type, [])
	values := plan.resources[address].values
	role := values.role
	role in roles
	some member in gcp_members(values)
}

# Members known only after apply.
entries contains {
	"source": "terraform",
	"plan": plan.file,
	"address": address,
	"principal": null,
	"kind": "member",
	"access": sprintf("role %s", [role]),
} if {
	roles := gcp_roles
	some plan in plans
	some type in gcp_iam_types
	some address in object.get(plan.by_type, type, [])
	resource := plan.resources[address]
	role := resource.values.role
	role in roles
	some attribute in ["member", "members"]
	resource.unknown[attribute] == true
}

entries contains {
	"source": "terraform",
	"plan": plan.file,
	"address": address,
	"principal": member,
	"kind": "member",
	"access": sprintf("role %s", [role]),
} if {
	roles := gcp_roles
	some plan in plans
	some type in gcp_policy_types
	some address in object.get(plan.by_type, type, [])
	policy_data := plan.resources[address].values.policy_data
	is_string(policy_data)
	json.is_valid(policy_data)
	document := json.unmarshal(policy_data)
	is_object(document)
	some binding in data.dspt.checks.terraform.no_wildcard_admin.array_of(object.get(document, "bindings", null))
	is_object(binding)
	role := object.get(binding, "role", null)
	role in roles
	some member in data.dspt.checks.terraform.no_wildcard_admin.array_of(object.get(binding, "members", null))
}

# Sorted, so the report is the same for the same evidence.
resources := sort([entry | some entry in entries])
