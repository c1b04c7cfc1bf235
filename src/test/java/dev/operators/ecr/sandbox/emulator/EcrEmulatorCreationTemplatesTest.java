package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryCreationTemplateRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoryCreationTemplatesResponse;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.RCTAppliedFor;
import software.amazon.awssdk.services.ecr.model.RepositoryCreationTemplate;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/** Repository creation templates and create on push through the real SDK client. */
class EcrEmulatorCreationTemplatesTest {
  private static final String LIFECYCLE =
      "{\"rules\": [{\"rulePriority\": 1, \"selection\": {\"tagStatus\": \"untagged\","
          + " \"countType\": \"imageCountMoreThan\", \"countNumber\": 1},"
          + " \"action\": {\"type\": \"expire\"}}]}";
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\"]}]}";
  private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd";
  private static final String ROLE = "arn:aws:iam::123456789012:role/templates";
  private static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":1,"
          + "\"digest\":\"sha256:"
          + "a".repeat(64)
          + "\"},\"layers\":[]}";

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static void refused(String code, Executable call) {
    AwsServiceException e = assertThrows(AwsServiceException.class, call);
    assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
  }

  /**
   * A create-on-push template for {@code team} with {@code settings} is refused with {@code code}.
   */
  private void refusedTeamTemplate(
      String code, Consumer<CreateRepositoryCreationTemplateRequest.Builder> settings) {
    refused(
        code,
        () ->
            ecr.createRepositoryCreationTemplate(
                r -> settings.accept(r.prefix("team").appliedFor(RCTAppliedFor.CREATE_ON_PUSH))));
  }

  private void template(String prefix, RCTAppliedFor... appliedFor) {
    ecr.createRepositoryCreationTemplate(r -> r.prefix(prefix).appliedFor(appliedFor));
  }

  private RepositoryCreationTemplate described(String prefix) {
    return ecr.describeRepositoryCreationTemplates(r -> r.prefixes(prefix))
        .repositoryCreationTemplates()
        .get(0);
  }

  private void createFull(String prefix) {
    ecr.createRepositoryCreationTemplate(
        r ->
            r.prefix(prefix)
                .description("team images")
                .appliedFor(RCTAppliedFor.CREATE_ON_PUSH, RCTAppliedFor.PULL_THROUGH_CACHE)
                .encryptionConfiguration(e -> e.encryptionType(EncryptionType.KMS).kmsKey(KMS_KEY))
                .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(
                    ImageTagMutabilityExclusionFilter.builder()
                        .filterType(ImageTagMutabilityExclusionFilterType.WILDCARD)
                        .filter("latest")
                        .build())
                .lifecyclePolicy(LIFECYCLE)
                .repositoryPolicy(POLICY)
                .resourceTags(Tag.builder().key("team").value("payments").build())
                .customRoleArn(ROLE));
  }

  @Test
  void createStoresEverySettingAndDescribeReturnsIt() {
    createFull("team");

    RepositoryCreationTemplate template = described("team");
    assertEquals("team", template.prefix());
    assertEquals("team images", template.description());
    assertEquals(
        List.of(RCTAppliedFor.CREATE_ON_PUSH, RCTAppliedFor.PULL_THROUGH_CACHE),
        template.appliedFor());
    assertEquals(EncryptionType.KMS, template.encryptionConfiguration().encryptionType());
    assertEquals(KMS_KEY, template.encryptionConfiguration().kmsKey());
    assertEquals(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, template.imageTagMutability());
    assertEquals("latest", template.imageTagMutabilityExclusionFilters().get(0).filter());
    // Stored as PutLifecyclePolicy and SetRepositoryPolicy store them.
    assertFalse(template.lifecyclePolicy().contains(" "), template.lifecyclePolicy());
    assertTrue(template.repositoryPolicy().contains("\"Sid\" : \"pull\""));
    assertEquals("payments", template.resourceTags().get(0).value());
    assertEquals(ROLE, template.customRoleArn());
    assertEquals(T0, template.createdAt());
    assertEquals(T0, template.updatedAt());
  }

  @Test
  void aTemplateWithOnlyItsRequiredMembersHasEcrsDefaults() {
    template("ROOT", RCTAppliedFor.REPLICATION);

    RepositoryCreationTemplate template = described("ROOT");
    assertEquals(ImageTagMutability.MUTABLE, template.imageTagMutability());
    assertEquals(EncryptionType.AES256, template.encryptionConfiguration().encryptionType());
    assertNull(template.description());
    assertNull(template.lifecyclePolicy());
    assertTrue(template.resourceTags().isEmpty());
  }

