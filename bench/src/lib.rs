//! A synthetic organisation at a given scale, for measuring `dspt check`: a repository, a
//! Terraform plan, an HR export, an identity export, the four registers (assets, suppliers,
//! incidents, devices), a vulnerability scan, policy documents and the `dspt.yaml` that wires
//! them.
//!
//! Everything is derived from the index of each thing, never from a random source, so the same
//! scale always writes the same bytes, and [`Expected`] says how many of each deliberate defect
//! were written: the results are checked, not only timed.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

/// How much scale 1 holds; scale N holds N times as much. Scale 100 is the target of the
/// benchmark: 10,000 repository files (2,000 YAML/JSON), 5,000 resources, 20,000 staff.
const FILES_PER_SCALE: usize = 100;
const STRUCTURED_PER_SCALE: usize = 20;
const RESOURCES_PER_SCALE: usize = 50;
const STAFF_PER_SCALE: usize = 200;
const ASSETS_PER_SCALE: usize = 10;
const SUPPLIERS_PER_SCALE: usize = 2;
const INCIDENTS_PER_SCALE: usize = 5;
const VULNERABILITIES_PER_SCALE: usize = 10;

/// Files every repository has, besides the generated bulk (the CI workflow and dependabot file
/// are YAML, and count among the structured files).
const FIXED_FILES: usize = 5;
const FIXED_STRUCTURED: usize = 2;

/// What was written, and how many deliberate defects of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Expected {
    /// Files in the repository.
    pub repository_files: usize,
    /// Of which YAML or JSON.
    pub structured_files: usize,
    /// Files holding an AWS access key id (REPO-SCR-001 finds each).
    pub committed_secrets: usize,
    /// Resources in the plan.
    pub resources: usize,
    /// RDS instances with `storage_encrypted = false` (TF-ENC-001 finds each).
    pub unencrypted_databases: usize,
    /// Security groups open to the internet on port 22 (TF-PUB-002 finds each).
    pub open_admin_ports: usize,
    /// Rows of the HR export.
    pub staff: usize,
    /// Active staff without data security training in the window.
    pub untrained_staff: usize,
    /// Accounts in the identity export.
    pub accounts: usize,
    /// Rows of the asset register.
    pub assets: usize,
    /// Rows of the supplier register.
    pub suppliers: usize,
    /// Rows of the incident log.
    pub incidents: usize,
    /// Personal data breaches reported to the ICO more than 3 days after discovery.
    pub late_breach_reports: usize,
    /// Rows of the device export (one device per member of staff).
    pub devices: usize,
    /// Devices reaching personal data without disk encryption (DEV-ENC-001 finds each).
    pub unencrypted_devices: usize,
    /// Vulnerabilities in the scan.
    pub vulnerabilities: usize,
    /// Critical vulnerabilities with a fix, published months before the assessment.
    pub overdue_vulnerabilities: usize,
    /// Policy documents.
    pub documents: usize,
}

/// Writes the organisation at `scale` into `out` (created if missing) and returns what it holds.
pub fn write_organisation(out: &Path, scale: usize) -> anyhow::Result<Expected> {
    anyhow::ensure!(scale >= 1, "scale must be at least 1");
    let mut expected = Expected::default();
    write_repository(&out.join("repo"), scale, &mut expected)?;
    write_plan(&out.join("plan.json"), scale, &mut expected)?;
    write_people(out, scale, &mut expected)?;
    write_registers(out, scale, &mut expected)?;
    write_scan(out, scale, &mut expected)?;
    write_documents(out, &mut expected)?;
    write(&out.join("dspt.yaml"), CONFIG)?;
    write(
        &out.join("expected.json"),
        &serde_json::to_string_pretty(&expected)?,
    )?;
    Ok(expected)
}

// A company: the toolkit judges its training by the 95% coverage rule (HR-TRN-001), which counts
// every untrained member of staff.
const CONFIG: &str = "\
organisation:
  name: Synthetic Supplier Ltd
  type: company
