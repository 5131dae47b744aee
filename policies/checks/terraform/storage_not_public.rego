# METADATA
# title: Object storage is not open to the public
# description: >-
#   Azure storage accounts do not let containers be made public and no container allows anonymous
#   access; Google Cloud Storage buckets use uniform bucket-level access, enforce public access
#   prevention when they hold patient data, and grant nothing to allUsers or
#   allAuthenticatedUsers; no S3 ACL makes a bucket public, and no S3 bucket policy allows
#   anyone (Principal "*") without a condition. Azure key vaults that accept connections from
#   every network (public_network_access_enabled, true by default, with no network_acls whose
#   default_action is Deny) warn: Entra ID still guards them, but the network does not. The
#   azurerm provider (3.x and
#   4.x) defaults allow_nested_items_to_be_public to true, so a plan shows true unless the
#   configuration says false; where neither attribute is in the plan the provider version cannot
#   be told, and the account fails if tagged as holding patient data and warns otherwise.
# custom:
#   id: TF-PUB-004
#   severity: high
#   sources: [terraform]
#   family: public-exposure
#   judges: object stores, key vaults and their access grants (S3 buckets, ACLs and policies, Azure storage accounts, containers and key vaults, Cloud Storage buckets, IAM bindings and ACLs)
#   resource_types: [aws_s3_bucket, aws_s3_bucket_acl, aws_s3_bucket_policy, azurerm_key_vault, azurerm_storage_account, azurerm_storage_container, google_storage_bucket, google_storage_bucket_access_control, google_storage_bucket_acl, google_storage_bucket_iam_binding, google_storage_bucket_iam_member, google_storage_bucket_iam_policy, google_storage_default_object_access_control, google_storage_default_object_acl, google_storage_object_access_control, google_storage_object_acl]
package dspt.checks.terraform.storage_not_public

import rego.v1

plans := input.terraform.plans

params := data.dspt.params.terraform

public_members := {member | some member in params.gcp_public_members}

public_s3_acls := {acl | some acl in params.public_s3_acls}

# S3 ACL grantee groups that mean everyone, or every AWS account holder.
public_s3_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

# Azure container access levels that allow anonymous reads.
public_container_access := {"blob", "container"}

# Google predefined ACLs that grant allUsers or allAuthenticatedUsers.
public_predefined_acls := {"publicRead", "publicReadWrite", "authenticatedRead"}

truthy(value) if value == true

truthy(value) if value == "true"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

field(object, key) := object.get(object, key, null) if is_object(object)

field(object, _) := null if not is_object(object)

# Patient data: AWS/Azure tags and Google labels ----------------------------------------------

patient_tag_values := {key: {lower(value) | some value in values} |
	some key, values in params.patient_data_tags
}

tag_attributes := ["tags", "tags_all", "labels", "terraform_labels", "effective_labels"]

patient_resources contains [index, address] if {
	some index, plan in plans
	some type in ["azurerm_storage_account", "google_storage_bucket"]
	some address in plan.by_type[type]
	some attribute in tag_attributes
	tags := plan.resources[address].values[attribute]
	is_object(tags)
	some key, accepted in patient_tag_values
	is_string(tags[key])
	lower(tags[key]) in accepted
}

# Azure storage accounts and containers -------------------------------------------------------

# azurerm 3.x/4.x name, then 2.x name.
nested_public_attributes := ["allow_nested_items_to_be_public", "allow_blob_public_access"]

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	some attribute in nested_public_attributes
	truthy(plan.resources[address].values[attribute])
	msg := sprintf("%s lets its containers and blobs be made public: %s is true", [address, attribute])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	some attribute in nested_public_attributes
	plan.resources[address].unknown[attribute] == true
	msg := sprintf("whether %s lets its containers be made public is known only after apply (%s is unknown)", [address, attribute])
}

