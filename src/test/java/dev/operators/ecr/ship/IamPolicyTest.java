package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.aws.AwsIdentity;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.PullThroughCacheRule;
import dev.operators.ecr.aws.RegistryScanning;
import dev.operators.ecr.aws.ReplicationDestination;
import dev.operators.ecr.aws.ReplicationRule;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.aws.SdkEcrPorts;
import dev.operators.ecr.aws.SigningRule;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * {@code k8s/iam-policy.json} allows exactly the ECR actions the operator calls. The set of actions
 * is found two independent ways, and both must equal the policy's:
 *
 * <ul>
 *   <li>at run time: every method of {@link EcrPort} (the only way the operator reaches ECR) is
 *       called on the real {@link SdkEcrPort} through a proxy that records the operation of each
 *       HTTP request the AWS SDK sends, including operations the emulator does not serve;
 *   <li>in the source: every {@link EcrClient} operation named in the {@code aws} package (the only
 *       package outside the sandbox allowed to import the ECR SDK), which also catches a call on a
 *       branch the first way does not take.
 * </ul>
 */
class IamPolicyTest {
  private static final String REPOSITORY_ARNS = "arn:aws:ecr:*:*:repository/*";
  private static final String REGISTRY_RESOURCE = "*";
  private static final Path MAIN = Path.of("src", "main", "java", "dev", "operators", "ecr");
  // ECR actions that do not support resource-level permissions (they need "Resource": "*").
  private static final Set<String> REGISTRY_LEVEL_ACTIONS =
      Set.of(
          "GetAuthorizationToken",
          "DescribeRegistry",
          "GetRegistryPolicy",
          "PutRegistryPolicy",
          "DeleteRegistryPolicy",
          "PutReplicationConfiguration",
          "GetRegistryScanningConfiguration",
          "PutRegistryScanningConfiguration",
          "CreatePullThroughCacheRule",
          "DescribePullThroughCacheRules",
          "UpdatePullThroughCacheRule",
          "DeletePullThroughCacheRule",
          "ValidatePullThroughCacheRule",
          "CreateRepositoryCreationTemplate",
          "DescribeRepositoryCreationTemplates",
          "UpdateRepositoryCreationTemplate",
          "DeleteRepositoryCreationTemplate",
          "GetSigningConfiguration",
          "PutSigningConfiguration",
          "DeleteSigningConfiguration",
          "ListPullTimeUpdateExclusions",
          "RegisterPullTimeUpdateExclusion",
          "DeregisterPullTimeUpdateExclusion");

  private static JsonNode policy;

  @BeforeAll
  static void readPolicy() throws IOException {
    policy = ShipFiles.JSON.readTree(ShipFiles.IAM_POLICY.toFile());
  }

  @Test
  void theActionsTheOperatorCallsAreExactlyThoseAllowed() {
    assertSameActions("called by the operator at run time", calledAtRunTime());
  }

  @Test
  void theActionsNamedInTheSourceAreExactlyThoseAllowed() throws IOException {
    assertSameActions("named in the aws package", namedInSource());
  }