  @Test
  void aSecondTemplateForThePrefixAlreadyExists() {
    template("team", RCTAppliedFor.REPLICATION);
    refused("TemplateAlreadyExistsException", () -> template("team/", RCTAppliedFor.REPLICATION));
  }

  @Test
  void describePagesThroughEveryTemplateAndSkipsPrefixesWithoutOne() {
    IntStream.range(0, 5).forEach(i -> template("team" + i, RCTAppliedFor.REPLICATION));
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      DescribeRepositoryCreationTemplatesResponse page =
          ecr.describeRepositoryCreationTemplates(r -> r.maxResults(2).nextToken(from));
      page.repositoryCreationTemplates().forEach(t -> seen.add(t.prefix()));
      token = page.nextToken();
    } while (token != null);
    assertEquals(List.of("team0", "team1", "team2", "team3", "team4"), seen);

    assertEquals(
        List.of("team1"),
        ecr
            .describeRepositoryCreationTemplates(r -> r.prefixes("team1", "nobody"))
            .repositoryCreationTemplates()
            .stream()
            .map(RepositoryCreationTemplate::prefix)
            .toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Team", "-team", "a//b", "a_-b", "team//"})
  void aPrefixOutsideTheModelsPatternIsInvalid(String prefix) {
    refused("InvalidParameterException", () -> template(prefix, RCTAppliedFor.REPLICATION));
  }

  @Test
  void appliedForIsRequiredAndNotEmpty() {
    refused(
        "InvalidParameterException",
        () -> ecr.createRepositoryCreationTemplate(r -> r.prefix("team")));
    refused(
        "InvalidParameterException",
        () -> ecr.createRepositoryCreationTemplate(r -> r.prefix("team").appliedFor(List.of())));
  }

  @Test
  void settingsAreCheckedAsForARepository() {
    // A lifecycle policy PutLifecyclePolicy would refuse, with its error.
    refusedTeamTemplate("InvalidParameterException", r -> r.lifecyclePolicy("{\"rules\":[]}"));
    refusedTeamTemplate("InvalidParameterException", r -> r.repositoryPolicy("not json"));
    refusedTeamTemplate(
        "InvalidTagParameterException",
        r -> r.resourceTags(Tag.builder().key("aws:x").value("v").build()));
    refusedTeamTemplate(
        "InvalidParameterException",
        r -> r.imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION));
    refusedTeamTemplate(
        "InvalidParameterException",
        r ->
            r.encryptionConfiguration(
                e -> e.encryptionType(EncryptionType.AES256).kmsKey(KMS_KEY)));
    refusedTeamTemplate("InvalidParameterException", r -> r.description("d".repeat(257)));
    refusedTeamTemplate(
        "InvalidParameterException",
        r -> r.customRoleArn("arn:aws:iam::210987654321:role/elsewhere"));
    assertTrue(
        ecr.describeRepositoryCreationTemplates(r -> {}).repositoryCreationTemplates().isEmpty());
  }

  @Test
  void updateReplacesWhatIsGivenKeepsWhatIsLeftOutAndClearsWhatIsEmpty() {
    createFull("team");
    fixture.clock.set(T0.plus(Duration.ofMinutes(5)));

    ecr.updateRepositoryCreationTemplate(
        r ->
            r.prefix("team")
                .description("")
                .imageTagMutability(ImageTagMutability.MUTABLE)
                .lifecyclePolicy(""));

    RepositoryCreationTemplate template = described("team");
    assertNull(template.description());
    assertNull(template.lifecyclePolicy());
    assertEquals(ImageTagMutability.MUTABLE, template.imageTagMutability());
    assertTrue(template.imageTagMutabilityExclusionFilters().isEmpty());
    assertTrue(template.repositoryPolicy().contains("pull"));
    assertEquals(KMS_KEY, template.encryptionConfiguration().kmsKey());
    assertEquals(ROLE, template.customRoleArn());
    assertEquals(T0, template.createdAt());
    assertEquals(T0.plus(Duration.ofMinutes(5)), template.updatedAt());
  }

