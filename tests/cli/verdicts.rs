//! Pass means verified: a check that judged nothing is `not_applicable`, never `pass`, on every
//! cloud; values known only after apply and AWS-managed keys are not customer-managed keys; EC2
//! disks and templates are judged; CI is followed through local actions and scripts; findings in
//! YAML carry their line in every format.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use crate::{AS_OF, dspt_in, report_check, report_checks};

/// A plan of `resource_changes` (each `[address, type, after, after_unknown]`) and, when given,
/// the root module's configuration resources.
fn plan(resources: &[(&str, &str, Value, Value)], configuration: Option<Value>) -> Value {
    let changes: Vec<Value> = resources
        .iter()
        .map(|(address, kind, after, unknown)| {
            let name = address.rsplit('.').next().unwrap_or_default();
            json!({
                "address": address, "mode": "managed", "type": kind, "name": name,
                "provider_name": format!("registry.terraform.io/hashicorp/{}", kind.split('_').next().unwrap_or_default()),
                "change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown}
            })
        })
        .collect();
    let mut document =
        json!({"format_version": "1.2", "terraform_version": "1.9.0", "resource_changes": changes});
    if let Some(root_module) = configuration {
        document["configuration"] = json!({"root_module": root_module});
    }
    document
}

fn write_json(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    name.to_string()
}

fn assess(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["check", "--as-of", AS_OF, "--format", "json"];
    all.extend_from_slice(args);
    let run = dspt_in(dir, &all);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    run.json()
}

/// No check passes without having judged something; every check that ran says how much.
fn assert_no_pass_on_nothing(assessment: &Value) {
    for check in report_checks(assessment) {
        if check["status"] == "not_assessed" || check["status"] == "skipped" {
            continue;
        }
        let judged = check["judged"]
            .as_u64()
            .unwrap_or_else(|| panic!("no `judged`: {check:#}"));
        if check["status"] == "pass" {
            assert!(judged >= 1, "a pass that judged nothing: {check:#}");
        }
        if check["status"] == "not_applicable" {
            assert_eq!(judged, 0, "{check:#}");
            let reason = check["reason"].as_str().unwrap_or_default();
            assert!(reason.starts_with("nothing to judge"), "{check:#}");
        }
    }
}

fn azure_plan() -> Value {
    plan(
        &[
            (
                "azurerm_linux_virtual_machine.vm",
                "azurerm_linux_virtual_machine",
                json!({"name": "vm", "location": "uksouth", "encryption_at_host_enabled": null,
                       "os_disk": [{"caching": "ReadWrite", "disk_encryption_set_id": null, "storage_account_type": "Premium_LRS"}]}),
                json!({"id": true}),
            ),
            (
                "azurerm_storage_account.files",
                "azurerm_storage_account",
                json!({"name": "files", "location": "uksouth", "min_tls_version": "TLS1_2",
                       "allow_nested_items_to_be_public": false, "customer_managed_key": [],
                       "infrastructure_encryption_enabled": false}),
                json!({"id": true}),
            ),
        ],
        None,
    )
}

#[test]
fn an_azure_only_plan_passes_no_check_that_judged_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_json(dir.path(), "azure.json", &azure_plan());
    let assessment = assess(dir.path(), &["--terraform", &file]);
    assert_no_pass_on_nothing(&assessment);
    // AWS-only controls have nothing to judge in an Azure estate.
    for id in ["TF-IAM-002", "TF-BAK-001", "TF-VUL-001", "TF-KMS-001"] {
        let check = report_check(&assessment, id);
        assert_eq!(check["status"], "not_applicable", "{check:#}");
    }
    // What is there is judged.
    let regions = report_check(&assessment, "TF-REG-001");
    assert_eq!(regions["status"], "pass", "{regions:#}");
    assert!(regions["judged"].as_u64().unwrap() >= 2, "{regions:#}");
}

#[test]
fn a_gcp_only_plan_passes_no_check_that_judged_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let gcp = plan(
        &[(
            "google_storage_bucket.records",
            "google_storage_bucket",
            json!({"name": "records", "location": "EUROPE-WEST2", "public_access_prevention": "enforced",
                   "uniform_bucket_level_access": true, "versioning": [{"enabled": true}], "encryption": []}),
            json!({"id": true, "self_link": true}),
        )],
        None,
    );
    let file = write_json(dir.path(), "gcp.json", &gcp);
    let assessment = assess(dir.path(), &["--terraform", &file]);
    assert_no_pass_on_nothing(&assessment);
    for id in ["TF-IAM-002", "TF-BAK-001", "TF-PUB-002", "TF-KMS-001"] {
        let check = report_check(&assessment, id);
        assert_eq!(check["status"], "not_applicable", "{check:#}");
    }
}

