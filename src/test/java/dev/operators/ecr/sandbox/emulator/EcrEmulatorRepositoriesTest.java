package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.REGION;
import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesRequest;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.EncryptionType;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.InvalidTagParameterException;
import software.amazon.awssdk.services.ecr.model.PutImageTagMutabilityResponse;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotEmptyException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TooManyTagsException;

/** Repository operations, names, tags and regions through the real SDK client. */
class EcrEmulatorRepositoriesTest {
  private static final String ARN_PREFIX = "arn:aws:ecr:eu-west-1:123456789012:repository/";

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final software.amazon.awssdk.services.ecr.EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static List<Tag> tags(int count) {
    return IntStream.range(0, count).mapToObj(i -> tag("k" + i, "v" + i)).toList();
  }

  @Test
  void createReturnsTheRepositoryWithEcrsDefaults() {
    CreateRepositoryResponse created =
        ecr.createRepository(r -> r.repositoryName("team/payments-api"));

    Repository repository = created.repository();
    assertEquals("team/payments-api", repository.repositoryName());
    assertEquals(ARN_PREFIX + "team/payments-api", repository.repositoryArn());
    assertEquals(
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/payments-api",
        repository.repositoryUri());
    assertEquals("123456789012", repository.registryId());
    assertEquals(T0, repository.createdAt());
    assertEquals(ImageTagMutability.MUTABLE, repository.imageTagMutability());
    assertFalse(repository.imageScanningConfiguration().scanOnPush());
    assertEquals(EncryptionType.AES256, repository.encryptionConfiguration().encryptionType());
  }

  @Test
  void createStoresEverySettingAndDescribeReturnsIt() {
    ecr.createRepository(
        r ->
            r.repositoryName("app")
                .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(
                    f ->
                        f.filterType(ImageTagMutabilityExclusionFilterType.WILDCARD)
                            .filter("dev-*"))
                .imageScanningConfiguration(s -> s.scanOnPush(true))
                .encryptionConfiguration(
                    e ->
                        e.encryptionType(EncryptionType.KMS)
                            .kmsKey("arn:aws:kms:eu-west-1:1:key/k"))
                .tags(tag("team", "payments")));

    Repository described =
        ecr.describeRepositories(r -> r.repositoryNames("app")).repositories().get(0);
    assertEquals(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, described.imageTagMutability());
    assertEquals("dev-*", described.imageTagMutabilityExclusionFilters().get(0).filter());
    assertTrue(described.imageScanningConfiguration().scanOnPush());
    assertEquals(EncryptionType.KMS, described.encryptionConfiguration().encryptionType());
    assertEquals("arn:aws:kms:eu-west-1:1:key/k", described.encryptionConfiguration().kmsKey());
    assertEquals(
        List.of(tag("team", "payments")),
        ecr.listTagsForResource(r -> r.resourceArn(ARN_PREFIX + "app")).tags());
  }

