package dev.operators.ecr.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRegistryStatus;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.ScanningRule;
import dev.operators.ecr.aws.SigningRule;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DesiredRegistryTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final DesiredSettings SETTINGS = new DesiredSettings("prod", "eu-west-1", false);
  private static final String ACCOUNT = "123456789012";
  private static final String PROFILE =
      "arn:aws:signer:eu-west-1:" + ACCOUNT + ":/signing-profiles/releases";
  private static final String SCANNER = "arn:aws:iam::" + ACCOUNT + ":role/scanner";

  @Test
  void everySectionBecomesWhatEcrIsAskedToHold() {
    DesiredRegistry desired =
        DesiredRegistry.of(
            registry(
                """
                replication:
                  rules:
                    - destinations: [{region: eu-central-1, registryId: "123456789012"}]
                      repositoryFilters: [release/]
                    - destinations: [{region: us-east-1, registryId: "123456789012"}]
                scanning:
                  scanType: ENHANCED
                  rules: [{scanFrequency: CONTINUOUS_SCAN, repositoryFilters: ["prod-*"]}]
                policy: '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "ecr:ReplicateImage"}}'
                signing:
                  rules: [{signingProfileArn: "%s"}]
                pullTimeUpdateExclusions: ["%s", "%s"]
                """
                    .formatted(PROFILE, SCANNER, SCANNER)),
            SETTINGS);

    assertEquals("eu-west-1", desired.region());
    assertEquals("eu-west-1", desired.claim());
    assertEquals("registry in eu-west-1", desired.toString());
    assertEquals(
        List.of(
            new ReplicationRule(
                List.of(new ReplicationDestination("eu-central-1", ACCOUNT)), List.of("release/")),
            new ReplicationRule(
                List.of(new ReplicationDestination("us-east-1", ACCOUNT)), List.of())),
        desired.replication());
    assertEquals(
        new RegistryScanning(
            "ENHANCED", List.of(new ScanningRule("CONTINUOUS_SCAN", List.of("prod-*")))),
        desired.scanning());
    assertTrue(desired.policy().canonical().digest().startsWith("sha256:"));
    assertEquals(List.of(new SigningRule(PROFILE, List.of())), desired.signing());
    // A principal listed twice is one exclusion.
    assertEquals(Set.of(SCANNER), desired.exclusions());
    assertEquals(
        List.of("replication", "scanning", "policy", "signing", "pullTimeUpdateExclusions"),
        desired.sections());
    assertEquals(DeletionPolicy.Retain, desired.deletionPolicy());
  }

  @Test
  void aSectionLeftOutIsNotManagedAndAnEmptyOneIsManagedAsEmpty() {
    DesiredRegistry desired =
        DesiredRegistry.of(
            registry("{replication: {}, scanning: {}, region: us-east-2}"), SETTINGS);

    assertEquals("us-east-2", desired.region());
    assertEquals(List.of(), desired.replication());
    assertEquals(RegistryScanning.DEFAULT, desired.scanning());
    assertNull(desired.policy());
    assertNull(desired.signing());
    assertNull(desired.exclusions());
    assertEquals(List.of("replication", "scanning"), desired.sections());
  }

  @Test
  void whatTheResourceManagedComesFromItsStatus() {
    EcrRegistry resource = registry("deletionPolicy: Delete");
    var status = new EcrRegistryStatus();
    status.setManagedSections(List.of("policy", "pullTimeUpdateExclusions"));
    status.setRegisteredExclusions(List.of(SCANNER));
    resource.setStatus(status);

    DesiredRegistry desired = DesiredRegistry.of(resource, SETTINGS);

    assertEquals(Set.of("policy", "pullTimeUpdateExclusions"), desired.managedBefore());
    assertEquals(Set.of(SCANNER), desired.registeredBefore());
    assertEquals(DeletionPolicy.Delete, desired.deletionPolicy());
    assertEquals(List.of(), desired.sections());
  }

  @Test
  void replicationIsCheckedAsEcrChecksIt() {
    StringBuilder many = new StringBuilder("replication:\n  rules:\n");
    for (int i = 0; i < 11; i++) {
      many.append("    - destinations:\n");
      for (int j = 0; j < 3; j++) {
        many.append("        - {region: r-" + i + "-" + j + ", registryId: \"" + ACCOUNT + "\"}\n");
      }
    }
    assertEquals(
        List.of(
            "spec.replication.rules: 11 rules; ECR allows at most 10",
            "spec.replication.rules: 33 distinct destinations; ECR allows at most 25 across all"
                + " rules"),
        problems(many.toString()));

    assertEquals(
        List.of(
            "spec.replication.rules[0].destinations: required: at least one registry (region and"
                + " registryId) to replicate to",
            "spec.replication.rules[1].destinations[0].region: 'EU_WEST' is not a region such as"
                + " eu-central-1",
            "spec.replication.rules[1].destinations[0].registryId: '1234' is not a 12-digit"
                + " account id",
            "spec.replication.rules[1].repositoryFilters: empty: list at least one filter, or"
                + " leave the field out for every repository"),
        problems(
            """
            replication:
              rules:
                - destinations: []
                - destinations: [{region: EU_WEST, registryId: "1234"}]
                  repositoryFilters: []
            """));

    assertEquals(
        List.of(
            "spec.replication.rules[0].repositoryFilters[0]: must be 2 to 256 characters long",
            "spec.replication.rules[0].repositoryFilters[1]: 'Team/API' is not a repository name"
                + " prefix: lowercase letters, digits, '.', '_', '-' and '/'"),
        problems(
            """
            replication:
              rules:
                - destinations: [{region: eu-central-1, registryId: "123456789012"}]
                  repositoryFilters: [a, Team/API, team-a/]
            """));
  }

  @Test
  void scanningFrequenciesFollowTheScanType() {
    assertEquals(
        List.of(
            "spec.scanning.rules: 3 rules; ECR allows at most 2",
            "spec.scanning.rules[0].scanFrequency: CONTINUOUS_SCAN does not go with BASIC"
                + " scanning, which takes SCAN_ON_PUSH or MANUAL",
            "spec.scanning.rules[1].scanFrequency: 'HOURLY' is not a scan frequency; use one of"
                + " SCAN_ON_PUSH, CONTINUOUS_SCAN, MANUAL",
            "spec.scanning.rules[2].scanFrequency: required: one of SCAN_ON_PUSH, MANUAL"),
        problems(
            """
            scanning:
              rules:
                - {scanFrequency: CONTINUOUS_SCAN}
                - {scanFrequency: HOURLY}
                - {repositoryFilters: ["*"]}
            """));
    assertEquals(
        List.of(
            "spec.scanning.rules[0].scanFrequency: MANUAL does not go with ENHANCED scanning,"
                + " which takes SCAN_ON_PUSH or CONTINUOUS_SCAN",
            "spec.scanning.rules[0].repositoryFilters[0]: 'prod--api' is not a repository name"
                + " filter: lowercase letters, digits and *, separated by single '.', '_', '-' or"
                + " '/'"),
        problems(
            """
            scanning:
              scanType: ENHANCED
              rules: [{scanFrequency: MANUAL, repositoryFilters: [prod--api]}]
            """));
    assertEquals(
        List.of("spec.scanning.scanType: 'DEEP' is not BASIC or ENHANCED"),
        problems("scanning: {scanType: DEEP, rules: [{scanFrequency: SCAN_ON_PUSH}]}"));
  }

  @Test
  void theScanningFilterCheckRefusesALongNearMissQuickly() {
    // The model's own pattern takes exponential time to refuse this; the rewritten one does not.
    String filter = "a".repeat(200) + "!";
    long start = System.nanoTime();
    assertEquals(
        1,
        problems(
                "scanning: {rules: [{scanFrequency: SCAN_ON_PUSH, repositoryFilters: [\""
                    + filter
                    + "\"]}]}")
            .size());
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "the filter check took over a second");
  }

  @Test
  void signingPolicyAndExclusionsAreChecked() {
    assertEquals(
        List.of(
            "spec.policy: must be a JSON object with a Statement",
            "spec.signing.rules[0].signingProfileArn: 'arn:aws:signer:eu-west-1:1:/signing-profiles"
                + "/x' is not an AWS Signer profile ARN"
                + " (arn:aws:signer:<region>:<account>:/signing-profiles/<name>)",
            "spec.signing.rules[1].signingProfileArn: required: an AWS Signer profile ARN"
                + " (arn:aws:signer:<region>:<account>:/signing-profiles/<name>)",
            "spec.signing.rules[2].repositoryFilters[0]: 'team/' is not a repository name filter:"
                + " lowercase letters, digits and *, in parts separated by '.', '_', '-' or '/'",
            "spec.pullTimeUpdateExclusions[1]: 'arn:aws:iam::123456789012:group/ops' is not an IAM"
                + " role or user ARN (arn:aws:iam::<account>:role/<name>)"),
        problems(
            """
            policy: '[]'
            signing:
              rules:
                - signingProfileArn: "arn:aws:signer:eu-west-1:1:/signing-profiles/x"
                - repositoryFilters: ["*"]
                - signingProfileArn: "%s"
                  repositoryFilters: [team/]
            pullTimeUpdateExclusions:
              - "%s"
              - "arn:aws:iam::123456789012:group/ops"
            """
                .formatted(PROFILE, SCANNER)));
  }

  @Test
  void tooManyExclusionsAndAMissingRegionAreRefused() {
    String exclusions =
        java.util.stream.IntStream.range(0, 101)
            .mapToObj(i -> "\"arn:aws:iam::123456789012:role/r" + i + "\"")
            .collect(Collectors.joining(", ", "pullTimeUpdateExclusions: [", "]"));
    var invalid =
        assertThrows(
            InvalidSpecException.class,
            () ->
                DesiredRegistry.of(registry(exclusions), new DesiredSettings("prod", null, false)));
    assertEquals(
        List.of(
            "spec.pullTimeUpdateExclusions: 101 distinct principals; ECR allows at most 100",
            "spec.region"),
        invalid.problems().stream()
            .map(p -> p.path().equals("spec.region") ? p.path() : p.toString())
            .toList());
  }

  @Test
  void theOfflineCheckNeedsNoRegion() {
    assertEquals(List.of(), DesiredRegistry.check(registry("{}")));
    assertEquals(
        List.of("spec.region: 'Mars' is not an AWS region name such as eu-west-1"),
        DesiredRegistry.check(registry("region: Mars")).stream()
            .map(SpecProblem::toString)
            .toList());
  }

  private static List<String> problems(String specYaml) {
    return DesiredRegistry.check(registry(specYaml)).stream().map(SpecProblem::toString).toList();
  }

  static EcrRegistry registry(String specYaml) {
    try {
      EcrRegistry resource = new EcrRegistry();
      resource.getMetadata().setName("registry");
      resource.setSpec(YAML.readValue(specYaml, dev.operators.ecr.api.EcrRegistrySpec.class));
      return resource;
    } catch (IOException e) {
      throw new IllegalArgumentException(specYaml, e);
    }
  }
}
