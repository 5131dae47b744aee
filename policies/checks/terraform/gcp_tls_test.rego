package dspt.checks.terraform.gcp_tls_test

import rego.v1

import data.dspt.checks.terraform.gcp_tls
import data.dspt.testing.terraform as tf

params := {"terraform": {"min_tls_versions": ["1.2", "1.3"]}}

# The plan of resources, read from plans/platform.json (the file the findings name), with
# these provider configurations.
plan(resources) := tf.plan_with_providers("plans/platform.json", resources, {"google": {"name": tf.google, "region": "europe-west2"}})

# The evidence document of that one plan.
evidence(resources) := tf.evidence([plan(resources)])

deny_of(resources) := result if {
	result := gcp_tls.deny with input as evidence(resources) with data.dspt.params as params
}

warn_of(resources) := result if {
	result := gcp_tls.warn with input as evidence(resources) with data.dspt.params as params
}

denied(resources) := {finding.resource | some finding in deny_of(resources)}

warned(resources) := {finding.resource | some finding in warn_of(resources)}

sql(address, ip_configuration, unknown) := tf.google_resource(
	address,
	{"name": "records", "region": "europe-west2", "database_version": "POSTGRES_16", "settings": [{"tier": "db-custom-2-7680", "ip_configuration": [ip_configuration]}]},
	unknown,
)

