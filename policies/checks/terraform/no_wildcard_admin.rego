# METADATA
# title: Full administrative access is held only by break-glass principals
# description: >-
#   No IAM user, group or role outside the break-glass list is given a policy that allows every
#   action on every resource (an inline policy or inline_policy block with Effect Allow, Action "*"
#   and Resource "*", or an attached administrator policy such as AdministratorAccess); no Azure
#   principal outside the list is made Owner or User Access Administrator of a subscription or
#   management group; and no Google member outside the list gets roles/owner on a project, folder
#   or organisation. A customer-managed aws_iam_policy allowing "*" on "*" warns: attachments name
#   it by an ARN that is known only after apply, so whom it reaches cannot be seen in the plan.
#   A principal known only after apply is named from the resource its configuration refers to
#   (role = aws_iam_role.admin.name) where that resource's name is known. Broad but not full
#   roles (Google roles/editor, Azure Contributor at subscription scope; the broad-role
#   parameters) warn.
# custom:
#   id: TF-IAM-001
#   severity: critical
#   sources: [terraform]
#   family: identity-and-access
#   judges: IAM grants and policies (AWS IAM policies, attachments and roles, Azure role assignments, Google project, folder and organisation IAM)
#   resource_types: [aws_iam_group_policy, aws_iam_group_policy_attachment, aws_iam_group_policy_attachments_exclusive, aws_iam_policy, aws_iam_policy_attachment, aws_iam_role, aws_iam_role_policy, aws_iam_role_policy_attachment, aws_iam_role_policy_attachments_exclusive, aws_iam_user_policy, aws_iam_user_policy_attachment, aws_iam_user_policy_attachments_exclusive, azurerm_role_assignment, google_folder_iam_binding, google_folder_iam_member, google_folder_iam_policy, google_organization_iam_binding, google_organization_iam_member, google_organization_iam_policy, google_project_iam_binding, google_project_iam_member, google_project_iam_policy]
package dspt.checks.terraform.no_wildcard_admin

import rego.v1

plans := input.terraform.plans

params := data.dspt.params.terraform

break_glass := {principal | some principal in params.break_glass_principals}

admin_policy_arns := {arn | some arn in params.admin_policy_arns}

azure_admin_roles := {lower(role) | some role in params.azure_admin_roles}

gcp_admin_roles := {role | some role in params.gcp_admin_roles}

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

field(object, key) := object.get(object, key, null) if is_object(object)

field(object, _) := null if not is_object(object)

known_text(resource, attribute) := value if {
	not resource.unknown[attribute] == true
	value := resource.values[attribute]
	is_string(value)
	value != ""
}

# Policy documents ------------------------------------------------------------------------------

statements(document) := document.Statement if is_array(document.Statement)

statements(document) := [document.Statement] if is_object(document.Statement)

wildcard_actions := {"*", "*:*"}

wildcard(value) if value in wildcard_actions

wildcard(value) if {
	is_array(value)
	some item in value
	item in wildcard_actions
}

# A JSON policy document (a string in the plan) allowing every action on every resource.
full_admin(policy) if {
	is_string(policy)
	json.is_valid(policy)
	document := json.unmarshal(policy)
	is_object(document)
	some statement in statements(document)
	field(statement, "Effect") == "Allow"
	wildcard(field(statement, "Action"))
	wildcard(field(statement, "Resource"))
}

unreadable(policy) if {
	is_string(policy)
	not json.is_valid(policy)
}

# Grants of full administration -------------------------------------------------------------------
# [plan index, address, principal kind, principal name or null when known only after apply, how].

inline_policy_principals := {
	"aws_iam_user_policy": ["user", "user"],
	"aws_iam_group_policy": ["group", "group"],
	"aws_iam_role_policy": ["role", "role"],
}

attachment_principals := {
	"aws_iam_user_policy_attachment": ["user", "user"],
	"aws_iam_group_policy_attachment": ["group", "group"],
	"aws_iam_role_policy_attachment": ["role", "role"],
}

exclusive_attachment_principals := {
	"aws_iam_user_policy_attachments_exclusive": ["user", "user_name"],
	"aws_iam_group_policy_attachments_exclusive": ["group", "group_name"],
	"aws_iam_role_policy_attachments_exclusive": ["role", "role_name"],
}

principal_name(resource, attribute) := name if {
	name := known_text(resource, attribute)
} else := name if {
	name := referenced_name(resource, attribute)
} else := null

# The known name (or id, for Azure principals) of the one managed resource the attribute's
# configuration refers to, e.g. role = aws_iam_role.admin.name.
name_attributes := {
	"aws_iam_role": "name", "aws_iam_user": "name", "aws_iam_group": "name",
	"azuread_service_principal": "object_id", "azuread_user": "object_id", "azuread_group": "object_id",
	"azurerm_user_assigned_identity": "principal_id",
}