  @Test
  void updateAndDeleteOfAMissingTemplateAreNotFound() {
    refused(
        "TemplateNotFoundException",
        () -> ecr.updateRepositoryCreationTemplate(r -> r.prefix("team").description("x")));
    refused(
        "TemplateNotFoundException",
        () -> ecr.deleteRepositoryCreationTemplate(r -> r.prefix("team")));
  }

  @Test
  void deleteAnswersTheDeletedTemplate() {
    createFull("team");
    RepositoryCreationTemplate deleted =
        ecr.deleteRepositoryCreationTemplate(r -> r.prefix("team")).repositoryCreationTemplate();
    assertEquals("team images", deleted.description());
    assertTrue(
        ecr.describeRepositoryCreationTemplates(r -> {}).repositoryCreationTemplates().isEmpty());
  }

  private void putImage(String repository) {
    ecr.putImage(r -> r.repositoryName(repository).imageManifest(MANIFEST).imageTag("v1"));
  }

  @Test
  void withoutACreateOnPushTemplateAPushToAMissingRepositoryFails() {
    template("team", RCTAppliedFor.REPLICATION, RCTAppliedFor.PULL_THROUGH_CACHE);
    assertThrows(RepositoryNotFoundException.class, () -> putImage("team/app"));
    assertTrue(fixture.emulator.repository(REGION, "team/app").isEmpty());
  }

  @Test
  void aPushToAMissingRepositoryCreatesItFromTheTemplate() {
    createFull("team");

    putImage("team/app");

    RepositorySnapshot repository = fixture.emulator.repository(REGION, "team/app").orElseThrow();
    assertEquals(Map.of("team", "payments"), repository.tags());
    assertEquals(1, repository.imageCount());
    assertEquals(described("team").lifecyclePolicy(), repository.lifecyclePolicyText());
    assertEquals(described("team").repositoryPolicy(), repository.repositoryPolicyText());
    var created =
        ecr.describeRepositories(r -> r.repositoryNames("team/app")).repositories().get(0);
    assertEquals(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, created.imageTagMutability());
    assertEquals("latest", created.imageTagMutabilityExclusionFilters().get(0).filter());
    assertEquals(EncryptionType.KMS, created.encryptionConfiguration().encryptionType());
    assertEquals(KMS_KEY, created.encryptionConfiguration().kmsKey());
  }

  @Test
  void theLongestMatchingPrefixWinsAndRootMatchesTheRest() {
    ecr.createRepositoryCreationTemplate(
        r ->
            r.prefix("ROOT")
                .appliedFor(RCTAppliedFor.CREATE_ON_PUSH)
                .resourceTags(Tag.builder().key("from").value("root").build()));
    ecr.createRepositoryCreationTemplate(
        r ->
            r.prefix("team")
                .appliedFor(RCTAppliedFor.CREATE_ON_PUSH)
                .resourceTags(Tag.builder().key("from").value("team").build()));
    ecr.createRepositoryCreationTemplate(
        r ->
            r.prefix("team/web/")
                .appliedFor(RCTAppliedFor.CREATE_ON_PUSH)
                .resourceTags(Tag.builder().key("from").value("team/web").build()));
    // Not for create on push: not considered, although longer.
    ecr.createRepositoryCreationTemplate(
        r ->
            r.prefix("team/web/ui")
                .appliedFor(RCTAppliedFor.REPLICATION)
                .resourceTags(Tag.builder().key("from").value("replication").build()));

    putImage("team/web/ui/app");
    putImage("team/api");
    putImage("teams/api");
    putImage("team");

    assertEquals("team/web", from("team/web/ui/app"));
    assertEquals("team", from("team/api"));
    assertEquals("root", from("teams/api"));
    assertEquals("root", from("team"));
  }

  private String from(String repository) {
    return fixture.emulator.repository(REGION, repository).orElseThrow().tags().get("from");
  }

  @Test
  void theSideDoorsPushAndTheJavaPushCreateFromTheTemplateToo() {
    template("team", RCTAppliedFor.CREATE_ON_PUSH);
    fixture.emulator.pushImage(REGION, "team/java", "sha256:" + "b".repeat(64), List.of(), T0);
    assertTrue(fixture.emulator.repository(REGION, "team/java").isPresent());
    assertThrows(
        EcrError.class,
        () ->
            fixture.emulator.pushImage(
                REGION, "other/java", "sha256:" + "b".repeat(64), List.of(), T0));
    assertEquals(Map.of("team/java", 1L), fixture.emulator.creations(REGION));
  }
}
