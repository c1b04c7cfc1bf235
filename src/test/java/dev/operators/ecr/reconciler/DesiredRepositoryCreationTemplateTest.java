package dev.operators.ecr.reconciler;

import static dev.operators.ecr.reconciler.TestResources.KEEP_ONE;
import static dev.operators.ecr.reconciler.TestResources.catalog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.DeletionPolicy;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateSpec;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.InvalidSpecException;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.desired.SpecProblem;
import dev.operators.ecr.desired.StalledException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.RepositoryPolicy;
import dev.operators.ecr.runtime.OperatorSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * From an EcrRepositoryCreationTemplate to the template ECR should hold, with no I/O: the settings,
 * where the lifecycle policy comes from, and every problem with the path of the field to fix.
 */
class DesiredRepositoryCreationTemplateTest {
  private static final OperatorSettings SETTINGS = OperatorSettings.forRegion("eu-west-1");
  private static final String ROLE = "arn:aws:iam::123456789012:role/ecr-templates";
  private static final String KMS_KEY =
      "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
  private static final String REPOSITORY_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\"]}]}";

  static EcrRepositoryCreationTemplate template(String spec) {
    EcrRepositoryCreationTemplate resource = new EcrRepositoryCreationTemplate();
    resource.setMetadata(new ObjectMetaBuilder().withName("prod").withGeneration(1L).build());
    resource.setSpec(TestResources.read(spec, EcrRepositoryCreationTemplateSpec.class));
    resource.setStatus(null);
    return resource;
  }

  private static DesiredRepositoryCreationTemplate desired(String spec, PolicyCatalog catalog) {
    return DesiredRepositoryCreationTemplate.of(template(spec), SETTINGS.desired(), catalog);
  }

  @Test
  void everySettingInEcrsTerms() {
    DesiredRepositoryCreationTemplate desired =
        desired(
            "{prefix: 'prod', appliedFor: ['CREATE_ON_PUSH', 'REPLICATION'],"
                + " description: 'production', encryption: {type: 'KMS', kmsKey: '"
                + KMS_KEY
                + "'}, imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',"
                + " imageTagMutabilityExclusionFilters: ['latest'], lifecyclePolicy: KEEP_ONE,"
                + " repositoryPolicy: '"
                + REPOSITORY_POLICY
                + "', resourceTags: {team: 'payments'}, customRoleArn: '"
                + ROLE
                + "', region: 'us-east-1'}",
            PolicyCatalog.EMPTY);

    RepositoryCreationTemplate template = desired.template();
    assertEquals("us-east-1", desired.region());
    assertEquals(
        new RepositoryCreationTemplate(
            "prod",
            "production",
            List.of("CREATE_ON_PUSH", "REPLICATION"),
            "KMS",
            KMS_KEY,
            "IMMUTABLE_WITH_EXCLUSION",
            List.of("latest"),
            LifecyclePolicy.parse(KEEP_ONE).canonical().ecrJson(),
            REPOSITORY_POLICY,
            Map.of("team", "payments"),
            ROLE),
        template);
    assertEquals(DesiredPolicy.INLINE, desired.policy().source());
    assertEquals(
        RepositoryPolicy.parse(REPOSITORY_POLICY).digest(),
        desired.repositoryPolicy().canonical().digest());
    assertEquals(DeletionPolicy.Delete, desired.deletionPolicy(), "a template holds no data");
    assertEquals("repository creation template prod in us-east-1", desired.toString());
  }