referenced_name(resource, attribute) := name if {
	targets := object.get(resource, ["config", attribute, "resources"], [])
	count(targets) == 1
	target := targets[0]
	name_attribute := name_attributes[target.type]
	some plan in plans
	plan.resources[resource.address] == resource
	instances := object.get(object.get(plan, "by_config_address", {}), target.address, [])
	count(instances) == 1
	name := known_text(plan.resources[instances[0]], name_attribute)
}

grants contains [index, address, kind, principal_name(resource, attribute), "an inline policy allowing Action * on Resource *"] if {
	some index, plan in plans
	some type, [kind, attribute] in inline_policy_principals
	some address in plan.by_type[type]
	resource := plan.resources[address]
	full_admin(resource.values.policy)
}

grants contains [index, address, "role", principal_name(resource, "name"), sprintf("inline_policy %v allowing Action * on Resource *", [field(block, "name")])] if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_role
	resource := plan.resources[address]
	some block in array_of(resource.values.inline_policy)
	full_admin(field(block, "policy"))
}

grants contains [index, address, "role", principal_name(resource, "name"), sprintf("managed policy %s", [arn])] if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_role
	resource := plan.resources[address]
	some arn in array_of(resource.values.managed_policy_arns)
	arn in admin_arns[index]
}

grants contains [index, address, kind, principal_name(resource, attribute), sprintf("policy %s", [arn])] if {
	some index, plan in plans
	some type, [kind, attribute] in attachment_principals
	some address in plan.by_type[type]
	resource := plan.resources[address]
	arn := resource.values.policy_arn
	arn in admin_arns[index]
}

grants contains [index, address, kind, principal_name(resource, attribute), sprintf("policy %s", [arn])] if {
	some index, plan in plans
	some type, [kind, attribute] in exclusive_attachment_principals
	some address in plan.by_type[type]
	resource := plan.resources[address]
	some arn in array_of(resource.values.policy_arns)
	arn in admin_arns[index]
}

grants contains [index, address, kind, name, sprintf("policy %s", [arn])] if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_policy_attachment
	values := plan.resources[address].values
	arn := values.policy_arn
	arn in admin_arns[index]
	some [kind, attribute] in [["user", "users"], ["group", "groups"], ["role", "roles"]]
	some name in array_of(field(values, attribute))
}

# Administrator policies by ARN: the configured managed policies, and customer policies in the same
# plan that allow "*" on "*" whose ARN is known (policies that already exist).
admin_arns[index] := admin_policy_arns | customer if {
	some index, plan in plans
	customer := {arn |
		some address in object.get(plan.by_type, "aws_iam_policy", [])
		resource := plan.resources[address]
		full_admin(resource.values.policy)
		arn := known_text(resource, "arn")
	}
}

# Azure: Owner or User Access Administrator at subscription or management-group scope.
broad_scope(scope) if regex.match(`^/subscriptions/[^/]+/?$`, lower(scope))

broad_scope(scope) if contains(lower(scope), "/providers/microsoft.management/managementgroups/")

broad_scope(scope) if scope == "/"

grants contains [index, address, "principal", principal_name(resource, "principal_id"), sprintf("role %s at scope %s", [role, scope])] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_role_assignment
	resource := plan.resources[address]
	role := resource.values.role_definition_name
	is_string(role)
	lower(role) in azure_admin_roles
	scope := known_text(resource, "scope")
	broad_scope(scope)
}

# Google: basic owner role on a project, folder or organisation.
gcp_iam_types := {
	"google_project_iam_member", "google_project_iam_binding",
	"google_folder_iam_member", "google_folder_iam_binding",
	"google_organization_iam_member", "google_organization_iam_binding",
}

gcp_policy_types := {"google_project_iam_policy", "google_folder_iam_policy", "google_organization_iam_policy"}

grants contains [index, address, "member", member, sprintf("role %s", [role])] if {
	some index, plan in plans
	some type in gcp_iam_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	role := values.role
	role in gcp_admin_roles
	some member in array.concat([field(values, "member")], array_of(field(values, "members")))
	is_string(member)
}

grants contains [index, address, "member", member, sprintf("role %s", [role])] if {
	some index, plan in plans
	some type in gcp_policy_types
	some address in plan.by_type[type]
	policy_data := plan.resources[address].values.policy_data
	is_string(policy_data)
	json.is_valid(policy_data)
	some binding in array_of(field(json.unmarshal(policy_data), "bindings"))
	role := field(binding, "role")
	role in gcp_admin_roles
	some member in array_of(field(binding, "members"))
}

