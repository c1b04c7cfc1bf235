package dev.operators.ecr.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateSpec;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.aws.SdkEcrPort;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.emulator.EcrEmulator;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A repository creation template kept as declared through the emulator: created, changed, compared
 * by meaning, drift restored, adopted, deleted; settings the spec leaves out are ECR's.
 */
class RepositoryCreationTemplateSyncTest {
  private static final String REGION = "eu-west-1";
  private static final String PREFIX = "prod";
  private static final String KEEP_ONE =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
          + "\"action\":{\"type\":\"expire\"}}]}";
  // The same rule, keys in another order and spaced out.
  private static final String KEEP_ONE_REWRITTEN =
      "{ \"rules\": [ { \"action\": { \"type\": \"expire\" }, \"selection\": { \"countNumber\": 1,"
          + " \"countType\": \"imageCountMoreThan\", \"tagStatus\": \"untagged\" },"
          + " \"rulePriority\": 1 } ] }";
  private static final String KEEP_THREE =
      KEEP_ONE.replace("\"countNumber\":1", "\"countNumber\":3");
  private static final String PULL_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";
  // The same statement, actions in another order, laid out differently.
  private static final String PULL_POLICY_REWRITTEN =
      "{\n  \"Statement\": [{\"Action\": [\"ecr:GetDownloadUrlForLayer\", \"ecr:BatchGetImage\"],"
          + " \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}, \"Effect\": \"Allow\","
          + " \"Sid\": \"pull\"}],\n  \"Version\": \"2012-10-17\"\n}";

  private EcrEmulator ecr;
  private SdkEcrPort port;
  private RepositoryCreationTemplateSync sync;

  @BeforeEach
  void start() {
    ecr = new EcrEmulator().start();
    port = EmulatorClients.port(ecr);
    sync = new RepositoryCreationTemplateSync(port);
  }

  @AfterEach
  void stop() {
    port.close();
    ecr.close();
  }

  private static DesiredRepositoryCreationTemplate desired(
      Consumer<EcrRepositoryCreationTemplateSpec> settings) {
    EcrRepositoryCreationTemplateSpec spec = new EcrRepositoryCreationTemplateSpec();
    spec.setPrefix(PREFIX);
    spec.setAppliedFor(List.of("CREATE_ON_PUSH", "REPLICATION"));
    spec.setLifecyclePolicyText(KEEP_ONE);
    spec.setRepositoryPolicy(PULL_POLICY);
    spec.setResourceTags(Map.of("team", "payments"));
    settings.accept(spec);
    EcrRepositoryCreationTemplate resource = new EcrRepositoryCreationTemplate();
    resource.setMetadata(new ObjectMetaBuilder().withName(PREFIX).withGeneration(1L).build());
    resource.setSpec(spec);
    return DesiredRepositoryCreationTemplate.of(
        resource, OperatorSettings.forRegion(REGION).desired(), PolicyCatalog.EMPTY);
  }

  private static DesiredRepositoryCreationTemplate declared() {
    return desired(spec -> {});
  }

  private RepositoryCreationTemplate inEcr() {
    return port.describeRepositoryCreationTemplate(REGION, PREFIX).orElseThrow();
  }

  // A change made in ECR behind the operator's back: the template as it is, with one edit.
  private void changeInEcr(java.util.function.UnaryOperator<RepositoryCreationTemplate> edit) {
    port.updateRepositoryCreationTemplate(REGION, edit.apply(inEcr()));
  }

  private static RepositoryCreationTemplate with(
      RepositoryCreationTemplate t,
      String description,
      String lifecyclePolicy,
      String repositoryPolicy,
      Map<String, String> tags) {
    return new RepositoryCreationTemplate(
        t.prefix(),
        description,
        t.appliedFor(),
        t.encryptionType(),
        t.kmsKey(),
        t.imageTagMutability(),
        t.imageTagMutabilityExclusionFilters(),
        lifecyclePolicy,
        repositoryPolicy,
        tags,
        t.customRoleArn());
  }

  @Test
  void aMissingTemplateIsCreatedAsDeclaredInOneWrite() {
    SettingOutcome<Void> outcome = sync.sync(declared(), false);

    assertEquals(SettingOutcome.Action.CREATED, outcome.action());
    assertEquals(List.of(), outcome.fields(), "nothing drifted: it never existed");
    assertEquals(
        Map.of("DescribeRepositoryCreationTemplates", 1L, "CreateRepositoryCreationTemplate", 1L),
        ecr.calls());
    RepositoryCreationTemplate held = inEcr();
    assertEquals(List.of("CREATE_ON_PUSH", "REPLICATION"), held.appliedFor());
    assertEquals(
        LifecyclePolicy.parse(KEEP_ONE).canonical().json(),
        LifecyclePolicy.parse(held.lifecyclePolicy()).canonical().json());
    assertEquals(Map.of("team", "payments"), held.resourceTags());
  }

  @Test
  void aTemplateAsDeclaredCostsOneReadAndNoWrite() {
    sync.sync(declared(), false);
    ecr.resetCalls();

    SettingOutcome<Void> outcome = sync.sync(declared(), true);

    assertEquals(SettingOutcome.Action.UNCHANGED, outcome.action());
    assertFalse(outcome.wrote());
    assertEquals(Map.of("DescribeRepositoryCreationTemplates", 1L), ecr.calls());
  }