framework: dspt-supplier
pseudonym_key: synthetic-key-not-secret
sources:
  repository: repo
  terraform: [plan.json]
  hr:
    files: [hr/training.csv]
    exported_on: 2026-06-20
    columns:
      staff_id: Employee Number
      role: Job Title
      status: Status
      start_date: Start Date
      leave_date: Leave Date
      contract_clause: Contract Clause
    courses:
      data_security: Data Security Awareness
      induction: Induction Completed
      role_training: Role Training
      admin_agreement: Admin Agreement
  identity:
    files: [idp/users.csv]
    exported_on: 2026-06-29
    columns:
      account_id: userPrincipalName
      staff_id: employeeId
      enabled: accountEnabled
      mfa: isMfaRegistered
      admin: isAdmin
      last_sign_in: lastSuccessfulSignInDateTime
      agreement_signed: adminAgreementSignedOn
  assets:
    files: [registers/assets.csv]
    columns:
      asset: Asset
      type: Asset Type
      owner: Information Asset Owner
      owner_name: IAO Name
      personal_data: Contains Personal Data
      patient_data: Contains Patient Data
      location: Storage Location
      criticality: Criticality
      reviewed_on: Last Reviewed
      address: Terraform Address
  suppliers:
    files: [registers/suppliers.csv]
    columns:
      supplier: Supplier
      service: Service Provided
      personal_data: Processes Personal Data
      location: Data Location
      dspt_status: DSPT Status
      dspt_date: DSPT Published
      certification: Certification
      certificate_expires: Certificate Expiry
      agreement_signed: DPA Signed
      contract_review: Contract Reviewed
      contact: Supplier Contact
  incidents:
    files: [registers/incidents.csv]
    exported_on: 2026-06-29
    columns:
      reference: Number
      opened: Opened
      discovered: Discovered
      category: Category
      personal_data_breach: Personal Data Breach
      high_risk: High Risk
      reported_to_ico: ICO Reported On
      individuals_informed: Data Subjects Informed
      reviewed: PIR Completed
      actions: Actions
      closed: Closed
      reported_by: Caller
  devices:
    files: [registers/devices.csv]
    exported_on: 2026-06-29
    columns:
      device: Device name
      owner: Primary user UPN
      os: OS
      os_version: OS version
      encrypted: Encrypted
      antimalware_updated: Defender signature updated
      last_check_in: Last check-in
      compliant:
        column: Compliance
        yes: [Compliant]
        no: [Noncompliant, Not compliant]
  scans:
    files: [scans/trivy.json]
  documents:
    folders: [policies-docs]
";

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// 16 characters of `[0-9A-Z]` from a number, for AWS-key-shaped strings.
fn key_suffix(mut n: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = String::new();
    for _ in 0..16 {
        out.push(char::from(ALPHABET[n % ALPHABET.len()]));
        n = n / ALPHABET.len() + 7;
    }
    out
}

fn write_repository(root: &Path, scale: usize, expected: &mut Expected) -> anyhow::Result<()> {
    write(&root.join("README.md"), "# Synthetic service\n")?;
    write(
        &root.join("SECURITY.md"),
        "# Security\n\nReport vulnerabilities to security@synthetic.example.\n",
    )?;
    write(&root.join("CODEOWNERS"), "* @synthetic/platform\n")?;
    write(
        &root.join(".github/dependabot.yml"),
        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n",
    )?;
    write(
        &root.join(".github/workflows/ci.yml"),
        "name: ci\non: [pull_request]\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n      - run: pip-audit\n",
    )?;
    let structured = STRUCTURED_PER_SCALE * scale - FIXED_STRUCTURED;
    for i in 0..structured {
        let service = format!("services/svc-{:05}", i);
        if i % 2 == 0 {
            write(
                &root.join(format!("{service}/config.yaml")),
                &format!(
                    "service: svc-{i}\nreplicas: {}\nenv:\n  - name: LOG_LEVEL\n    value: info\n  - name: REGION\n    value: eu-west-2\nresources:\n  cpu: 500m\n  memory: 512Mi\n",
                    1 + i % 4
                ),
            )?;
        } else {
            let config = json!({
                "service": format!("svc-{i}"),
                "replicas": 1 + i % 4,
                "env": [{"name": "LOG_LEVEL", "value": "info"}],
                "limits": {"cpu": "500m", "memory": "512Mi"},
            });
            write(
                &root.join(format!("{service}/config.json")),
                &serde_json::to_string_pretty(&config)?,
            )?;
        }
    }
    let text_files = FILES_PER_SCALE * scale - FIXED_FILES - structured;
    for i in 0..text_files {
        let mut module =
            format!("\"\"\"Module {i} of the synthetic service.\"\"\"\n\nimport logging\n\n");
        for f in 0..12 {
            let _ = write!(
                module,
                "\ndef handler_{f}(event):\n    logging.info(\"handler {f} of module {i}\")\n    return {{\"status\": {}}}\n",
                200 + f
            );
        }
        if i % 101 == 7 {
            let _ = writeln!(module, "\nAWS_KEY = \"AKIA{}\"", &key_suffix(i)[..16]);
            expected.committed_secrets += 1;
        }
        write(
            &root.join(format!("src/pkg_{:03}/module_{:05}.py", i / 100, i)),
            &module,
        )?;
    }
    expected.repository_files = FILES_PER_SCALE * scale;
    expected.structured_files = STRUCTURED_PER_SCALE * scale;
    Ok(())
}