# Neither attribute in the plan: the provider version, and so the default, cannot be told.
unset_nested_public contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_account
	resource := plan.resources[address]
	every attribute in nested_public_attributes {
		field(resource.values, attribute) == null
		not resource.unknown[attribute] == true
	}
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in unset_nested_public
	[index, address] in patient_resources
	msg := sprintf(
		"%s is tagged as holding patient data and does not set allow_nested_items_to_be_public to false (the azurerm default is true)",
		[address],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in unset_nested_public
	not [index, address] in patient_resources
	msg := sprintf(
		"%s does not set allow_nested_items_to_be_public; the azurerm default is true, which lets containers be made public",
		[address],
	)
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_container
	access := plan.resources[address].values.container_access_type
	access in public_container_access
	msg := sprintf("%s allows anonymous reads: container_access_type is %s", [address, access])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_storage_container
	plan.resources[address].unknown.container_access_type == true
	msg := sprintf("whether %s allows anonymous reads is known only after apply", [address])
}

# Google Cloud Storage buckets ------------------------------------------------------------------

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	resource := plan.resources[address]
	not resource.unknown.uniform_bucket_level_access == true
	not truthy(field(resource.values, "uniform_bucket_level_access"))
	msg := sprintf(
		"%s does not use uniform bucket-level access (uniform_bucket_level_access is %v), so object ACLs can make objects public",
		[address, object.get(resource.values, "uniform_bucket_level_access", "not set")],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	plan.resources[address].unknown.uniform_bucket_level_access == true
	msg := sprintf("whether %s uses uniform bucket-level access is known only after apply", [address])
}

prevention_enforced(resource) if field(resource.values, "public_access_prevention") == "enforced"

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in patient_resources
	resource := plans[index].resources[address]
	resource.type == "google_storage_bucket"
	not resource.unknown.public_access_prevention == true
	not prevention_enforced(resource)
	msg := sprintf(
		"%s is tagged as holding patient data but public_access_prevention is %v, expected enforced",
		[address, object.get(resource.values, "public_access_prevention", "not set")],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket
	resource := plan.resources[address]
	not prevention_enforced(resource)
	not patient_prevention_denied(index, address, resource)
	msg := sprintf(
		"%s does not enforce public access prevention (public_access_prevention is %v); only IAM keeps it private",
		[address, public_access_prevention_text(resource)],
	)
}

patient_prevention_denied(index, address, resource) if {
	[index, address] in patient_resources
	not resource.unknown.public_access_prevention == true
}

public_access_prevention_text(resource) := "known only after apply" if {
	resource.unknown.public_access_prevention == true
} else := sprintf("%v", [object.get(resource.values, "public_access_prevention", "not set")])

# Google IAM and ACL grants to everyone ---------------------------------------------------------

grants contains [index, address, member] if {
	some index, plan in plans
	some type in ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"]
	some address in plan.by_type[type]
	values := plan.resources[address].values
	some member in array.concat([field(values, "member")], array_of(field(values, "members")))
	member in public_members
}

grants contains [index, address, member] if {
	some index, plan in plans
	some address in plan.by_type.google_storage_bucket_iam_policy
	policy_data := plan.resources[address].values.policy_data
	is_string(policy_data)
	json.is_valid(policy_data)
	some binding in array_of(field(json.unmarshal(policy_data), "bindings"))
	some member in array_of(field(binding, "members"))
	member in public_members
}

grants contains [index, address, entity] if {
	some index, plan in plans
	some type in ["google_storage_bucket_access_control", "google_storage_default_object_access_control", "google_storage_object_access_control"]
	some address in plan.by_type[type]
	entity := plan.resources[address].values.entity
	entity in public_members
}

grants contains [index, address, entity] if {
	some index, plan in plans
	some type in ["google_storage_bucket_acl", "google_storage_default_object_acl", "google_storage_object_acl"]
	some address in plan.by_type[type]
	some role_entity in array_of(field(plan.resources[address].values, "role_entity"))
	is_string(role_entity)
	entity := split(role_entity, ":")[1]
	entity in public_members
}

grants contains [index, address, sprintf("predefined ACL %s", [acl])] if {
	some index, plan in plans
	some type in ["google_storage_bucket_acl", "google_storage_object_acl"]
	some address in plan.by_type[type]
	acl := plan.resources[address].values.predefined_acl
	acl in public_predefined_acls
}