  @Test
  void createTwiceIsRepositoryAlreadyExists() {
    fixture.createRepository("app");

    RepositoryAlreadyExistsException e =
        assertThrows(RepositoryAlreadyExistsException.class, () -> fixture.createRepository("app"));
    assertEquals(
        "The repository with name 'app' already exists in the registry with id '123456789012'",
        e.awsErrorDetails().errorMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "App",
        "-app",
        "app-",
        "app/",
        "/app",
        "team//app",
        "app..x",
        "app___x",
        "app x",
        "app_-x"
      })
  void createRejectsNamesOutsideEcrsPattern(String name) {
    InvalidParameterException e =
        assertThrows(InvalidParameterException.class, () -> fixture.createRepository(name));
    assertTrue(e.getMessage().contains("'repositoryName'"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "0app", "a.b", "a_b", "a__b", "a---b", "team/app/v1.2", "a-b_c.d"})
  void createAcceptsNamesInEcrsPattern(String name) {
    assertEquals(
        name, ecr.createRepository(r -> r.repositoryName(name)).repository().repositoryName());
  }

  @Test
  void createAcceptsTwoHundredFiftySixCharactersAndNoMore() {
    fixture.createRepository("a".repeat(256));

    assertThrows(InvalidParameterException.class, () -> fixture.createRepository("a".repeat(257)));
  }

  @Test
  void createWithoutANameNamesTheMissingMember() {
    InvalidParameterException e =
        assertThrows(InvalidParameterException.class, () -> ecr.createRepository(r -> {}));
    assertEquals(
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'Member must not be"
            + " null'",
        e.awsErrorDetails().errorMessage());
  }

  @Test
  void tagLimitsAreEcrs() {
    ecr.createRepository(r -> r.repositoryName("fifty").tags(tags(50)));
    ecr.createRepository(r -> r.repositoryName("long").tags(tag("k".repeat(128), "v".repeat(256))));

    assertThrows(
        TooManyTagsException.class,
        () -> ecr.createRepository(r -> r.repositoryName("fifty-one").tags(tags(51))));
    assertThrows(
        InvalidTagParameterException.class,
        () -> ecr.createRepository(r -> r.repositoryName("key").tags(tag("k".repeat(129), "v"))));
    assertThrows(
        InvalidTagParameterException.class,
        () -> ecr.createRepository(r -> r.repositoryName("value").tags(tag("k", "v".repeat(257)))));
    assertThrows(
        InvalidTagParameterException.class,
        () -> ecr.createRepository(r -> r.repositoryName("reserved").tags(tag("aws:owner", "x"))));
    assertEquals(
        List.of("fifty", "long"),
        fixture.emulator.repositories(REGION).stream().map(RepositorySnapshot::name).toList(),
        "a rejected tag rolls the creation back");
  }

  @Test
  void tagResourceMergesAndKeepsTheLimitAcrossCalls() {
    ecr.createRepository(r -> r.repositoryName("app").tags(tags(49)));
    String arn = ARN_PREFIX + "app";

    ecr.tagResource(r -> r.resourceArn(arn).tags(tag("k0", "changed"), tag("new", "1")));
    assertThrows(
        TooManyTagsException.class,
        () -> ecr.tagResource(r -> r.resourceArn(arn).tags(tag("one-too-many", "x"))));
    ecr.untagResource(r -> r.resourceArn(arn).tagKeys("k1", "absent"));

    Map<String, String> tags =
        ecr.listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
            .collect(Collectors.toMap(Tag::key, Tag::value));
    assertEquals(49, tags.size());
    assertEquals("changed", tags.get("k0"));
    assertEquals("1", tags.get("new"));
    assertFalse(tags.containsKey("k1"));
    assertFalse(tags.containsKey("one-too-many"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-arn",
        "arn:aws:ecr:us-east-1:123456789012:repository/app",
        "arn:aws:ecr:eu-west-1:123456789012:image/app",
        "arn:aws:ecr:eu-west-1:123456789012:repository/"
      })
  void tagOperationsRejectBadArns(String arn) {
    fixture.createRepository("app");

    InvalidParameterException e =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.listTagsForResource(r -> r.resourceArn(arn)));
    assertEquals(
        "Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'",
        e.awsErrorDetails().errorMessage());
  }

  @Test
  void tagOperationsOnAMissingRepositoryAreNotFound() {
    assertThrows(
        RepositoryNotFoundException.class,
        () -> ecr.tagResource(r -> r.resourceArn(ARN_PREFIX + "absent").tags(tag("a", "b"))));
  }

  @Test
  void describeByNamesFailsWhenAnyIsMissing() {
    fixture.createRepository("one");

    RepositoryNotFoundException e =
        assertThrows(
            RepositoryNotFoundException.class,
            () -> ecr.describeRepositories(r -> r.repositoryNames("one", "two")));
    assertEquals(
        "The repository with name 'two' does not exist in the registry with id '123456789012'",
        e.awsErrorDetails().errorMessage());
  }

  @Test
  void describeByNamesAnswersUpToAHundredInOneCallAndRefusesMore() {
    List<String> names = IntStream.range(0, 101).mapToObj(i -> "repo-" + i).toList();
    names.forEach(fixture::createRepository);

    List<String> described =
        ecr
            .describeRepositories(r -> r.repositoryNames(names.subList(0, 100)))
            .repositories()
            .stream()
            .map(Repository::repositoryName)
            .toList();
    assertEquals(names.subList(0, 100), described);

    InvalidParameterException tooMany =
        assertThrows(
            InvalidParameterException.class,
            () -> ecr.describeRepositories(r -> r.repositoryNames(names)));
    assertTrue(tooMany.awsErrorDetails().errorMessage().contains("100"));
  }

  @Test
  void describeAllPagesThroughEveryRepositoryOnce() {
    for (int i = 0; i < 7; i++) {
      fixture.createRepository("repo-" + i);
    }

    List<String> seen = new ArrayList<>();
    DescribeRepositoriesRequest first = DescribeRepositoriesRequest.builder().maxResults(3).build();
    DescribeRepositoriesResponse page = ecr.describeRepositories(first);
    int pages = 1;
    page.repositories().forEach(r -> seen.add(r.repositoryName()));
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = ecr.describeRepositories(first.toBuilder().nextToken(token).build());
      page.repositories().forEach(r -> seen.add(r.repositoryName()));
      pages++;
    }

    assertEquals(3, pages);
    assertEquals(IntStream.range(0, 7).mapToObj(i -> "repo-" + i).toList(), seen);
    assertEquals(
        7, ecr.describeRepositoriesPaginator(r -> r.maxResults(2)).repositories().stream().count());
  }