#[test]
fn an_item_whose_checks_all_judged_nothing_is_manual_and_can_be_attested() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_json(dir.path(), "azure.json", &azure_plan());
    let assessment = assess(dir.path(), &["--terraform", &file]);
    let manual_by_nothing: Vec<&Value> = assessment["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| {
            let checks = item["checks"].as_array().unwrap();
            !checks.is_empty() && checks.iter().all(|c| c["status"] == "not_applicable")
        })
        .collect();
    assert!(
        !manual_by_nothing.is_empty(),
        "some item has only checks that judged nothing"
    );
    for item in manual_by_nothing {
        assert_eq!(item["status"], "manual", "{item:#}");
        assert_eq!(item["automation"], "manual", "{item:#}");
    }
}

#[test]
fn judged_is_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_json(dir.path(), "azure.json", &azure_plan());
    let run = |format: &str| {
        let run = dspt_in(
            dir.path(),
            &[
                "check",
                "--as-of",
                AS_OF,
                "--terraform",
                &file,
                "--format",
                format,
            ],
        );
        assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
        run.stdout
    };
    let text = run("text");
    assert!(
        text.lines()
            .any(|line| line.contains("TF-REG-001") && line.contains("judged 2")),
        "{text}"
    );
    assert!(text.contains("not applicable (judged nothing"), "{text}");
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let regions = rules.iter().find(|r| r["id"] == "TF-REG-001").unwrap();
    assert_eq!(regions["properties"]["judged"], 2, "{regions:#}");
    assert_eq!(regions["properties"]["status"], "pass");
    let junit = run("junit");
    assert!(
        junit.contains("<property name=\"TF-REG-001.judged\" value=\"2\"/>"),
        "{junit}"
    );
    assert!(junit.contains("<property name=\"TF-BAK-001.status\" value=\"not_applicable\"/>"));
    let markdown = run("markdown");
    assert!(markdown.contains("| TF-REG-001 | pass | 2 |"), "{markdown}");
    let html = run("html");
    assert!(html.contains("<span class=\"judged\">judged 2</span>"));
}