  @Test
  void settingsLeftOutAreLeftToEcr() {
    DesiredRepositoryCreationTemplate desired =
        desired("{prefix: 'ROOT', appliedFor: ['PULL_THROUGH_CACHE']}", PolicyCatalog.EMPTY);

    assertEquals("eu-west-1", desired.region(), "the operator's region");
    assertNull(desired.policy());
    assertNull(desired.repositoryPolicy());
    assertNull(desired.resourceTags());
    assertNull(desired.encryption());
    assertEquals(
        new RepositoryCreationTemplate(
            "ROOT",
            null,
            List.of("PULL_THROUGH_CACHE"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        desired.template());
  }

  @Test
  void aPrefixWithOrWithoutItsSlashIsOneClaim() {
    String withSlash =
        desired("{prefix: 'team/prod/', appliedFor: ['REPLICATION']}", PolicyCatalog.EMPTY).claim();
    String without =
        desired("{prefix: 'team/prod', appliedFor: ['REPLICATION']}", PolicyCatalog.EMPTY).claim();

    assertEquals("eu-west-1/team/prod", withSlash);
    assertEquals(withSlash, without);
  }

  @Test
  void aReferenceResolvesToTheSharedPolicy() {
    DesiredRepositoryCreationTemplate desired =
        desired(
            "{prefix: 'prod', appliedFor: ['REPLICATION'], lifecyclePolicyRef: {name: 'keep-one'}}",
            catalog("keep-one other"));

    assertEquals(DesiredPolicy.REF, desired.policy().source());
    assertEquals("keep-one", desired.policy().name());
    assertEquals(
        LifecyclePolicy.parse(KEEP_ONE).canonical().digest(),
        desired.policy().canonical().digest());
  }

  @Test
  void aMissingOrInvalidSharedPolicyStallsButKeepsTheClaim() {
    String spec =
        "{prefix: 'prod', appliedFor: ['REPLICATION'], lifecyclePolicyRef: {name: 'keep-one'}}";

    StalledException missing =
        assertThrows(StalledException.class, () -> desired(spec, catalog("other")));
    StalledException invalid =
        assertThrows(StalledException.class, () -> desired(spec, catalog("keep-one!")));

    assertEquals(Reasons.POLICY_NOT_FOUND, missing.reason());
    assertTrue(missing.getMessage().contains("EcrLifecyclePolicy keep-one does not exist"));
    assertEquals(Reasons.POLICY_INVALID, invalid.reason());
    assertEquals(
        "eu-west-1/prod",
        DesiredRepositoryCreationTemplate.claimOf(template(spec), SETTINGS.desired()));
  }

  @Test
  void aTemplateWhosePolicyIsGoneCanStillBeDeleted() {
    DesiredRepositoryCreationTemplate deletable =
        DesiredRepositoryCreationTemplate.withoutSharedPolicy(
            template(
                "{prefix: 'prod', appliedFor: ['REPLICATION'], deletionPolicy: 'Retain',"
                    + " lifecyclePolicyRef: {name: 'gone'}}"),
            SETTINGS.desired());

    assertNull(deletable.policy());
    assertEquals("eu-west-1/prod", deletable.claim());
    assertEquals(DeletionPolicy.Retain, deletable.deletionPolicy());
  }

  @Test
  void theClusterDefaultPolicyIsNotATemplatesPolicy() {
    assertNull(
        desired("{prefix: 'prod', appliedFor: ['REPLICATION']}", catalog("team-default*"))
            .policy());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {appliedFor: ['REPLICATION']}                                   | spec.prefix | required
          {prefix: 'Prod', appliedFor: ['REPLICATION']}                   | spec.prefix | not a template prefix
          {prefix: 'prod//x', appliedFor: ['REPLICATION']}                | spec.prefix | not a template prefix
          {prefix: 'prod'}                                                | spec.appliedFor | required
          {prefix: 'prod', appliedFor: []}                                | spec.appliedFor | required
          {prefix: 'prod', appliedFor: ['ON_PUSH']}                       | spec.appliedFor[0] | 'ON_PUSH' is not one of
          {prefix: 'prod', appliedFor: ['REPLICATION', 'REPLICATION']}    | spec.appliedFor[1] | a second time
          {prefix: 'prod', appliedFor: ['REPLICATION'], encryption: {type: 'KMS', kmsKey: 'alias/ecr'}} | spec.encryption.kmsKey | full ARN
          {prefix: 'prod', appliedFor: ['REPLICATION'], encryption: {type: 'AES256', kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/abc'}} | spec.encryption.kmsKey | only applies with type KMS
          {prefix: 'prod', appliedFor: ['REPLICATION'], encryption: {type: 'DES'}} | spec.encryption.type | must be one of
          {prefix: 'prod', appliedFor: ['REPLICATION'], imageTagMutabilityExclusionFilters: ['latest']} | spec.imageTagMutabilityExclusionFilters | only apply with
          {prefix: 'prod', appliedFor: ['REPLICATION'], imageTagMutability: 'MUTABLE_WITH_EXCLUSION'} | spec.imageTagMutabilityExclusionFilters | needs 1 to 5
          {prefix: 'prod', appliedFor: ['REPLICATION'], lifecyclePolicy: KEEP_ONE, lifecyclePolicyRef: {name: 'x'}} | spec | cannot be combined
          {prefix: 'prod', appliedFor: ['REPLICATION'], lifecyclePolicyText: '{"rules": []}'} | spec.lifecyclePolicyText | rules
          {prefix: 'prod', appliedFor: ['REPLICATION'], lifecyclePolicyRef: {name: 'Not_A_Name'}} | spec.lifecyclePolicyRef.name | must name an EcrLifecyclePolicy
          {prefix: 'prod', appliedFor: ['REPLICATION'], repositoryPolicy: 'not json'} | spec.repositoryPolicy | JSON
          {prefix: 'prod', appliedFor: ['REPLICATION'], resourceTags: {'aws:team': 'x'}} | spec.resourceTags[aws:team] | reserved by AWS
          {prefix: 'prod', appliedFor: ['REPLICATION'], resourceTags: {'ecr.operators.dev/owner': 'x'}} | spec.resourceTags[ecr.operators.dev/owner] | reserved
          {prefix: 'prod', appliedFor: ['REPLICATION'], customRoleArn: 'ecr-role'} | spec.customRoleArn | not an IAM role ARN
          {prefix: 'prod', appliedFor: ['REPLICATION'], region: 'mars'}   | spec.region | not an AWS region
          """)
  void anInvalidSpecIsRefusedWithThePathToFix(String spec, String path, String message) {
    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> desired(spec, PolicyCatalog.EMPTY));

    assertTrue(
        e.problems().stream().anyMatch(p -> p.path().equals(path) && p.message().contains(message)),
        "expected " + path + " '" + message + "' in " + e.problems());
    assertEquals(
        e.problems(),
        DesiredRepositoryCreationTemplate.check(template(spec)),
        "validate reports the same problems offline");
  }

  @Test
  void longDescriptionsAndTooManyTagsAreRefused() {
    String tags =
        IntStream.range(0, 51)
            .mapToObj(i -> "k" + i + ": 'v'")
            .reduce((a, b) -> a + ", " + b)
            .orElseThrow();
    String spec =
        "{prefix: 'prod', appliedFor: ['REPLICATION'], description: '"
            + "d".repeat(257)
            + "', resourceTags: {"
            + tags
            + "}}";

    InvalidSpecException e =
        assertThrows(InvalidSpecException.class, () -> desired(spec, PolicyCatalog.EMPTY));

    assertEquals(
        List.of(
            new SpecProblem("spec.description", "is 257 characters; at most 256"),
            new SpecProblem("spec.resourceTags", "has 51 tags; ECR allows 50 per resource")),
        e.problems());
  }

  @Test
  void offlineAMissingRegionIsNoProblem() {
    assertEquals(
        List.of(),
        DesiredRepositoryCreationTemplate.check(
            template("{prefix: 'prod', appliedFor: ['CREATE_ON_PUSH']}")));
  }

  @Test
  void anAwsManagedKmsKeyIsLeftToEcr() {
    Encryption encryption =
        desired(
                "{prefix: 'prod', appliedFor: ['REPLICATION'], encryption: {type: 'KMS'}}",
                PolicyCatalog.EMPTY)
            .encryption();

    assertEquals(new Encryption("KMS", null), encryption);
  }
}