grants contains [index, address, "member", null, sprintf("role %s", [role])] if {
	some index, plan in plans
	some type in gcp_iam_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	role := resource.values.role
	role in gcp_admin_roles
	some attribute in ["member", "members"]
	resource.unknown[attribute] == true
}

# Broad roles short of full administration ------------------------------------------------------

gcp_broad_roles := {role | some role in params.gcp_broad_roles}

azure_broad_roles := {lower(role) | some role in params.azure_broad_roles}

broad_grants contains [index, address, sprintf("role %s to %s", [role, member])] if {
	some index, plan in plans
	some type in gcp_iam_types
	some address in plan.by_type[type]
	values := plan.resources[address].values
	role := values.role
	role in gcp_broad_roles
	some member in array.concat([field(values, "member")], array_of(field(values, "members")))
	is_string(member)
	not member in break_glass
}

broad_grants contains [index, address, sprintf("role %s at scope %s", [role, scope])] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_role_assignment
	resource := plan.resources[address]
	role := resource.values.role_definition_name
	is_string(role)
	lower(role) in azure_broad_roles
	scope := known_text(resource, "scope")
	broad_scope(scope)
	not principal_name(resource, "principal_id") in break_glass
}

warn contains finding if {
	some [index, address, how] in broad_grants
	finding := {
		"msg": sprintf("%s grants a broad role (%s): it can change almost everything; grant a predefined role scoped to the job instead", [address, how]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# Judged ------------------------------------------------------------------------------------

judged_types := ((((object.keys(inline_policy_principals) | object.keys(attachment_principals)) | object.keys(exclusive_attachment_principals)) | (gcp_iam_types | gcp_policy_types)) | {"aws_iam_policy_attachment", "aws_iam_role", "aws_iam_policy", "azurerm_role_assignment"})

# [plan index, address] of every IAM policy, attachment, role, assignment and binding examined.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
}

# Findings ----------------------------------------------------------------------------------

deny contains finding if {
	some [index, address, kind, name, how] in grants
	is_string(name)
	not name in break_glass
	finding := {
		"msg": sprintf("%s gives full administrative access (%s) to %s %s, which is not a break-glass principal", [address, how, kind, name]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# A principal known only after apply cannot be on the break-glass list when the list is empty.
deny contains finding if {
	some [index, address, kind, null, how] in grants
	count(break_glass) == 0
	finding := {
		"msg": sprintf("%s gives full administrative access (%s) to a %s named only after apply, and no break-glass principals are configured", [address, how, kind]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

warn contains finding if {
	some [index, address, kind, null, how] in grants
	count(break_glass) > 0
	finding := {
		"msg": sprintf("%s gives full administrative access (%s) to a %s known only after apply; whether it is a break-glass principal cannot be seen", [address, how, kind]),
		"resource": address,
		"file": plans[index].file,
		"source": "terraform",
	}
}

# Customer policies allowing "*" on "*" not tied by a known ARN to any attachment in the plan.
warn contains finding if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_policy
	resource := plan.resources[address]
	full_admin(resource.values.policy)
	not [index, known_text(resource, "arn")] in attached_arns
	finding := {
		"msg": sprintf(
			"%s allows Action * on Resource *; whom it is attached to cannot be seen in the plan (attachments name it by an ARN known only after apply): attach it only to break-glass principals",
			[address],
		),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

# [plan index, policy ARN] of every attachment whose ARN is known.
attached_arns contains [index, arn] if {
	some index, plan in plans
	some type in object.keys(attachment_principals) | {"aws_iam_policy_attachment"}
	some address in plan.by_type[type]
	arn := known_text(plan.resources[address], "policy_arn")
}

attached_arns contains [index, arn] if {
	some index, plan in plans
	some type in object.keys(exclusive_attachment_principals)
	some address in plan.by_type[type]
	some arn in array_of(plan.resources[address].values.policy_arns)
}

attached_arns contains [index, arn] if {
	some index, plan in plans
	some address in plan.by_type.aws_iam_role
	some arn in array_of(plan.resources[address].values.managed_policy_arns)
}

# Inline policies whose document is known only after apply.
warn contains finding if {
	some index, plan in plans
	some type, _ in inline_policy_principals
	some address in plan.by_type[type]
	plan.resources[address].unknown.policy == true
	finding := {
		"msg": sprintf("whether %s grants full administrative access is known only after apply (its policy document is unknown)", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}

# Policy documents that are not valid JSON cannot be judged.
error contains finding if {
	some index, plan in plans
	some type in object.keys(inline_policy_principals) | {"aws_iam_policy"}
	some address in plan.by_type[type]
	unreadable(plan.resources[address].values.policy)
	finding := {
		"msg": sprintf("the policy document of %s is not valid JSON, so whether it grants full administrative access cannot be judged", [address]),
		"resource": address,
		"file": plan.file,
		"source": "terraform",
	}
}