#[test]
fn ec2_disks_templates_and_aws_managed_keys_fail_and_a_referenced_kms_key_passes() {
    let dir = tempfile::tempdir().unwrap();
    let patient = json!({"data_classification": "patient"});
    let resources = [
        (
            "aws_instance.web",
            "aws_instance",
            json!({"ami": "ami-1", "instance_type": "t3.micro", "availability_zone": "eu-west-2a",
                   "root_block_device": [{"encrypted": false, "volume_size": 20}], "ebs_block_device": []}),
            json!({"id": true, "root_block_device": [{"kms_key_id": true, "volume_id": true}]}),
        ),
        (
            "aws_launch_template.workers",
            "aws_launch_template",
            json!({"name": "workers", "block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": "false", "volume_size": 50}]}]}),
            json!({"id": true, "arn": true}),
        ),
        (
            "aws_db_instance.records",
            "aws_db_instance",
            json!({"identifier": "records", "engine": "postgres", "storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-2:111122223333:alias/aws/rds",
                   "backup_retention_period": 35, "deletion_protection": true, "publicly_accessible": false,
                   "availability_zone": "eu-west-2a", "tags": patient.clone(), "tags_all": patient.clone()}),
            json!({"id": true}),
        ),
        (
            "aws_db_instance.referrals",
            "aws_db_instance",
            json!({"identifier": "referrals", "engine": "postgres", "storage_encrypted": true,
                   "backup_retention_period": 35, "deletion_protection": true, "publicly_accessible": false,
                   "availability_zone": "eu-west-2a", "tags": patient.clone(), "tags_all": patient}),
            json!({"id": true, "kms_key_id": true}),
        ),
        (
            "aws_kms_key.records",
            "aws_kms_key",
            json!({"enable_key_rotation": true, "deletion_window_in_days": 30}),
            json!({"arn": true, "id": true, "key_id": true}),
        ),
    ];
    let configuration = json!({"resources": [
        {"address": "aws_db_instance.referrals", "mode": "managed", "type": "aws_db_instance", "name": "referrals",
         "provider_config_key": "aws",
         "expressions": {"kms_key_id": {"references": ["aws_kms_key.records.arn", "aws_kms_key.records"]},
                         "storage_encrypted": {"constant_value": true}}},
        {"address": "aws_db_instance.records", "mode": "managed", "type": "aws_db_instance", "name": "records",
         "provider_config_key": "aws",
         "expressions": {"kms_key_id": {"constant_value": "arn:aws:kms:eu-west-2:111122223333:alias/aws/rds"}}},
        {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
         "provider_config_key": "aws", "expressions": {"root_block_device": [{"encrypted": {"constant_value": false}}]}},
        {"address": "aws_launch_template.workers", "mode": "managed", "type": "aws_launch_template", "name": "workers",
         "provider_config_key": "aws", "expressions": {}},
        {"address": "aws_kms_key.records", "mode": "managed", "type": "aws_kms_key", "name": "records",
         "provider_config_key": "aws", "expressions": {"enable_key_rotation": {"constant_value": true}}}
    ]});
    let file = write_json(
        dir.path(),
        "ec2.json",
        &plan(&resources, Some(configuration)),
    );
    let assessment = assess(dir.path(), &["--terraform", &file]);
    let subjects = |id: &str, level: &str| -> Vec<String> {
        report_check(&assessment, id)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["level"] == level)
            .filter_map(|f| f["resource"].as_str().map(str::to_string))
            .collect()
    };
    let unencrypted = subjects("TF-ENC-001", "deny");
    assert!(
        unencrypted.contains(&"aws_instance.web".to_string()),
        "{unencrypted:?}"
    );
    assert!(
        unencrypted.contains(&"aws_launch_template.workers".to_string()),
        "{unencrypted:?}"
    );
    let provider_keyed = subjects("TF-CMK-001", "deny");
    assert!(
        provider_keyed.contains(&"aws_db_instance.records".to_string()),
        "alias/aws/rds is the AWS-managed key: {provider_keyed:?}"
    );
    let cmk = report_check(&assessment, "TF-CMK-001");
    let about_referrals: Vec<&Value> = cmk["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["resource"] == "aws_db_instance.referrals")
        .collect();
    assert!(
        about_referrals.is_empty(),
        "a kms_key_id referring to aws_kms_key.records is customer-managed: {about_referrals:?}"
    );
    assert!(cmk["judged"].as_u64().unwrap() >= 2, "{cmk:#}");
}

fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_workflow_calling_a_local_composite_action_that_runs_grype_passes_the_scanning_check() {
    let repo = repository(&[
        (
            ".github/workflows/ci.yml",
            "name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  scan:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/scan-dependencies\n",
        ),
        (
            ".github/actions/scan-dependencies/action.yml",
            "name: scan\nruns:\n  using: composite\n  steps:\n    - run: grype dir:. --fail-on high\n      shell: bash\n",
        ),
    ]);
    let assessment = assess(repo.path(), &["."]);
    let scanning = report_check(&assessment, "REPO-SCA-001");
    assert_eq!(scanning["status"], "pass", "{scanning:#}");
}

#[test]
fn a_finding_about_a_workflow_key_carries_its_line_in_text_sarif_and_github() {
    let repo = repository(&[(
        ".github/workflows/release.yml",
        "name: release\non: [push]\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
    )]);
    let assessment = assess(repo.path(), &["."]);
    let permissions = report_check(&assessment, "REPO-TOK-001");
    let finding = permissions["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == ".github/workflows/release.yml")
        .unwrap_or_else(|| panic!("{permissions:#}"))
        .clone();
    assert_eq!(finding["line"], 3, "{finding:#}");
    let run = |format: &str| {
        dspt_in(
            repo.path(),
            &["check", ".", "--as-of", AS_OF, "--format", format],
        )
        .stdout
    };
    assert!(
        run("text").contains(".github/workflows/release.yml:3:"),
        "text"
    );
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let located = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| {
            r["ruleId"] == "REPO-TOK-001"
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
        });
    assert!(located, "{sarif:#}");
    assert!(
        run("github").contains("file=.github/workflows/release.yml,line=3,"),
        "github"
    );
}
