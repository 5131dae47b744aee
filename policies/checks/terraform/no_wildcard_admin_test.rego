package dspt.checks.terraform.no_wildcard_admin_test

import rego.v1

import data.dspt.checks.terraform.no_wildcard_admin
import data.dspt.testing.terraform as tf

params := {"terraform": {
	"break_glass_principals": ["break-glass-admin", "user:breakglass@example.org", "00000000-0000-0000-0000-00000000b9a5"],
	"admin_policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"],
	"azure_admin_roles": ["Owner", "User Access Administrator"],
	"gcp_admin_roles": ["roles/owner"],
	"gcp_broad_roles": ["roles/editor"],
	"azure_broad_roles": ["Contributor"],
}}

# The plan of resources, read from plans/platform.json (the file the findings name).
plan(resources) := tf.plan_in("plans/platform.json", resources)

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

no_break_glass := {"terraform": object.union(params.terraform, {"break_glass_principals": []})}

deny_of(resources) := result if {
	result := no_wildcard_admin.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := no_wildcard_admin.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

admin_document := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})

admin_document_object := json.marshal({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}})

scoped_document := json.marshal({"Version": "2012-10-17", "Statement": [
	{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-exports/*"},
	{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
	{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
	{"Effect": "Allow", "Action": "*", "Resource": ["arn:aws:s3:::acme-scratch", "arn:aws:s3:::acme-scratch/*"]},
]})

admin_arn := "arn:aws:iam::aws:policy/AdministratorAccess"

compliant_resources := [
	tf.resource("aws_iam_role_policy.exports", {"role": "records-api", "name": "exports", "policy": scoped_document}, {"id": true}),
	tf.resource("aws_iam_role_policy_attachment.break_glass", {"role": "break-glass-admin", "policy_arn": admin_arn}, {"id": true}),
	tf.resource("aws_iam_role_policy_attachment.readonly", {"role": "auditor", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {"id": true}),
	tf.resource("aws_iam_role.app", {"name": "records-api", "inline_policy": [{"name": "exports", "policy": scoped_document}], "managed_policy_arns": []}, {}),
	tf.resource("azurerm_role_assignment.reader", {"role_definition_name": "Reader", "scope": "/subscriptions/1111", "principal_id": "abc"}, {}),
	tf.resource("azurerm_role_assignment.rg_owner", {"role_definition_name": "Owner", "scope": "/subscriptions/1111/resourceGroups/records", "principal_id": "abc"}, {}),
	tf.resource("azurerm_role_assignment.break_glass", {"role_definition_name": "Owner", "scope": "/subscriptions/1111", "principal_id": "00000000-0000-0000-0000-00000000b9a5"}, {}),
	tf.resource("google_project_iam_member.owner", {"project": "records", "role": "roles/owner", "member": "user:breakglass@example.org"}, {}),
	tf.resource("google_project_iam_member.sql", {"project": "records", "role": "roles/cloudsql.client", "member": "serviceAccount:app@records.iam.gserviceaccount.com"}, {}),
]

test_least_privilege_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_administrator_access_attached_to_a_user_is_denied if {
	attachment := tf.resource("aws_iam_user_policy_attachment.ci_admin", {"user": "ci-deploy", "policy_arn": admin_arn}, {"id": true})
	deny_of([attachment]) == {{
		"msg": "aws_iam_user_policy_attachment.ci_admin gives full administrative access (policy arn:aws:iam::aws:policy/AdministratorAccess) to user ci-deploy, which is not a break-glass principal",
		"resource": "aws_iam_user_policy_attachment.ci_admin",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_inline_wildcard_policies_are_denied if {
	resources := [
		tf.resource("aws_iam_user_policy.ops", {"user": "ops", "policy": admin_document}, {}),
		tf.resource("aws_iam_group_policy.admins", {"group": "admins", "policy": admin_document_object}, {}),
		tf.resource("aws_iam_role.legacy", {"name": "legacy", "inline_policy": [{"name": "all", "policy": admin_document}]}, {}),
		tf.resource("aws_iam_role_policy.scoped", {"role": "app", "policy": scoped_document}, {}),
	]
	denied(resources) == {"aws_iam_user_policy.ops", "aws_iam_group_policy.admins", "aws_iam_role.legacy"}
	some finding in deny_of(resources)
	finding.msg == "aws_iam_role.legacy gives full administrative access (inline_policy all allowing Action * on Resource *) to role legacy, which is not a break-glass principal"
}

test_other_attachment_forms_are_denied if {
	resources := [
		tf.resource("aws_iam_policy_attachment.admins", {"policy_arn": admin_arn, "users": ["alice"], "roles": ["break-glass-admin"], "groups": []}, {}),
		tf.resource("aws_iam_role.managed", {"name": "deployer", "managed_policy_arns": [admin_arn]}, {}),
		tf.resource("aws_iam_role_policy_attachments_exclusive.ci", {"role_name": "ci", "policy_arns": [admin_arn]}, {}),
	]
	denied(resources) == {"aws_iam_policy_attachment.admins", "aws_iam_role.managed", "aws_iam_role_policy_attachments_exclusive.ci"}
	count(deny_of(resources)) == 3
}

test_customer_admin_policy_warns_unless_attached_by_known_arn if {
	policy := tf.resource("aws_iam_policy.admin", {"name": "admin", "policy": admin_document}, {"arn": true, "id": true})
	warned([policy]) == {"aws_iam_policy.admin"}
	count(deny_of([policy])) == 0

	existing := object.union(tf.resource("aws_iam_policy.admin", {"name": "admin", "arn": "arn:aws:iam::111122223333:policy/admin", "policy": admin_document}, {}), {"actions": ["no-op"]})
	attachment := tf.resource("aws_iam_role_policy_attachment.admin", {"role": "deployer", "policy_arn": "arn:aws:iam::111122223333:policy/admin"}, {})
	denied([existing, attachment]) == {"aws_iam_role_policy_attachment.admin"}
	count(warn_of([existing, attachment])) == 0
}

test_unknown_principal_warns_or_fails_without_break_glass if {
	attachment := tf.resource("aws_iam_role_policy_attachment.admin", {"policy_arn": admin_arn}, {"role": true})
	count(deny_of([attachment])) == 0
	warned([attachment]) == {"aws_iam_role_policy_attachment.admin"}
	deny := no_wildcard_admin.deny with input as evidence([attachment]) with data.dspt.params as no_break_glass
	{finding.resource | some finding in deny} == {"aws_iam_role_policy_attachment.admin"}
}

test_unknown_inline_document_warns if {
	inline := tf.resource("aws_iam_role_policy.app", {"role": "app"}, {"policy": true})
	count(deny_of([inline])) == 0
	warned([inline]) == {"aws_iam_role_policy.app"}
}

test_invalid_policy_json_is_an_error if {
	inline := tf.resource("aws_iam_user_policy.broken", {"user": "ops", "policy": "{\"Statement\": ["}, {})
	errors := no_wildcard_admin.error with input as evidence([inline]) with data.dspt.params as params
	{finding.resource | some finding in errors} == {"aws_iam_user_policy.broken"}
	count(deny_of([inline])) == 0
}

test_azure_owner_at_subscription_is_denied if {
	resources := [
		tf.resource("azurerm_role_assignment.owner", {"role_definition_name": "Owner", "scope": "/subscriptions/1111", "principal_id": "abc"}, {}),
		tf.resource("azurerm_role_assignment.uaa", {"role_definition_name": "User Access Administrator", "scope": "/providers/Microsoft.Management/managementGroups/nhs", "principal_id": "def"}, {}),
	]
	denied(resources) == {"azurerm_role_assignment.owner", "azurerm_role_assignment.uaa"}
}

test_gcp_owner_is_denied if {
	policy := json.marshal({"bindings": [{"role": "roles/owner", "members": ["user:dev@example.org"]}]})
	resources := [
		tf.resource("google_project_iam_member.dev", {"role": "roles/owner", "member": "user:dev@example.org"}, {}),
		tf.resource("google_organization_iam_binding.owners", {"role": "roles/owner", "members": ["user:breakglass@example.org", "group:platform@example.org"]}, {}),
		tf.resource("google_project_iam_policy.records", {"policy_data": policy}, {}),
	]
	denied(resources) == {"google_project_iam_member.dev", "google_organization_iam_binding.owners", "google_project_iam_policy.records"}
}

test_break_glass_parameter_is_honoured if {
	attachment := tf.resource("aws_iam_user_policy_attachment.admin", {"user": "break-glass-admin", "policy_arn": admin_arn}, {})
	count(deny_of([attachment])) == 0
	deny := no_wildcard_admin.deny with input as evidence([attachment]) with data.dspt.params as no_break_glass
	count(deny) == 1
}

judged_of(resources) := result if {
	result := no_wildcard_admin.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_every_iam_resource if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources}
}

test_unknown_principal_is_named_from_the_referenced_role if {
	role := tf.configured(tf.resource("aws_iam_role.ops", {"name": "ops-admin"}, {"arn": true}), {})
	attachment := tf.configured(
		tf.resource("aws_iam_role_policy_attachment.admin", {"policy_arn": admin_arn}, {"role": true}),
		{"role": tf.ref_attribute("aws_iam_role.ops", "aws_iam_role", "name")},
	)
	input_doc := tf.evidence([object.union(plan([role, attachment]), {"by_config_address": tf.by_config_address([role, attachment])})])
	deny := no_wildcard_admin.deny with input as input_doc with data.dspt.params as params
	deny == {{
		"msg": "aws_iam_role_policy_attachment.admin gives full administrative access (policy arn:aws:iam::aws:policy/AdministratorAccess) to role ops-admin, which is not a break-glass principal",
		"resource": "aws_iam_role_policy_attachment.admin",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
	count(no_wildcard_admin.warn) == 0 with input as input_doc with data.dspt.params as params
}

test_broad_roles_warn if {
	resources := [
		tf.resource("google_project_iam_member.editor", {"project": "records", "role": "roles/editor", "member": "serviceAccount:app@records.iam.gserviceaccount.com"}, {}),
		tf.resource("google_folder_iam_binding.editors", {"folder": "folders/1", "role": "roles/editor", "members": ["group:dev@example.org"]}, {}),
		tf.resource("azurerm_role_assignment.contributor", {"role_definition_name": "Contributor", "scope": "/subscriptions/1111", "principal_id": "abc"}, {}),
		tf.resource("azurerm_role_assignment.rg_contributor", {"role_definition_name": "Contributor", "scope": "/subscriptions/1111/resourceGroups/records", "principal_id": "abc"}, {}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_project_iam_member.editor", "google_folder_iam_binding.editors", "azurerm_role_assignment.contributor"}
	some finding in warn_of(resources)
	finding.msg == "azurerm_role_assignment.contributor grants a broad role (role Contributor at scope /subscriptions/1111): it can change almost everything; grant a predefined role scoped to the job instead"
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["aws_iam_group_policy", {"group": "ops", "policy": admin_document}, {}, "deny"],
	["aws_iam_group_policy_attachment", {"group": "ops", "policy_arn": admin_arn}, {}, "deny"],
	["aws_iam_group_policy_attachments_exclusive", {"group_name": "ops", "policy_arns": [admin_arn]}, {}, "deny"],
	["aws_iam_policy", {"name": "p", "policy": admin_document}, {"arn": true}, "warn"],
	["aws_iam_policy_attachment", {"name": "a", "policy_arn": admin_arn, "users": ["bob"]}, {}, "deny"],
	["aws_iam_role", {"name": "app", "inline_policy": [{"name": "x", "policy": scoped_document}]}, {}, "pass"],
	["aws_iam_role_policy", {"role": "app", "policy": scoped_document}, {}, "pass"],
	["aws_iam_role_policy_attachment", {"role": "break-glass-admin", "policy_arn": admin_arn}, {}, "pass"],
	["aws_iam_role_policy_attachments_exclusive", {"role_name": "app", "policy_arns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}, {}, "pass"],
	["aws_iam_user_policy", {"user": "u", "policy": admin_document_object}, {}, "deny"],
	["aws_iam_user_policy_attachment", {"user": "u", "policy_arn": admin_arn}, {}, "deny"],
	["aws_iam_user_policy_attachments_exclusive", {"user_name": "u", "policy_arns": [admin_arn]}, {}, "deny"],
	["azurerm_role_assignment", {"role_definition_name": "Owner", "scope": "/subscriptions/1111", "principal_id": "x"}, {}, "deny"],
	["google_folder_iam_binding", {"role": "roles/owner", "members": ["user:a@example.org"]}, {}, "deny"],
	["google_folder_iam_member", {"role": "roles/viewer", "member": "user:a@example.org"}, {}, "pass"],
	["google_folder_iam_policy", {"policy_data": json.marshal({"bindings": [{"role": "roles/owner", "members": ["user:a@example.org"]}]})}, {}, "deny"],
	["google_organization_iam_binding", {"role": "roles/owner", "members": ["user:breakglass@example.org"]}, {}, "pass"],
	["google_organization_iam_member", {"role": "roles/owner", "member": "user:x@example.org"}, {}, "deny"],
	["google_organization_iam_policy", {"policy_data": json.marshal({"bindings": [{"role": "roles/viewer", "members": ["user:a@example.org"]}]})}, {}, "pass"],
	["google_project_iam_binding", {"role": "roles/owner", "members": ["group:g@example.org"]}, {}, "deny"],
	["google_project_iam_member", {"role": "roles/editor", "member": "user:a@example.org"}, {}, "warn"],
	["google_project_iam_policy", {"policy_data": json.marshal({"bindings": []})}, {}, "pass"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := tf.declared_resources(declared_type_cases)
	input_doc := evidence(resources)
	deny := no_wildcard_admin.deny with input as input_doc with data.dspt.params as params
	warn := no_wildcard_admin.warn with input as input_doc with data.dspt.params as params
	judged := no_wildcard_admin.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