fn resource(address: &str, kind: &str, name: &str, values: Value) -> (Value, Value) {
    let planned = json!({
        "address": address, "mode": "managed", "type": kind, "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
        "values": values, "sensitive_values": {}
    });
    let change = json!({
        "address": address, "mode": "managed", "type": kind, "name": name,
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": null, "after": values, "after_unknown": {}, "before_sensitive": false, "after_sensitive": {}}
    });
    (planned, change)
}

fn write_plan(path: &Path, scale: usize, expected: &mut Expected) -> anyhow::Result<()> {
    let tags = json!({"Environment": "production", "Service": "synthetic"});
    let mut planned = Vec::new();
    let mut changes = Vec::new();
    for i in 0..RESOURCES_PER_SCALE * scale {
        let (kind, name, values) = match i % 5 {
            0 => {
                let encrypted = i % 7 != 0;
                if !encrypted {
                    expected.unencrypted_databases += 1;
                }
                (
                    "aws_db_instance",
                    format!("db_{i}"),
                    json!({
                        "identifier": format!("db-{i}"), "engine": "postgres", "instance_class": "db.t3.small",
                        "allocated_storage": 20, "storage_encrypted": encrypted, "publicly_accessible": false,
                        "backup_retention_period": 7, "deletion_protection": true, "auto_minor_version_upgrade": true,
                        "multi_az": true, "tags": tags, "tags_all": tags
                    }),
                )
            }
            1 => (
                "aws_s3_bucket",
                format!("bucket_{i}"),
                json!({
                    "bucket": format!("synthetic-bucket-{i}"), "force_destroy": false, "tags": tags, "tags_all": tags
                }),
            ),
            2 => {
                let open = i % 11 == 2;
                if open {
                    expected.open_admin_ports += 1;
                }
                let source = if open { "0.0.0.0/0" } else { "10.0.0.0/8" };
                (
                    "aws_security_group",
                    format!("sg_{i}"),
                    json!({
                        "name": format!("sg-{i}"), "description": "synthetic", "vpc_id": "vpc-1",
                        "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": [source],
                                     "ipv6_cidr_blocks": [], "description": "ssh", "prefix_list_ids": [], "security_groups": [], "self": false}],
                        "egress": [], "tags": tags, "tags_all": tags
                    }),
                )
            }
            3 => (
                "aws_ebs_volume",
                format!("vol_{i}"),
                json!({
                    "availability_zone": "eu-west-2a", "size": 100, "type": "gp3", "encrypted": true, "tags": tags, "tags_all": tags
                }),
            ),
            _ => (
                "aws_cloudwatch_log_group",
                format!("logs_{i}"),
                json!({
                    "name": format!("/synthetic/{i}"), "retention_in_days": 400, "tags": tags, "tags_all": tags
                }),
            ),
        };
        let address = format!("{kind}.{name}");
        let (p, c) = resource(&address, kind, &name, values);
        planned.push(p);
        changes.push(c);
    }
    expected.resources = planned.len();
    let plan = json!({
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "variables": {"region": {"value": "eu-west-2"}},
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                        "expressions": {"region": {"references": ["var.region"]}}}},
            "root_module": {}
        }
    });
    write(path, &serde_json::to_string_pretty(&plan)?)
}