outcomes contains [index, address, "deny", msg] if {
	some [index, address, member] in grants
	msg := sprintf("%s grants access to %s", [address, member])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in ["google_storage_bucket_iam_member", "google_storage_bucket_iam_binding"]
	some address in plan.by_type[type]
	unknown := plan.resources[address].unknown
	some attribute in ["member", "members"]
	unknown[attribute] == true
	msg := sprintf("who %s grants access to is known only after apply", [address])
}

# S3 ACLs -----------------------------------------------------------------------------------

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in ["aws_s3_bucket_acl", "aws_s3_bucket"]
	some address in plan.by_type[type]
	acl := plan.resources[address].values.acl
	acl in public_s3_acls
	msg := sprintf("%s makes the bucket public: acl is %s", [address, acl])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_acl
	some policy in array_of(field(plan.resources[address].values, "access_control_policy"))
	some grant in array_of(field(policy, "grant"))
	some grantee in array_of(field(grant, "grantee"))
	field(grantee, "uri") in public_s3_groups
	msg := sprintf("%s grants %v to %s", [address, field(grant, "permission"), grantee.uri])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_acl
	plan.resources[address].unknown.acl == true
	msg := sprintf("the acl of %s is known only after apply", [address])
}

# S3 bucket policies allowing anyone ---------------------------------------------------------

policy_statements(document) := document.Statement if is_array(document.Statement)

policy_statements(document) := [document.Statement] if is_object(document.Statement)

public_principal(principal) if principal == "*"

public_principal(principal) if {
	is_object(principal)
	aws := principal.AWS
	public_principal_value(aws)
}

public_principal_value(value) if value == "*"

public_principal_value(value) if {
	is_array(value)
	"*" in value
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_policy
	policy := plan.resources[address].values.policy
	is_string(policy)
	json.is_valid(policy)
	document := json.unmarshal(policy)
	is_object(document)
	some statement in policy_statements(document)
	field(statement, "Effect") == "Allow"
	public_principal(field(statement, "Principal"))
	field(statement, "Condition") == null
	msg := sprintf("%s makes the bucket public: a statement allows %v to Principal * with no condition", [address, field(statement, "Action")])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.aws_s3_bucket_policy
	plan.resources[address].unknown.policy == true
	msg := sprintf("whether the policy of %s makes the bucket public is known only after apply (policy is unknown)", [address])
}

# Azure key vaults open to every network ----------------------------------------------------

# public_network_access_enabled defaults to true; without a network_acls block whose
# default_action is Deny, every network may connect (azurerm docs for azurerm_key_vault).
vault_network_restricted(resource) if {
	some acl in array_of(resource.values.network_acls)
	field(acl, "default_action") == "Deny"
}

vault_public(resource) if {
	data.dspt.lib.terraform.bool_status_cfg(resource, ["public_network_access_enabled"], true) == true
	not vault_network_restricted(resource)
	not resource.unknown.network_acls == true
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_key_vault
	vault_public(plan.resources[address])
	msg := sprintf("%s accepts connections from every network: public network access is enabled and no network_acls default_action is Deny", [address])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.azurerm_key_vault
	resource := plan.resources[address]
	data.dspt.lib.terraform.bool_status_cfg(resource, ["public_network_access_enabled"], true) == "unknown"
	not vault_network_restricted(resource)
	msg := sprintf("whether %s accepts connections from every network is known only after apply (public_network_access_enabled is unknown)", [address])
}

# Judged ------------------------------------------------------------------------------------

judged_types := {
	"aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_bucket_policy",
	"azurerm_storage_account", "azurerm_storage_container", "azurerm_key_vault",
	"google_storage_bucket", "google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
	"google_storage_bucket_iam_policy", "google_storage_bucket_access_control",
	"google_storage_default_object_access_control", "google_storage_object_access_control",
	"google_storage_bucket_acl", "google_storage_default_object_acl", "google_storage_object_acl",
}

# [plan index, address] of every store and grant examined.
judged contains [index, address] if {
	some index, plan in plans
	some type in judged_types
	some address in plan.by_type[type]
}

# Findings --------------------------------------------------------------------------------

deny contains finding if {
	some [index, address, "deny", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}

warn contains finding if {
	some [index, address, "warn", msg] in outcomes
	finding := {"msg": msg, "resource": address, "file": plans[index].file, "source": "terraform"}
}