compliant_resources := [
	sql("google_sql_database_instance.records", {"ipv4_enabled": false, "ssl_mode": "ENCRYPTED_ONLY"}, {"settings": [{"ip_configuration": [{}]}]}),
	sql("google_sql_database_instance.mtls", {"ipv4_enabled": false, "ssl_mode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}, {}),
	sql("google_sql_database_instance.legacy", {"ipv4_enabled": false, "require_ssl": true}, {"settings": [{"ip_configuration": [{"ssl_mode": true}]}]}),
	tf.google_resource("google_compute_ssl_policy.modern", {"name": "modern", "profile": "MODERN", "min_tls_version": "TLS_1_2"}, {}),
	tf.google_resource("google_compute_region_ssl_policy.restricted", {"profile": "RESTRICTED", "min_tls_version": "TLS_1_3"}, {}),
	object.union(
		tf.google_resource("google_compute_target_https_proxy.web", {"name": "web"}, {"ssl_policy": true}),
		{"config": {"ssl_policy": {"references": ["google_compute_ssl_policy.modern.self_link", "google_compute_ssl_policy.modern"], "resources": [{"address": "google_compute_ssl_policy.modern", "type": "google_compute_ssl_policy"}], "data": []}}},
	),
	tf.google_resource("google_compute_target_ssl_proxy.tcp", {"ssl_policy": "projects/p/global/sslPolicies/modern"}, {}),
]

test_encrypted_only_estate_passes if {
	count(deny_of(compliant_resources)) == 0
	count(warn_of(compliant_resources)) == 0
}

test_cloud_sql_allowing_unencrypted_is_denied if {
	instance := sql("google_sql_database_instance.records", {"ipv4_enabled": true, "ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}, {})
	deny_of([instance]) == {{
		"msg": "google_sql_database_instance.records accepts unencrypted connections: ssl_mode is ALLOW_UNENCRYPTED_AND_ENCRYPTED (expected ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or require_ssl true)",
		"resource": "google_sql_database_instance.records",
		"file": "plans/platform.json",
		"source": "terraform",
	}}
}

test_cloud_sql_without_ssl_settings_is_denied if {
	resources := [
		sql("google_sql_database_instance.unset", {"ipv4_enabled": true, "require_ssl": false}, {}),
		tf.google_resource("google_sql_database_instance.bare", {"settings": [{"tier": "db-f1-micro", "ip_configuration": []}]}, {}),
	]
	denied(resources) == {"google_sql_database_instance.unset", "google_sql_database_instance.bare"}
	some finding in deny_of(resources)
	contains(finding.msg, "ssl_mode is not set")
}

test_require_ssl_does_not_override_a_weak_ssl_mode if {
	instance := sql("google_sql_database_instance.records", {"require_ssl": true, "ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}, {})
	denied([instance]) == {"google_sql_database_instance.records"}
}

test_cloud_sql_unknown_ssl_mode_warns if {
	resources := [
		sql("google_sql_database_instance.records", {"ipv4_enabled": false}, {"settings": [{"ip_configuration": [{"ssl_mode": true}]}]}),
		tf.google_resource("google_sql_database_instance.computed", {"settings": [{"tier": "db-f1-micro"}]}, {"settings": [{"ip_configuration": true}]}),
	]
	count(deny_of(resources)) == 0
	warned(resources) == {"google_sql_database_instance.records", "google_sql_database_instance.computed"}
}

test_ssl_policy_below_tls12_is_denied if {
	resources := [
		tf.google_resource("google_compute_ssl_policy.compatible", {"profile": "COMPATIBLE", "min_tls_version": "TLS_1_0"}, {}),
		tf.google_resource("google_compute_ssl_policy.unset", {"profile": "MODERN"}, {}),
	]
	denied(resources) == {"google_compute_ssl_policy.compatible", "google_compute_ssl_policy.unset"}
	some finding in deny_of(resources)
	finding.msg == "google_compute_ssl_policy.compatible has min_tls_version TLS_1_0 (unset means TLS_1_0); allowed: 1.2, 1.3"
}

test_ssl_policy_unknown_version_warns if {
	policy := tf.google_resource("google_compute_ssl_policy.modern", {"profile": "MODERN"}, {"min_tls_version": true})
	count(deny_of([policy])) == 0
	warned([policy]) == {"google_compute_ssl_policy.modern"}
}

test_proxy_without_ssl_policy_is_denied if {
	proxy := tf.google_resource("google_compute_target_https_proxy.web", {"name": "web", "ssl_policy": null}, {})
	denied([proxy]) == {"google_compute_target_https_proxy.web"}
}

test_min_tls_versions_parameter_is_honoured if {
	override := {"terraform": {"min_tls_versions": ["1.3"]}}
	policy := tf.google_resource("google_compute_ssl_policy.modern", {"profile": "MODERN", "min_tls_version": "TLS_1_2"}, {})
	deny := gcp_tls.deny with input as evidence([policy]) with data.dspt.params as override
	{finding.resource | some finding in deny} == {"google_compute_ssl_policy.modern"}
}

judged_of(resources) := result if {
	result := gcp_tls.judged with input as evidence(resources) with data.dspt.params as params
}

test_judged_counts_every_endpoint_and_policy if {
	judged_of(compliant_resources) == {[0, r.address] | some r in compliant_resources}
}

test_proxy_ssl_policy_known_only_after_apply_without_configuration_warns if {
	proxy := tf.google_resource("google_compute_region_target_https_proxy.web", {"name": "web"}, {"ssl_policy": true})
	warned([proxy]) == {"google_compute_region_target_https_proxy.web"}
	count(deny_of([proxy])) == 0
}

test_proxy_ssl_policy_unknown_but_unset_in_configuration_is_denied if {
	proxy := object.union(tf.google_resource("google_compute_target_https_proxy.web", {"name": "web"}, {"ssl_policy": true}), {"config": {"name": {"constant": "web"}}})
	denied([proxy]) == {"google_compute_target_https_proxy.web"}
	count(warn_of([proxy])) == 0
}

test_ssl_policy_min_version_unknown_but_unset_is_tls_1_0 if {
	policy := object.union(tf.google_resource("google_compute_ssl_policy.compat", {"name": "compat"}, {"min_tls_version": true}), {"config": {"name": {"constant": "compat"}}})
	denied([policy]) == {"google_compute_ssl_policy.compat"}
	count(warn_of([policy])) == 0
}

test_redis_without_transit_encryption_is_denied if {
	resources := [
		tf.google_resource("google_redis_instance.cache", {"name": "cache"}, {}),
		tf.google_resource("google_redis_instance.secure", {"name": "secure", "transit_encryption_mode": "SERVER_AUTHENTICATION"}, {}),
		tf.google_resource("google_redis_instance.later", {"name": "later"}, {"transit_encryption_mode": true}),
	]
	denied(resources) == {"google_redis_instance.cache"}
	warned(resources) == {"google_redis_instance.later"}
	some finding in deny_of(resources)
	finding.msg == "google_redis_instance.cache does not encrypt traffic in transit: transit_encryption_mode is DISABLED (expected SERVER_AUTHENTICATION)"
	count(judged_of(resources)) == 3
}

# Every resource type the check declares in its METADATA, one resource each, with its outcome.
declared_type_cases := [
	["google_compute_region_ssl_policy", {"min_tls_version": "TLS_1_0"}, {}, "deny"],
	["google_compute_region_target_https_proxy", {"ssl_policy": "projects/p/regions/r/sslPolicies/modern"}, {}, "pass"],
	["google_compute_ssl_policy", {"min_tls_version": "TLS_1_2"}, {}, "pass"],
	["google_compute_target_https_proxy", {"name": "web"}, {}, "deny"],
	["google_compute_target_ssl_proxy", {"ssl_policy": "projects/p/global/sslPolicies/modern"}, {}, "pass"],
	["google_redis_instance", {"transit_encryption_mode": "SERVER_AUTHENTICATION"}, {}, "pass"],
	["google_sql_database_instance", {"name": "g", "settings": [{"ip_configuration": [{"ssl_mode": "ENCRYPTED_ONLY"}]}]}, {}, "pass"]
]

test_every_declared_type_is_judged_with_its_outcome if {
	resources := [tf.google_resource(tf.declared_address(c), c[1], c[2]) | some c in declared_type_cases]
	input_doc := evidence(resources)
	deny := gcp_tls.deny with input as input_doc with data.dspt.params as params
	warn := gcp_tls.warn with input as input_doc with data.dspt.params as params
	judged := gcp_tls.judged with input as input_doc with data.dspt.params as params
	tf.judged_as_declared(declared_type_cases, 3, deny, warn, judged)
}
