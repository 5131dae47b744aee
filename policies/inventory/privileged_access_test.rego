package dspt.inventory.privileged_access_test

import rego.v1

import data.dspt.inventory.privileged_access
import data.dspt.testing
import data.dspt.testing.identity
import data.dspt.testing.terraform as tf

# The Terraform parameters the inventory reads, as shipped in policies/params/terraform-exposure.yaml.
params := {"terraform": {
	"break_glass_principals": ["break-glass-admin"],
	"admin_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
	"azure_admin_roles": ["Owner", "User Access Administrator"],
	"gcp_admin_roles": ["roles/owner"],
	"gcp_broad_roles": ["roles/editor"],
	"azure_broad_roles": ["Contributor"],
}}

# The evidence of plans/platform.json holding resources, and of an identity export of accounts.
evidence(resources, accounts) := testing.evidence({
	"terraform": {"plans": [tf.plan_in("plans/platform.json", resources)]},
	"identity": identity.section(accounts),
})

admin_document := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})

read_document := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})

inventory(resources, accounts) := result if {
	result := privileged_access.resources with input as evidence(resources, accounts) with data.dspt.params as params
}

terraform_principals(resources) := {[entry.address, entry.principal] |
	some entry in inventory(resources, [])
	entry.source == "terraform"
}

test_identity_administrators_are_listed if {
	accounts := [
		identity.account(1, {"admin": true}),
		identity.account(2, {}),
		identity.account(3, {"admin": true, "enabled": false}),
		identity.account(4, {"admin": null}),
	]
	{entry | some entry in inventory([], accounts)} == {
		{"source": "identity", "id": "a-0000000000000001", "enabled": true},
		{"source": "identity", "id": "a-0000000000000003", "enabled": false},
	}
}

test_aws_administrator_policies_and_wildcard_inline_policies_are_listed if {
	resources := [
		tf.resource("aws_iam_role_policy_attachment.ops", {"role": "ops-admin", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}, {}),
		tf.resource("aws_iam_user_policy.deployer", {"user": "deployer", "policy": admin_document}, {}),
		tf.resource("aws_iam_group_policy_attachment.readers", {"group": "readers", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {}),
		tf.resource("aws_iam_role_policy.reader", {"role": "reader", "policy": read_document}, {}),
		# A break-glass principal is still privileged: it is listed.
		tf.resource("aws_iam_user_policy_attachment.glass", {"user": "break-glass-admin", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}, {}),
	]
	terraform_principals(resources) == {
		["aws_iam_role_policy_attachment.ops", "ops-admin"],
		["aws_iam_user_policy.deployer", "deployer"],
		["aws_iam_user_policy_attachment.glass", "break-glass-admin"],
	}
	some entry in inventory(resources, [])
	entry == {
		"source": "terraform",
		"plan": "plans/platform.json",
		"address": "aws_iam_role_policy_attachment.ops",
		"principal": "ops-admin",
		"kind": "role",
		"access": "policy arn:aws:iam::aws:policy/AdministratorAccess",
	}
}

test_azure_owner_contributor_and_user_access_administrator_are_listed_at_any_scope if {
	resources := [
		tf.resource("azurerm_role_assignment.owner", {"role_definition_name": "Owner", "scope": "/subscriptions/0000", "principal_id": "11111111-aaaa"}, {}),
		tf.resource("azurerm_role_assignment.contributor", {"role_definition_name": "contributor", "scope": "/subscriptions/0000/resourceGroups/app", "principal_id": "22222222-bbbb"}, {}),
		tf.resource("azurerm_role_assignment.uaa", {"role_definition_name": "User Access Administrator", "scope": "/subscriptions/0000"}, {"principal_id": true}),
		tf.resource("azurerm_role_assignment.reader", {"role_definition_name": "Reader", "scope": "/subscriptions/0000", "principal_id": "33333333-cccc"}, {}),
	]
	terraform_principals(resources) == {
		["azurerm_role_assignment.owner", "11111111-aaaa"],
		["azurerm_role_assignment.contributor", "22222222-bbbb"],
		["azurerm_role_assignment.uaa", null],
	}
}

test_google_owner_and_editor_members_and_bindings_are_listed if {
	policy := json.marshal({"bindings": [
		{"role": "roles/owner", "members": ["user:root@example.org"]},
		{"role": "roles/viewer", "members": ["user:viewer@example.org"]},
	]})
	resources := [
		tf.resource("google_project_iam_member.owner", {"role": "roles/owner", "member": "user:alice@example.org"}, {}),
		tf.resource("google_project_iam_binding.editors", {"role": "roles/editor", "members": ["group:eng@example.org", "user:bob@example.org"]}, {}),
		tf.resource("google_folder_iam_member.later", {"role": "roles/editor"}, {"member": true}),
		tf.resource("google_project_iam_member.viewer", {"role": "roles/viewer", "member": "user:carol@example.org"}, {}),
		tf.resource("google_organization_iam_policy.org", {"policy_data": policy}, {}),
	]
	terraform_principals(resources) == {
		["google_project_iam_member.owner", "user:alice@example.org"],
		["google_project_iam_binding.editors", "group:eng@example.org"],
		["google_project_iam_binding.editors", "user:bob@example.org"],
		["google_folder_iam_member.later", null],
		["google_organization_iam_policy.org", "user:root@example.org"],
	}
}

test_the_inventory_is_sorted_and_empty_without_evidence if {
	accounts := [identity.account(2, {"admin": true}), identity.account(1, {"admin": true})]
	resources := [tf.resource("aws_iam_user_policy.deployer", {"user": "deployer", "policy": admin_document}, {})]
	result := inventory(resources, accounts)
	result == sort(result)
	count(result) == 3
	privileged_access.resources == [] with input as testing.evidence({}) with data.dspt.params as params
}