  @Test
  void onlyTheAwsPackageTalksToEcr() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<Path> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(
                  f -> !f.startsWith(MAIN.resolve("aws")) && !f.startsWith(MAIN.resolve("sandbox")))
              .filter(f -> ShipFiles.read(f).contains("software.amazon.awssdk.services.ecr"))
              .toList();
      assertEquals(List.of(), offenders, "ECR calls belong behind EcrPort");
    }
  }

  /**
   * Only Allow statements: repository actions on repository ARNs; the registry-level actions (pull
   * through cache rules, creation templates), which take no repository ARN, alone in one statement
   * on {@code *}.
   */
  @Test
  void onlyAllowStatementsScopedToRepositoriesOrToTheRegistry() {
    assertEquals("2012-10-17", policy.path("Version").asText());
    int registryStatements = 0;
    for (JsonNode statement : policy.path("Statement")) {
      assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
      assertFalse(statement.has("NotAction") || statement.has("NotResource"));
      if (statement.path("Action").isTextual()) {
        continue; // the service-linked role statement, pinned below
      }
      boolean registry = REGISTRY_RESOURCE.equals(statement.path("Resource").asText());
      registryStatements += registry ? 1 : 0;
      assertEquals(
          registry ? REGISTRY_RESOURCE : REPOSITORY_ARNS,
          statement.path("Resource").asText(),
          statement.toString());
      for (JsonNode action : statement.path("Action")) {
        String name = action.asText();
        assertTrue(name.startsWith("ecr:"), name);
        assertFalse(name.contains("*") || name.contains("?"), "no wildcard: " + name);
        assertEquals(
            registry,
            REGISTRY_LEVEL_ACTIONS.contains(name.substring(4)),
            name
                + (registry
                    ? " supports a repository ARN: it belongs on repositories"
                    : " does not support a repository ARN"));
      }
    }
    assertEquals(1, registryStatements, "one statement holds the registry-level actions");
  }

  /**
   * The first PutReplicationConfiguration of an account makes ECR create its replication
   * service-linked role as the caller: the caller may create that one role, and no other.
   */
  @Test
  void theOnlyIamActionCreatesEcrsReplicationRole() {
    List<JsonNode> iam = new java.util.ArrayList<>();
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Action").isTextual()) {
        iam.add(statement);
      }
    }
    assertEquals(1, iam.size(), "one statement outside ECR");
    JsonNode statement = iam.get(0);
    assertEquals("iam:CreateServiceLinkedRole", statement.path("Action").asText());
    assertEquals(
        "arn:aws:iam::*:role/aws-service-role/replication.ecr.amazonaws.com/"
            + "AWSServiceRoleForECRReplication",
        statement.path("Resource").asText());
    assertEquals(
        "replication.ecr.amazonaws.com",
        statement.path("Condition").path("StringEquals").path("iam:AWSServiceName").asText());
    assertEquals(1, statement.path("Condition").size(), statement.toString());
  }

  /**
   * The image actions (reading a manifest, adding a tag, removing one) are the only ones that could
   * touch images, so they are allowed only on repositories that carry the operator's owner tag.
   */
  @Test
  void imageActionsOnlyOnRepositoriesTheOperatorOwns() {
    Set<String> imageActions = Set.of("ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:PutImage");
    int statements = 0;
    for (JsonNode statement : policy.path("Statement")) {
      Set<String> actions = new TreeSet<>();
      statement.path("Action").forEach(a -> actions.add(a.asText()));
      if (actions.stream().noneMatch(imageActions::contains)) {
        continue;
      }
      statements++;
      assertEquals(imageActions, actions, "image actions stand alone: " + statement);
      assertEquals(
          "false",
          statement
              .path("Condition")
              .path("Null")
              .path("aws:ResourceTag/" + Owner.TAG_KEY)
              .asText(),
          "image actions need the owner tag on the repository: " + statement);
      assertEquals(1, statement.path("Condition").size(), statement.toString());
    }
    assertEquals(1, statements, "one statement holds the image actions");
  }

  /**
   * With roles to assume, the base role (the operator's own) needs only to assume them, with
   * session tags: {@code k8s/iam-base-policy.json} allows exactly the STS actions the operator's
   * ports need, on role ARNs and nothing else. They are found by running the real ports against the
   * emulator's STS: each STS call it counts, plus {@code sts:TagSession} when the identity passes
   * session tags (AWS checks that permission on AssumeRole calls that carry tags).
   */
  @Test
  void theBaseRoleMayOnlyAssumeRolesAsTheOperatorDoes() throws IOException {
    JsonNode base = ShipFiles.JSON.readTree(ShipFiles.IAM_BASE_POLICY.toFile());
    assertEquals("2012-10-17", base.path("Version").asText());
    Set<String> allowed = new TreeSet<>();
    for (JsonNode statement : base.path("Statement")) {
      assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
      assertFalse(statement.has("NotAction") || statement.has("NotResource"));
      statement.path("Action").forEach(a -> allowed.add(a.asText()));
      List<JsonNode> resources = new java.util.ArrayList<>();
      JsonNode resource = statement.path("Resource");
      if (resource.isArray()) {
        resource.forEach(resources::add);
      } else {
        resources.add(resource);
      }
      for (JsonNode arn : resources) {
        assertTrue(arn.asText().matches("arn:aws:iam::[0-9*]+:role/.+"), "a role ARN: " + arn);
      }
    }
    assertEquals(stsActionsOfTheOperator(Map.of("team", "payments")), allowed);
    assertEquals(
        Set.of("sts:AssumeRole"),
        stsActionsOfTheOperator(Map.of()),
        "without session tags, AssumeRole alone");
  }

  /**
   * A target role trusts the base role to assume it, with the external ID, and to tag its sessions:
   * the two actions of the base policy, granted to one principal.
   */
  @Test
  void aTargetRoleTrustsTheBaseRoleWithTheExternalId() throws IOException {
    JsonNode trust = ShipFiles.JSON.readTree(ShipFiles.IAM_TARGET_TRUST_POLICY.toFile());
    assertEquals("2012-10-17", trust.path("Version").asText());
    Set<String> actions = new TreeSet<>();
    Set<String> principals = new TreeSet<>();
    for (JsonNode statement : trust.path("Statement")) {
      assertEquals("Allow", statement.path("Effect").asText(), statement.toString());
      principals.add(statement.path("Principal").path("AWS").asText());
      String action = statement.path("Action").asText();
      actions.add(action);
      if (action.equals("sts:AssumeRole")) {
        assertFalse(
            statement
                .path("Condition")
                .path("StringEquals")
                .path("sts:ExternalId")
                .asText()
                .isEmpty(),
            "AssumeRole asks for the external ID: " + statement);
      }
    }
    assertEquals(Set.of("sts:AssumeRole", "sts:TagSession"), actions);
    assertEquals(1, principals.size(), principals.toString());
    assertTrue(
        principals.iterator().next().matches("arn:aws:iam::\\d{12}:role/.+"),
        principals.toString());
  }

  private static Set<String> stsActionsOfTheOperator(Map<String, String> sessionTags) {
    String role = "arn:aws:iam::210987654321:role/ecr-operator-team";
    try (EcrEmulator emulator = new EcrEmulator().start();
        SdkEcrPorts ports =
            new SdkEcrPorts(EmulatorClients.clients(emulator.endpoint()), "eu-west-1")) {
      emulator.createRole(role, "external");
      ports.of(AwsIdentity.role(role, "external", sessionTags)).registryId("eu-west-1");
      Set<String> actions = new TreeSet<>();
      emulator.calls().keySet().stream()
          .filter(operation -> !operation.equals("DescribeRegistry"))
          .forEach(operation -> actions.add("sts:" + operation));
      if (!emulator.sessionTags(role).get(0).isEmpty()) {
        actions.add("sts:TagSession");
      }
      return actions;
    }
  }

  private static void assertSameActions(String how, Set<String> operations) {
    Set<String> allowed = allowedActions();
    Set<String> missing = new TreeSet<>(operations);
    missing.removeAll(allowed);
    Set<String> unused = new TreeSet<>(allowed);
    unused.removeAll(operations);
    assertEquals(
        Set.of(), missing, "ECR operations " + how + " that k8s/iam-policy.json does not allow");
    assertEquals(Set.of(), unused, "actions k8s/iam-policy.json allows that are never " + how);
  }

  private static Set<String> allowedActions() {
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : policy.path("Statement")) {
      statement
          .path("Action")
          .forEach(
              a -> {
                if (a.asText().startsWith("ecr:")) {
                  actions.add(a.asText().substring(4));
                }
              });
    }
    return actions;
  }

  /** Every port method called once, in an order in which each one succeeds. */
  private static Set<String> calledAtRunTime() {
    Set<String> portMethods = new TreeSet<>();
    try (EcrEmulator emulator = new EcrEmulator().start();
        RecordingEcrProxy proxy = new RecordingEcrProxy(emulator.endpoint());
        SdkEcrPort sdk = new SdkEcrPort(EmulatorClients.clients(proxy.endpoint()).build())) {
      EcrPort port = recording(sdk, portMethods);
      RepositoryRef ref = new RepositoryRef("eu-west-1", "iam/check");
      String lifecycle =
          "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
              + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
              + "\"action\":{\"type\":\"expire\"}}]}";
      String permissions =
          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
              + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
              + "\"Action\":[\"ecr:BatchGetImage\"]}]}";

      port.describeRepository(ref);
      RepositoryInfo info = port.createRepository(ref, RepositorySettings.NONE, Map.of("a", "b"));
      port.describeRepositories(ref.region(), List.of(ref.name()));
      port.putImageTagMutability(ref, "IMMUTABLE", List.of());
      port.putImageScanningConfiguration(ref, true);
      port.listTags(ref, info.arn());
      port.tagResource(ref, info.arn(), Map.of("c", "d"));
      port.untagResource(ref, info.arn(), List.of("c"));
      port.getRepositoryPolicy(ref);
      port.setRepositoryPolicy(ref, permissions);
      port.deleteRepositoryPolicy(ref);
      port.getLifecyclePolicy(ref);
      port.putLifecyclePolicy(ref, lifecycle);
      port.startLifecyclePolicyPreview(ref, lifecycle);
      port.getLifecyclePolicyPreview(ref);
      port.deleteLifecyclePolicy(ref);
      port.countImages(ref);
      port.describeImages(ref, null);
      String digest = "sha256:" + "ab".repeat(32);
      emulator.pushImage(ref.region(), ref.name(), digest, List.of("v1"), Instant.EPOCH);
      port.tagImage(ref, port.getManifest(ref, digest).orElseThrow(), "kept");
      port.untagImages(ref, List.of("kept"));
      port.deleteRepository(ref, true);

      String region = ref.region();
      port.describePullThroughCacheRule(region, "iam-cache");
      port.createPullThroughCacheRule(
          region, new PullThroughCacheRule("iam-cache", "quay.io", "quay", null, null, null));
      port.updatePullThroughCacheRule(region, "iam-cache", null, null);
      port.validatePullThroughCacheRule(region, "iam-cache");
      port.deletePullThroughCacheRule(region, "iam-cache");
      RepositoryCreationTemplate template =
          new RepositoryCreationTemplate(
              "iam",
              null,
              List.of("CREATE_ON_PUSH"),
              null,
              null,
              null,
              null,
              lifecycle,
              null,
              null,
              null);
      port.describeRepositoryCreationTemplate(region, "iam");
      port.createRepositoryCreationTemplate(region, template);
      port.updateRepositoryCreationTemplate(region, template);
      port.deleteRepositoryCreationTemplate(region, "iam");
      port.registryId(region);
      port.putReplication(
          region,
          List.of(
              new ReplicationRule(
                  List.of(new ReplicationDestination("us-east-1", emulator.accountId())), null)));
      port.describeReplication(region);
      port.putRegistryScanning(region, RegistryScanning.DEFAULT);
      port.getRegistryScanning(region);
      port.putRegistryPolicy(region, permissions);
      port.getRegistryPolicy(region);
      port.deleteRegistryPolicy(region);
      port.putSigning(
          region,
          List.of(
              new SigningRule(
                  "arn:aws:signer:eu-west-1:123456789012:/signing-profiles/release", null)));
      port.getSigning(region);
      port.deleteSigning(region);
      String principal = "arn:aws:iam::123456789012:role/scanner";
      port.registerPullTimeUpdateExclusion(region, principal);
      port.listPullTimeUpdateExclusions(region);
      port.deregisterPullTimeUpdateExclusion(region, principal);

      Set<String> declared =
          Arrays.stream(EcrPort.class.getMethods())
              .filter(m -> !m.isDefault() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
              .map(Method::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(declared, portMethods, "every EcrPort method is exercised here");
      return proxy.operations();
    }
  }

  private static EcrPort recording(EcrPort port, Set<String> called) {
    return (EcrPort)
        Proxy.newProxyInstance(
            EcrPort.class.getClassLoader(),
            new Class<?>[] {EcrPort.class},
            (proxy, method, args) -> {
              called.add(method.getName());
              try {
                return method.invoke(port, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** EcrClient operations called in the aws package: {@code .describeRepositories(}, ... */
  private static Set<String> namedInSource() throws IOException {
    Set<String> clientOperations =
        Arrays.stream(EcrClient.class.getMethods())
            .filter(
                m ->
                    m.getReturnType().getSimpleName().endsWith("Response")
                        || m.getReturnType().getSimpleName().endsWith("Iterable"))
            .map(Method::getName)
            .collect(Collectors.toSet());
    Pattern call = Pattern.compile("\\.\\s*(\\w+)\\s*\\(");
    Set<String> operations = new TreeSet<>();
    try (Stream<Path> files = Files.list(MAIN.resolve("aws"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = call.matcher(ShipFiles.read(file));
        while (m.find()) {
          String method = m.group(1);
          if (clientOperations.contains(method)) {
            String operation = method.replaceFirst("Paginator$", "");
            operations.add(Character.toUpperCase(operation.charAt(0)) + operation.substring(1));
          }
        }
      }
    }
    return operations;
  }
}