  @Test
  void policiesAreComparedByMeaningNotText() {
    sync.sync(declared(), false);
    changeInEcr(
        t -> with(t, t.description(), KEEP_ONE_REWRITTEN, PULL_POLICY_REWRITTEN, t.resourceTags()));
    ecr.resetCalls();

    SettingOutcome<Void> outcome =
        sync.sync(
            desired(
                spec ->
                    spec.setAppliedFor(
                        List.of("REPLICATION", "CREATE_ON_PUSH"))), // scenarios as a set
            true);

    assertEquals(SettingOutcome.Action.UNCHANGED, outcome.action());
    assertEquals(0, ecr.writeCallCount());
  }

  @Test
  void aChangedSpecUpdatesWhatDiffersAndKeepsWhatItLeavesOut() {
    sync.sync(declared(), false);
    // Set by someone else, and not declared: ECR's to keep.
    changeInEcr(
        t ->
            with(
                t,
                "set in the console",
                t.lifecyclePolicy(),
                t.repositoryPolicy(),
                t.resourceTags()));
    ecr.resetCalls();

    SettingOutcome<Void> outcome =
        sync.sync(
            desired(
                spec -> {
                  spec.setLifecyclePolicyText(KEEP_THREE);
                  spec.setImageTagMutability("IMMUTABLE");
                }),
            true);

    assertEquals(SettingOutcome.Action.UPDATED, outcome.action());
    assertEquals(List.of("imageTagMutability", "lifecyclePolicy"), outcome.fields());
    assertEquals(1L, ecr.callCount("UpdateRepositoryCreationTemplate"));
    RepositoryCreationTemplate held = inEcr();
    assertEquals("IMMUTABLE", held.imageTagMutability());
    assertEquals(
        LifecyclePolicy.parse(KEEP_THREE).canonical().digest(),
        LifecyclePolicy.parse(held.lifecyclePolicy()).canonical().digest());
    assertEquals("set in the console", held.description());
    assertEquals(Map.of("team", "payments"), held.resourceTags());
  }

  @Test
  void driftInEcrIsRestored() {
    sync.sync(declared(), false);
    changeInEcr(t -> with(t, t.description(), KEEP_THREE, t.repositoryPolicy(), Map.of()));

    SettingOutcome<Void> outcome = sync.sync(declared(), true);

    assertEquals(SettingOutcome.Action.UPDATED, outcome.action());
    assertEquals(List.of("lifecyclePolicy", "resourceTags"), outcome.fields());
    assertEquals(List.of(), RepositoryCreationTemplateSync.differences(declared(), inEcr()));
  }

  @Test
  void aManagedTemplateDeletedInEcrIsCreatedAgain() {
    sync.sync(declared(), false);
    assertTrue(port.deleteRepositoryCreationTemplate(REGION, PREFIX));

    SettingOutcome<Void> outcome = sync.sync(declared(), true);

    assertEquals(SettingOutcome.Action.CREATED, outcome.action());
    assertEquals(List.of(SettingOutcome.WHOLE), outcome.fields());
    assertEquals(List.of(), RepositoryCreationTemplateSync.differences(declared(), inEcr()));
  }

  @Test
  void anExistingTemplateIsAdoptedAndSetAsDeclared() {
    port.createRepositoryCreationTemplate(
        REGION,
        new RepositoryCreationTemplate(
            "prod/",
            "made by hand",
            List.of("REPLICATION"),
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            null));
    ecr.resetCalls();

    SettingOutcome<Void> outcome = sync.sync(declared(), false);

    assertEquals(SettingOutcome.Action.ADOPTED, outcome.action());
    assertEquals(
        List.of("appliedFor", "lifecyclePolicy", "repositoryPolicy", "resourceTags"),
        outcome.fields());
    assertEquals(0L, ecr.callCount("CreateRepositoryCreationTemplate"));
    RepositoryCreationTemplate held = inEcr();
    assertEquals("made by hand", held.description());
    assertEquals(List.of(), RepositoryCreationTemplateSync.differences(declared(), held));
  }

  @Test
  void deleteRemovesTheTemplateOnceAndIsDoneWhenItIsGone() {
    sync.sync(declared(), false);

    assertTrue(sync.delete(declared()));
    assertFalse(sync.delete(declared()));
    assertTrue(port.describeRepositoryCreationTemplate(REGION, PREFIX).isEmpty());
  }

  @Test
  void aPolicyRemovedInEcrIsPutBack() {
    sync.sync(declared(), false);
    // An empty text clears the template's lifecycle policy.
    changeInEcr(t -> with(t, t.description(), "", t.repositoryPolicy(), t.resourceTags()));

    SettingOutcome<Void> outcome = sync.sync(declared(), true);

    assertEquals(List.of("lifecyclePolicy"), outcome.fields());
    assertEquals(
        LifecyclePolicy.parse(KEEP_ONE).canonical().digest(),
        LifecyclePolicy.parse(inEcr().lifecyclePolicy()).canonical().digest());
  }
}
