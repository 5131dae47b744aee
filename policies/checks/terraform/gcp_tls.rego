# METADATA
# title: Google Cloud SQL and load balancers accept only encrypted connections with TLS 1.2 or above
# description: >-
#   Cloud SQL instances refuse unencrypted connections (ssl_mode ENCRYPTED_ONLY or
#   TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or the legacy require_ssl), SSL policies require TLS 1.2
#   or above, and HTTPS and SSL proxies name an SSL policy (Google's default policy accepts
#   TLS 1.0). Cloud SQL accepts unencrypted connections unless told otherwise. Memorystore for
#   Redis instances encrypt traffic in transit (transit_encryption_mode SERVER_AUTHENTICATION;
#   the default is DISABLED). An SSL policy min_tls_version known only after apply but not set in
#   the configuration is the default, TLS_1_0.
# custom:
#   id: TF-TLS-003
#   severity: high
#   sources: [terraform]
#   family: tls
#   judges: Google Cloud TLS endpoints (Cloud SQL instances, Memorystore for Redis instances, SSL policies, HTTPS and SSL proxies)
#   resource_types: [google_compute_region_ssl_policy, google_compute_region_target_https_proxy, google_compute_ssl_policy, google_compute_target_https_proxy, google_compute_target_ssl_proxy, google_redis_instance, google_sql_database_instance]
package dspt.checks.terraform.gcp_tls

import rego.v1

plans := input.terraform.plans

# Cloud SQL ssl_mode values that refuse unencrypted connections (Cloud SQL Admin API enum).
encrypted_ssl_modes := {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}

# "TLS_1_2" reads as "1.2", as does the parameter's "1.2".
tls_number(value) := trim_left(strings.replace_n({"_": "."}, trim_prefix(trim_prefix(lower(value), "tlsv"), "tls")), ".") if {
	is_string(value)
}

allowed_versions := {tls_number(version) | some version in data.dspt.params.terraform.min_tls_versions}

ssl_policy_types := {"google_compute_ssl_policy", "google_compute_region_ssl_policy"}

proxy_types := {"google_compute_target_https_proxy", "google_compute_region_target_https_proxy", "google_compute_target_ssl_proxy"}

truthy(value) if value == true

truthy(value) if value == "true"

array_of(value) := value if is_array(value)

array_of(value) := [] if not is_array(value)

# Cloud SQL -------------------------------------------------------------------------------

sql_instances contains [index, address] if {
	some index, plan in plans
	some address in plan.by_type.google_sql_database_instance
}

# [plan index, address, ip_configuration] of each instance's known IP configuration.
ip_configurations contains [index, address, ip_configuration] if {
	some [index, address] in sql_instances
	some settings in array_of(plans[index].resources[address].values.settings)
	some ip_configuration in array_of(settings.ip_configuration)
}

ssl_enforced contains [index, address] if {
	some [index, address, ip_configuration] in ip_configurations
	ip_configuration.ssl_mode in encrypted_ssl_modes
}

ssl_enforced contains [index, address] if {
	some [index, address, ip_configuration] in ip_configurations
	not is_string(ip_configuration.ssl_mode)
	truthy(ip_configuration.require_ssl)
}

# Instances whose settings, IP configuration or ssl_mode are known only after apply.
ssl_unknown contains [index, address] if {
	some [index, address] in sql_instances
	unknown := plans[index].resources[address].unknown
	unknown.settings == true
}

ssl_unknown contains [index, address] if {
	some [index, address] in sql_instances
	some settings in array_of(plans[index].resources[address].unknown.settings)
	settings.ip_configuration == true
}

ssl_unknown contains [index, address] if {
	some [index, address] in sql_instances
	some settings in array_of(plans[index].resources[address].unknown.settings)
	some ip_configuration in array_of(settings.ip_configuration)
	ip_configuration.ssl_mode == true
}

mode_text(modes) := concat(", ", modes) if count(modes) > 0