  @Test
  void describeRejectsNamesWithPaginationAndOutOfRangePages() {
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.describeRepositories(r -> r.repositoryNames("a1").maxResults(5)));
    assertThrows(
        InvalidParameterException.class, () -> ecr.describeRepositories(r -> r.maxResults(1001)));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.describeRepositories(r -> r.nextToken("%%not-a-token%%")));
  }

  @Test
  void regionsHoldSeparateRegistries() {
    fixture.createRepository("app");

    assertThrows(
        RepositoryNotFoundException.class,
        () -> fixture.otherRegion().describeRepositories(r -> r.repositoryNames("app")));
    Repository other =
        fixture.otherRegion().createRepository(r -> r.repositoryName("app")).repository();
    assertEquals("arn:aws:ecr:us-east-1:123456789012:repository/app", other.repositoryArn());
    assertEquals(1, ecr.describeRepositories(r -> {}).repositories().size());
  }

  @Test
  void deleteRefusesARepositoryWithImagesUnlessForced() {
    fixture.createRepository("app");
    fixture.emulator.pushImage(REGION, "app", "sha256:" + "a".repeat(64), List.of("v1"), T0);

    assertThrows(
        RepositoryNotEmptyException.class,
        () -> ecr.deleteRepository(r -> r.repositoryName("app")));
    Repository deleted =
        ecr.deleteRepository(r -> r.repositoryName("app").force(true)).repository();

    assertEquals("app", deleted.repositoryName());
    assertTrue(fixture.emulator.repository(REGION, "app").isEmpty());
    assertThrows(
        RepositoryNotFoundException.class,
        () -> ecr.deleteRepository(r -> r.repositoryName("app")));
  }

  @Test
  void deleteTakesTagsAndPoliciesWithIt() {
    ecr.createRepository(r -> r.repositoryName("app").tags(tag("a", "b")));
    ecr.setRepositoryPolicy(
        r ->
            r.repositoryName("app")
                .policyText("{\"Statement\":{\"Principal\":\"*\",\"Action\":\"ecr:*\"}}"));
    ecr.deleteRepository(r -> r.repositoryName("app"));

    fixture.createRepository("app");

    assertTrue(ecr.listTagsForResource(r -> r.resourceArn(ARN_PREFIX + "app")).tags().isEmpty());
    assertThrows(
        RepositoryPolicyNotFoundException.class,
        () -> ecr.getRepositoryPolicy(r -> r.repositoryName("app")));
  }

  @Test
  void tagMutabilityAndScanningCanChangeAfterCreation() {
    fixture.createRepository("app");

    var mutability =
        ecr.putImageTagMutability(
            r -> r.repositoryName("app").imageTagMutability(ImageTagMutability.IMMUTABLE));
    var scanning =
        ecr.putImageScanningConfiguration(
            r -> r.repositoryName("app").imageScanningConfiguration(s -> s.scanOnPush(true)));

    assertEquals(ImageTagMutability.IMMUTABLE, mutability.imageTagMutability());
    assertTrue(scanning.imageScanningConfiguration().scanOnPush());
    RepositorySnapshot snapshot = fixture.emulator.repository(REGION, "app").orElseThrow();
    assertEquals("IMMUTABLE", snapshot.imageTagMutability());
    assertTrue(snapshot.scanOnPush());
  }

  @Test
  void exclusionFiltersGoOnlyWithTheExclusionModes() {
    fixture.createRepository("app");

    assertThrows(
        InvalidParameterException.class,
        () ->
            ecr.putImageTagMutability(
                r ->
                    r.repositoryName("app")
                        .imageTagMutability(ImageTagMutability.MUTABLE_WITH_EXCLUSION)));
    assertThrows(
        InvalidParameterException.class,
        () ->
            ecr.putImageTagMutability(
                r ->
                    r.repositoryName("app")
                        .imageTagMutability(ImageTagMutability.IMMUTABLE)
                        .imageTagMutabilityExclusionFilters(
                            f -> f.filterType("WILDCARD").filter("dev-*"))));
    assertThrows(
        InvalidParameterException.class,
        () ->
            ecr.putImageTagMutability(
                r -> r.repositoryName("app").imageTagMutability("SOMETIMES")));
    assertEquals(
        "MUTABLE", fixture.emulator.repository(REGION, "app").orElseThrow().imageTagMutability());
  }

  @Test
  void exclusionFiltersAreOneToFiveWildcardsOfEcrsPattern() {
    fixture.createRepository("app");
    List<String> five = List.of("dev-*", "*.rc", "a_b", "*-SNAPSHOT-*", "x".repeat(128));

    var put = putWithExclusion(five);
    RepositorySnapshot snapshot = fixture.emulator.repository(REGION, "app").orElseThrow();

    assertEquals(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION, put.imageTagMutability());
    assertEquals(
        five,
        put.imageTagMutabilityExclusionFilters().stream()
            .map(ImageTagMutabilityExclusionFilter::filter)
            .toList());
    assertEquals(five, snapshot.imageTagMutabilityExclusionFilters());
    for (List<String> bad :
        List.of(
            List.of("a", "b", "c", "d", "e", "f"),
            List.of("dev/*"),
            List.of("v 1"),
            List.of("x".repeat(129)),
            List.of(""))) {
      assertThrows(InvalidParameterException.class, () -> putWithExclusion(bad), bad.toString());
    }
    assertEquals(
        five,
        fixture
            .emulator
            .repository(REGION, "app")
            .orElseThrow()
            .imageTagMutabilityExclusionFilters(),
        "a refused request changes nothing");
  }

  @Test
  void anEmptyFilterListIsRefusedEvenWithoutExclusion() {
    fixture.createRepository("app");

    var e =
        assertThrows(
            InvalidParameterException.class,
            () ->
                ecr.putImageTagMutability(
                    r ->
                        r.repositoryName("app")
                            .imageTagMutability(ImageTagMutability.IMMUTABLE)
                            .imageTagMutabilityExclusionFilters(List.of())));
    assertThrows(
        InvalidParameterException.class,
        () ->
            ecr.createRepository(
                r -> r.repositoryName("other").imageTagMutabilityExclusionFilters(List.of())));

    assertTrue(e.getMessage().contains("imageTagMutabilityExclusionFilters"), e.getMessage());
    assertTrue(fixture.emulator.repository(REGION, "other").isEmpty());
  }

  private PutImageTagMutabilityResponse putWithExclusion(List<String> filters) {
    return ecr.putImageTagMutability(
        r ->
            r.repositoryName("app")
                .imageTagMutability(ImageTagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(
                    filters.stream()
                        .map(
                            f ->
                                ImageTagMutabilityExclusionFilter.builder()
                                    .filterType(ImageTagMutabilityExclusionFilterType.WILDCARD)
                                    .filter(f)
                                    .build())
                        .toList()));
  }

  @Test
  void repositoryPolicyRoundTripsInEcrsLayoutAndMustBeJson() {
    fixture.createRepository("app");
    String policy =
        """
        {"Version": "2012-10-17",
         "Statement": [{"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "*"},
                        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """;
    // As the AWS CLI's examples show ECR's answers.
    String stored =
        "{\n"
            + "  \"Version\" : \"2012-10-17\",\n"
            + "  \"Statement\" : [ {\n"
            + "    \"Sid\" : \"pull\",\n"
            + "    \"Effect\" : \"Allow\",\n"
            + "    \"Principal\" : {\n"
            + "      \"AWS\" : \"*\"\n"
            + "    },\n"
            + "    \"Action\" : [ \"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\" ]\n"
            + "  } ]\n"
            + "}";

    assertThrows(
        RepositoryPolicyNotFoundException.class,
        () -> ecr.getRepositoryPolicy(r -> r.repositoryName("app")));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.setRepositoryPolicy(r -> r.repositoryName("app").policyText("{not json")));
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.setRepositoryPolicy(r -> r.repositoryName("app").policyText("[]")));
    var set = ecr.setRepositoryPolicy(r -> r.repositoryName("app").policyText(policy));

    assertEquals(stored, set.policyText());
    assertEquals(stored, ecr.getRepositoryPolicy(r -> r.repositoryName("app")).policyText());
    assertEquals(stored, ecr.deleteRepositoryPolicy(r -> r.repositoryName("app")).policyText());
    assertNull(fixture.emulator.repository(REGION, "app").orElseThrow().repositoryPolicyText());
    assertThrows(
        RepositoryPolicyNotFoundException.class,
        () -> ecr.deleteRepositoryPolicy(r -> r.repositoryName("app")));
  }

  @Test
  void operationsOnAMissingRepositoryAreNotFound() {
    assertThrows(
        RepositoryNotFoundException.class,
        () ->
            ecr.setRepositoryPolicy(
                r ->
                    r.repositoryName("absent")
                        .policyText(
                            "{\"Statement\": {\"Principal\": \"*\", \"Action\": \"ecr:*\"}}")));
    assertThrows(
        RepositoryNotFoundException.class,
        () ->
            ecr.putImageTagMutability(
                r -> r.repositoryName("absent").imageTagMutability(ImageTagMutability.MUTABLE)));
    assertThrows(
        RepositoryNotFoundException.class,
        () -> ecr.getLifecyclePolicy(r -> r.repositoryName("absent")));
    assertThrows(
        RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("absent")));
  }

  @Test
  void aRegistryIdOfAnotherAccountIsRefused() {
    fixture.createRepository("app");

    assertEquals(
        1,
        ecr.describeRepositories(r -> r.registryId("123456789012").repositoryNames("app"))
            .repositories()
            .size());
    assertThrows(
        InvalidParameterException.class,
        () -> ecr.describeRepositories(r -> r.registryId("999999999999").repositoryNames("app")));
  }
}