fn write_people(out: &Path, scale: usize, expected: &mut Expected) -> anyhow::Result<()> {
    let mut hr = String::from(
        "Employee Number,Full Name,Job Title,Start Date,Leave Date,Data Security Awareness,Induction Completed,Status,Contract Clause,Role Training,Admin Agreement\n",
    );
    let mut users = String::from(
        "userPrincipalName,employeeId,accountEnabled,isMfaRegistered,isAdmin,lastSuccessfulSignInDateTime,adminAgreementSignedOn\n",
    );
    for i in 0..STAFF_PER_SCALE * scale {
        let trained = i % 10 != 3;
        if !trained {
            expected.untrained_staff += 1;
        }
        let training = if trained {
            format!("{:02}/0{}/2026", 1 + i % 28, 1 + i % 5)
        } else {
            String::new()
        };
        let admin = i % 50 == 0;
        let _ = writeln!(
            hr,
            "SY{i:06},Person {i},{},{:02}/{:02}/20{:02},,{training},{:02}/{:02}/20{:02},Active,Yes,{},{}",
            if admin {
                "Systems Administrator"
            } else {
                "Developer"
            },
            1 + i % 28,
            1 + i % 12,
            10 + i % 14,
            1 + i % 28,
            1 + i % 12,
            10 + i % 14,
            if admin { "01/03/2026" } else { "" },
            if admin { "01/03/2026" } else { "" },
        );
        let _ = writeln!(
            users,
            "person.{i}@synthetic.example,SY{i:06},true,true,{admin},2026-06-{:02}T09:00:00Z,{}",
            1 + i % 28,
            if admin { "2026-03-01T09:00:00Z" } else { "" },
        );
    }
    expected.staff = STAFF_PER_SCALE * scale;
    expected.accounts = STAFF_PER_SCALE * scale;
    write(&out.join("hr/training.csv"), &hr)?;
    write(&out.join("idp/users.csv"), &users)
}

fn write_registers(out: &Path, scale: usize, expected: &mut Expected) -> anyhow::Result<()> {
    let mut assets = String::from(
        "Asset,Asset Type,Information Asset Owner,IAO Name,Contains Personal Data,Contains Patient Data,Storage Location,Criticality,Last Reviewed,Terraform Address\n",
    );
    for i in 0..ASSETS_PER_SCALE * scale {
        let _ = writeln!(
            assets,
            "Service {i} database,database,Head of Engineering,Owner {i},yes,no,eu-west-2,high,{:02}/0{}/2026,aws_db_instance.db_{}",
            1 + i % 28,
            1 + i % 5,
            i * 5
        );
    }
    expected.assets = ASSETS_PER_SCALE * scale;
    let mut suppliers = String::from(
        "Supplier,Service Provided,Processes Personal Data,Data Location,DSPT Status,DSPT Published,Certification,Certificate Expiry,DPA Signed,Contract Reviewed,Supplier Contact\n",
    );
    for i in 0..SUPPLIERS_PER_SCALE * scale {
        let _ = writeln!(
            suppliers,
            "Supplier {i} Ltd,Hosting,yes,UK,Standards Met,15/0{}/2026,ISO 27001,31/12/2027,01/02/2025,01/02/2026,Contact {i}",
            1 + i % 5
        );
    }
    expected.suppliers = SUPPLIERS_PER_SCALE * scale;
    let mut incidents = String::from(
        "Number,Opened,Discovered,Category,Personal Data Breach,High Risk,ICO Reported On,Data Subjects Informed,PIR Completed,Actions,Closed,Caller\n",
    );
    for i in 0..INCIDENTS_PER_SCALE * scale {
        let breach = i % 5 == 0;
        let late = breach && i % 10 == 0;
        if late {
            expected.late_breach_reports += 1;
        }
        let day = 1 + i % 20;
        let month = 1 + i % 4;
        let reported = match (breach, late) {
            (false, _) => String::new(),
            (true, false) => format!("{:02}/0{month}/2026", day + 2),
            (true, true) => format!("{:02}/0{month}/2026", day + 6),
        };
        let _ = writeln!(
            incidents,
            "INC{i:07},{day:02}/0{month}/2026 09:00:00,{day:02}/0{month}/2026,{},{},no,{reported},,{:02}/0{}/2026,Retrain and tighten,{:02}/0{}/2026,Caller {i}",
            ["phishing", "lost device", "misdirected email", "malware"][i % 4],
            if breach { "yes" } else { "no" },
            day + 3,
            month + 1,
            day + 1,
            month + 1,
        );
    }
    expected.incidents = INCIDENTS_PER_SCALE * scale;
    let mut devices = String::from(
        "Device name,Primary user UPN,OS,OS version,Encrypted,Defender signature updated,Last check-in,Compliance\n",
    );
    for i in 0..STAFF_PER_SCALE * scale {
        let encrypted = i % 25 != 7;
        if !encrypted {
            expected.unencrypted_devices += 1;
        }
        let _ = writeln!(
            devices,
            "LAP-{i:06},person.{i}@synthetic.example,Windows,10.0.26100.{},{},2026-06-2{} 08:00:00,2026-06-2{} 09:00:00,{}",
            1000 + i % 500,
            if encrypted { "True" } else { "False" },
            5 + i % 5,
            5 + i % 5,
            if encrypted {
                "Compliant"
            } else {
                "Not compliant"
            },
        );
    }
    expected.devices = STAFF_PER_SCALE * scale;
    write(&out.join("registers/assets.csv"), &assets)?;
    write(&out.join("registers/suppliers.csv"), &suppliers)?;
    write(&out.join("registers/incidents.csv"), &incidents)?;
    write(&out.join("registers/devices.csv"), &devices)
}