mode_text(modes) := "not set" if count(modes) == 0

outcomes contains [index, address, "deny", msg] if {
	some [index, address] in sql_instances
	not [index, address] in ssl_enforced
	not [index, address] in ssl_unknown
	values := plans[index].resources[address].values
	modes := [mode |
		some settings in array_of(values.settings)
		some ip_configuration in array_of(settings.ip_configuration)
		mode := ip_configuration.ssl_mode
		is_string(mode)
	]
	msg := sprintf(
		"%s accepts unencrypted connections: ssl_mode is %s (expected %s, or require_ssl true)",
		[address, mode_text(modes), concat(" or ", sort(encrypted_ssl_modes))],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some [index, address] in ssl_unknown
	not [index, address] in ssl_enforced
	msg := sprintf(
		"whether %s refuses unencrypted connections is known only after apply (ssl_mode is unknown; Cloud SQL's default is ALLOW_UNENCRYPTED_AND_ENCRYPTED)",
		[address],
	)
}

# SSL policies and proxies ----------------------------------------------------------------

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in ssl_policy_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	not data.dspt.lib.terraform.unknown_cfg(resource, ["min_tls_version"])
	version := object.get(resource.values, "min_tls_version", null)
	not tls_number(version) in allowed_versions
	msg := sprintf(
		"%s has min_tls_version %v (unset means TLS_1_0); allowed: %s",
		[address, version, concat(", ", data.dspt.params.terraform.min_tls_versions)],
	)
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in ssl_policy_types
	some address in plan.by_type[type]
	data.dspt.lib.terraform.unknown_cfg(plan.resources[address], ["min_tls_version"])
	msg := sprintf("the min_tls_version of %s is known only after apply", [address])
}

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some type in proxy_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	not data.dspt.lib.terraform.unknown_cfg(resource, ["ssl_policy"])
	not is_string(resource.values.ssl_policy)
	msg := sprintf("%s names no ssl_policy, so Google's default policy applies, which accepts TLS 1.0", [address])
}

# An ssl_policy known only after apply names a policy when the configuration refers to an SSL
# policy resource of the plan (its self_link); anything else is unknown.
ssl_policy_types_referenced(resource) if {
	some target in object.get(resource, ["config", "ssl_policy", "resources"], [])
	target.type in ssl_policy_types
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some type in proxy_types
	some address in plan.by_type[type]
	resource := plan.resources[address]
	data.dspt.lib.terraform.unknown_cfg(resource, ["ssl_policy"])
	not ssl_policy_types_referenced(resource)
	msg := sprintf("the ssl_policy of %s is known only after apply", [address])
}

# Memorystore for Redis -------------------------------------------------------------------

# transit_encryption_mode is SERVER_AUTHENTICATION or DISABLED; unset it is DISABLED (google
# provider docs for google_redis_instance: "Default value is DISABLED").

outcomes contains [index, address, "deny", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_redis_instance
	resource := plan.resources[address]
	mode := data.dspt.lib.terraform.string_status_cfg(resource, ["transit_encryption_mode"], "DISABLED")
	mode != "unknown"
	mode != "SERVER_AUTHENTICATION"
	msg := sprintf("%s does not encrypt traffic in transit: transit_encryption_mode is %s (expected SERVER_AUTHENTICATION)", [address, mode])
}

outcomes contains [index, address, "warn", msg] if {
	some index, plan in plans
	some address in plan.by_type.google_redis_instance
	data.dspt.lib.terraform.string_status_cfg(plan.resources[address], ["transit_encryption_mode"], "DISABLED") == "unknown"
	msg := sprintf("whether %s encrypts traffic in transit is known only after apply (transit_encryption_mode is unknown)", [address])
}

# Judged ------------------------------------------------------------------------------------

judged_types := ((ssl_policy_types | proxy_types) | {"google_sql_database_instance", "google_redis_instance"})

# [plan index, address] of every endpoint and policy judged.
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