fn write_scan(out: &Path, scale: usize, expected: &mut Expected) -> anyhow::Result<()> {
    let mut vulnerabilities = Vec::new();
    for i in 0..VULNERABILITIES_PER_SCALE * scale {
        let overdue = i % 20 == 3;
        if overdue {
            expected.overdue_vulnerabilities += 1;
        }
        let (severity, published) = if overdue {
            ("CRITICAL", "2026-01-15T10:00:00Z")
        } else {
            (
                ["LOW", "MEDIUM", "LOW", "HIGH"][i % 4],
                "2026-06-25T10:00:00Z",
            )
        };
        vulnerabilities.push(json!({
            "VulnerabilityID": format!("CVE-2026-{:05}", 10000 + i),
            "PkgName": format!("package-{}", i % 40),
            "InstalledVersion": "1.0.0",
            "FixedVersion": "1.0.1",
            "Status": "fixed",
            "Severity": severity,
            "Title": format!("Synthetic vulnerability {i}"),
            "PublishedDate": published
        }));
    }
    expected.vulnerabilities = vulnerabilities.len();
    let report = json!({
        "SchemaVersion": 2,
        "CreatedAt": "2026-06-28T08:00:00Z",
        "ArtifactName": "registry.synthetic.example/app:1.0",
        "ArtifactType": "container_image",
        "Results": [{"Target": "registry.synthetic.example/app:1.0 (debian 12.5)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": vulnerabilities}]
    });
    write(
        &out.join("scans/trivy.json"),
        &serde_json::to_string_pretty(&report)?,
    )
}

fn write_documents(out: &Path, expected: &mut Expected) -> anyhow::Result<()> {
    let kinds = [
        (
            "data-protection.md",
            "Data Security and Protection Policy",
            "data-protection-policy",
        ),
        (
            "information-security.md",
            "Information Security Policy",
            "information-security-policy",
        ),
        (
            "retention.md",
            "Records Retention Schedule",
            "retention-schedule",
        ),
        ("privacy-notice.md", "Privacy Notice", "privacy-notice"),
        (
            "incident-procedure.md",
            "Incident Reporting Procedure",
            "incident-procedure",
        ),
        (
            "continuity.md",
            "Business Continuity Plan",
            "business-continuity-plan",
        ),
    ];
    for (file, title, kind) in kinds {
        write(
            &out.join("policies-docs").join(file),
            &format!(
                "---\ntitle: {title}\nkind: {kind}\nowner: Head of Information Governance\napproved_by: Board\napproved_on: 2026-02-10\nreviewed_on: 2026-02-10\n---\n\n# {title}\n\nCovers data and cyber security.\n"
            ),
        )?;
    }
    expected.documents = kinds.len();
    Ok(())
}
