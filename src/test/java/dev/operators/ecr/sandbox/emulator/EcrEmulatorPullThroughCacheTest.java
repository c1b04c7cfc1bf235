package dev.operators.ecr.sandbox.emulator;

import static dev.operators.ecr.sandbox.emulator.EmulatorFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.CreatePullThroughCacheRuleRequest;
import software.amazon.awssdk.services.ecr.model.CreatePullThroughCacheRuleResponse;
import software.amazon.awssdk.services.ecr.model.DeletePullThroughCacheRuleResponse;
import software.amazon.awssdk.services.ecr.model.DescribePullThroughCacheRulesResponse;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LimitExceededException;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRule;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRuleAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRuleNotFoundException;
import software.amazon.awssdk.services.ecr.model.SecretNotFoundException;
import software.amazon.awssdk.services.ecr.model.UnsupportedUpstreamRegistryException;
import software.amazon.awssdk.services.ecr.model.UpdatePullThroughCacheRuleRequest;
import software.amazon.awssdk.services.ecr.model.UpdatePullThroughCacheRuleResponse;
import software.amazon.awssdk.services.ecr.model.UpstreamRegistry;
import software.amazon.awssdk.services.ecr.model.ValidatePullThroughCacheRuleResponse;

/** Pull-through cache rules through the real SDK client. */
class EcrEmulatorPullThroughCacheTest {
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/docker-hub";
  private static final String OTHER_SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/other";
  private static final String ROLE = "arn:aws:iam::123456789012:role/ptc";

  private final EmulatorFixture fixture = new EmulatorFixture();
  private final EcrClient ecr = fixture.ecr;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private CreatePullThroughCacheRuleResponse create(
      Consumer<CreatePullThroughCacheRuleRequest.Builder> request) {
    return ecr.createPullThroughCacheRule(request);
  }

  private void quay(String prefix) {
    create(r -> r.ecrRepositoryPrefix(prefix).upstreamRegistryUrl("quay.io"));
  }

  private void dockerHub(String prefix) {
    create(
        r ->
            r.ecrRepositoryPrefix(prefix)
                .upstreamRegistryUrl("registry-1.docker.io")
                .upstreamRegistry(UpstreamRegistry.DOCKER_HUB)
                .credentialArn(SECRET));
  }

  private static <T extends AwsServiceException> void refused(
      Class<T> type, String code, org.junit.jupiter.api.function.Executable call) {
    T e = assertThrows(type, call);
    assertEquals(code, e.awsErrorDetails().errorCode());
  }

  private void invalidUpdate(Consumer<UpdatePullThroughCacheRuleRequest.Builder> request) {
    refused(
        InvalidParameterException.class,
        "InvalidParameterException",
        () -> ecr.updatePullThroughCacheRule(request));
  }

  private void invalid(Consumer<CreatePullThroughCacheRuleRequest.Builder> request) {
    refused(InvalidParameterException.class, "InvalidParameterException", () -> create(request));
  }

  @Test
  void createAnswersTheRuleAndDescribeFindsIt() {
    CreatePullThroughCacheRuleResponse created =
        create(
            r ->
                r.ecrRepositoryPrefix("docker-hub")
                    .upstreamRegistryUrl("registry-1.docker.io")
                    .upstreamRegistry(UpstreamRegistry.DOCKER_HUB)
                    .credentialArn(SECRET));

    assertEquals("docker-hub", created.ecrRepositoryPrefix());
    assertEquals("registry-1.docker.io", created.upstreamRegistryUrl());
    assertEquals(UpstreamRegistry.DOCKER_HUB, created.upstreamRegistry());
    assertEquals(SECRET, created.credentialArn());
    assertEquals(T0, created.createdAt());
    assertEquals("123456789012", created.registryId());
    assertNull(created.customRoleArn());

    PullThroughCacheRule rule =
        ecr.describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("docker-hub"))
            .pullThroughCacheRules()
            .get(0);
    assertEquals("docker-hub", rule.ecrRepositoryPrefix());
    assertEquals(SECRET, rule.credentialArn());
    assertEquals(UpstreamRegistry.DOCKER_HUB, rule.upstreamRegistry());
    assertEquals(T0, rule.updatedAt());
  }

  @Test
  void theUpstreamRegistryIsKnownFromItsUrlWhenLeftOut() {
    quay("quay");
    create(r -> r.ecrRepositoryPrefix("k8s").upstreamRegistryUrl("registry.k8s.io"));

    var rules = ecr.describePullThroughCacheRules(r -> {}).pullThroughCacheRules();
    assertEquals(
        List.of(UpstreamRegistry.K8_S, UpstreamRegistry.QUAY),
        rules.stream().map(PullThroughCacheRule::upstreamRegistry).toList());
  }

  @Test
  void describeWithoutPrefixesPagesThroughEveryRuleInPrefixOrder() {
    for (int i = 0; i < 5; i++) {
      quay("cache" + i);
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String from = token;
      DescribePullThroughCacheRulesResponse page =
          ecr.describePullThroughCacheRules(r -> r.maxResults(2).nextToken(from));
      page.pullThroughCacheRules().forEach(rule -> seen.add(rule.ecrRepositoryPrefix()));
      token = page.nextToken();
      pages++;
    } while (token != null);

    assertEquals(List.of("cache0", "cache1", "cache2", "cache3", "cache4"), seen);
    assertEquals(3, pages);
  }

  @Test
  void describeOfAPrefixWithoutARuleIsNotFound() {
    quay("quay");
    refused(
        PullThroughCacheRuleNotFoundException.class,
        "PullThroughCacheRuleNotFoundException",
        () -> ecr.describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("quay", "missing")));
  }

  @Test
  void aSecondRuleForTheSamePrefixAlreadyExistsTrailingSlashOrNot() {
    quay("quay");
    refused(
        PullThroughCacheRuleAlreadyExistsException.class,
        "PullThroughCacheRuleAlreadyExistsException",
        () -> quay("quay/"));
  }

  @Test
  void fiftyRulesPerRegistryAndNoMore() {
    for (int i = 0; i < PullThroughCacheOperations.MAX_RULES; i++) {
      quay("cache" + i);
    }
    refused(LimitExceededException.class, "LimitExceededException", () -> quay("one-more"));
    // Another region is another registry.
    fixture
        .otherRegion()
        .createPullThroughCacheRule(
            r -> r.ecrRepositoryPrefix("quay").upstreamRegistryUrl("quay.io"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Upper", "-lead", "a//b", "thirty-one-characters-long-name"})
  void aPrefixOutsideTheModelsPatternOrLengthIsInvalid(String prefix) {
    refused(InvalidParameterException.class, "InvalidParameterException", () -> quay(prefix));
  }

  @Test
  void rootIsAPrefix() {
    quay("ROOT");
    assertEquals(
        "ROOT",
        ecr.describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("ROOT"))
            .pullThroughCacheRules()
            .get(0)
            .ecrRepositoryPrefix());
  }

  @Test
  void anUnknownUpstreamOrAUrlOfAnotherUpstreamIsUnsupported() {
    refused(
        UnsupportedUpstreamRegistryException.class,
        "UnsupportedUpstreamRegistryException",
        () -> create(r -> r.ecrRepositoryPrefix("mine").upstreamRegistryUrl("registry.example")));
    refused(
        UnsupportedUpstreamRegistryException.class,
        "UnsupportedUpstreamRegistryException",
        () ->
            create(
                r ->
                    r.ecrRepositoryPrefix("mine")
                        .upstreamRegistryUrl("quay.io")
                        .upstreamRegistry(UpstreamRegistry.K8_S)));
  }

  @Test
  void upstreamsThatNeedASecretRefuseARuleWithoutOne() {
    invalid(
        r ->
            r.ecrRepositoryPrefix("gh")
                .upstreamRegistryUrl("ghcr.io")
                .upstreamRegistry(UpstreamRegistry.GITHUB_CONTAINER_REGISTRY));
  }

  @Test
  void upstreamsWithoutAuthenticationRefuseASecret() {
    invalid(
        r -> r.ecrRepositoryPrefix("quay").upstreamRegistryUrl("quay.io").credentialArn(SECRET));
  }

  @Test
  void aSecretOutsideTheModelsPatternIsInvalidAndOneOfAnotherRegionIsNotFound() {
    invalid(
        r ->
            r.ecrRepositoryPrefix("hub")
                .upstreamRegistryUrl("registry-1.docker.io")
                .credentialArn(
                    "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-creds"));
    refused(
        SecretNotFoundException.class,
        "SecretNotFoundException",
        () ->
            create(
                r ->
                    r.ecrRepositoryPrefix("hub")
                        .upstreamRegistryUrl("registry-1.docker.io")
                        .credentialArn(SECRET.replace("eu-west-1", "us-east-1"))));
  }

  @Test
  void anEcrUpstreamInAnotherAccountNeedsARoleAndTakesAnUpstreamPrefix() {
    String url = "210987654321.dkr.ecr.eu-west-1.amazonaws.com";
    invalid(r -> r.ecrRepositoryPrefix("team").upstreamRegistryUrl(url));

    CreatePullThroughCacheRuleResponse created =
        create(
            r ->
                r.ecrRepositoryPrefix("team")
                    .upstreamRegistryUrl(url)
                    .upstreamRegistry(UpstreamRegistry.ECR)
                    .customRoleArn(ROLE)
                    .upstreamRepositoryPrefix("upstream-team"));
    assertEquals(ROLE, created.customRoleArn());
    assertEquals("upstream-team", created.upstreamRepositoryPrefix());

    // The same account needs no role; the upstream prefix is ROOT unless given.
    CreatePullThroughCacheRuleResponse own =
        create(
            r ->
                r.ecrRepositoryPrefix("own")
                    .upstreamRegistryUrl("123456789012.dkr.ecr.us-east-1.amazonaws.com"));
    assertEquals("ROOT", own.upstreamRepositoryPrefix());
    assertEquals(UpstreamRegistry.ECR, own.upstreamRegistry());
  }

  @Test
  void onlyAnEcrUpstreamTakesARoleOrAnUpstreamPrefixAndRootTakesNoUpstreamPrefix() {
    invalid(r -> r.ecrRepositoryPrefix("quay").upstreamRegistryUrl("quay.io").customRoleArn(ROLE));
    invalid(
        r ->
            r.ecrRepositoryPrefix("quay")
                .upstreamRegistryUrl("quay.io")
                .upstreamRepositoryPrefix("upstream"));
    invalid(
        r ->
            r.ecrRepositoryPrefix("ROOT")
                .upstreamRegistryUrl("123456789012.dkr.ecr.us-east-1.amazonaws.com")
                .upstreamRepositoryPrefix("upstream"));
  }

  @Test
  void updateChangesTheCredentialAndKeepsWhatIsLeftOut() {
    dockerHub("hub");
    fixture.clock.set(T0.plus(Duration.ofHours(1)));

    UpdatePullThroughCacheRuleResponse updated =
        ecr.updatePullThroughCacheRule(
            r -> r.ecrRepositoryPrefix("hub").credentialArn(OTHER_SECRET));

    assertEquals(OTHER_SECRET, updated.credentialArn());
    assertEquals(T0.plus(Duration.ofHours(1)), updated.updatedAt());
    PullThroughCacheRule rule =
        ecr.describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("hub"))
            .pullThroughCacheRules()
            .get(0);
    assertEquals(OTHER_SECRET, rule.credentialArn());
    assertEquals("registry-1.docker.io", rule.upstreamRegistryUrl());
    assertEquals(T0, rule.createdAt());
    assertEquals(T0.plus(Duration.ofHours(1)), rule.updatedAt());
  }

  @Test
  void updateChangesTheRoleOfAnEcrUpstreamRule() {
    create(
        r ->
            r.ecrRepositoryPrefix("team")
                .upstreamRegistryUrl("210987654321.dkr.ecr.eu-west-1.amazonaws.com")
                .customRoleArn(ROLE));
    String other = "arn:aws:iam::123456789012:role/other";

    UpdatePullThroughCacheRuleResponse updated =
        ecr.updatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("team").customRoleArn(other));

    assertEquals(other, updated.customRoleArn());
    assertEquals("ROOT", updated.upstreamRepositoryPrefix());
    assertEquals(
        other,
        ecr.describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes("team"))
            .pullThroughCacheRules()
            .get(0)
            .customRoleArn());
    invalidUpdate(r -> r.ecrRepositoryPrefix("team").customRoleArn("not-a-role"));
  }

  @Test
  void updateOfAMissingRuleIsNotFoundAndAnUpdateBreakingTheCredentialRulesIsInvalid() {
    refused(
        PullThroughCacheRuleNotFoundException.class,
        "PullThroughCacheRuleNotFoundException",
        () ->
            ecr.updatePullThroughCacheRule(
                r -> r.ecrRepositoryPrefix("hub").credentialArn(SECRET)));
    quay("quay");
    invalidUpdate(r -> r.ecrRepositoryPrefix("quay").credentialArn(SECRET));
  }

  @Test
  void deleteAnswersTheDeletedRuleOnceThenNotFound() {
    dockerHub("hub");

    DeletePullThroughCacheRuleResponse deleted =
        ecr.deletePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub"));
    assertEquals("hub", deleted.ecrRepositoryPrefix());
    assertEquals(SECRET, deleted.credentialArn());
    assertEquals("registry-1.docker.io", deleted.upstreamRegistryUrl());
    assertEquals(T0, deleted.createdAt());

    refused(
        PullThroughCacheRuleNotFoundException.class,
        "PullThroughCacheRuleNotFoundException",
        () -> ecr.deletePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")));
    assertTrue(ecr.describePullThroughCacheRules(r -> {}).pullThroughCacheRules().isEmpty());
  }

  @Test
  void validationIsValidByDefaultAndFollowsTheSideDoor() {
    dockerHub("hub");
    quay("quay");

    ValidatePullThroughCacheRuleResponse valid =
        ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub"));
    assertTrue(valid.isValid());
    assertNull(valid.failure());
    assertEquals("registry-1.docker.io", valid.upstreamRegistryUrl());
    assertEquals(SECRET, valid.credentialArn());

    fixture.emulator.credentialRefused(SECRET);
    ValidatePullThroughCacheRuleResponse refused =
        ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub"));
    assertFalse(refused.isValid());
    assertTrue(refused.failure().contains(SECRET), refused.failure());
    assertTrue(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("quay")).isValid());

    fixture.emulator.upstreamUnreachable("quay.io");
    ValidatePullThroughCacheRuleResponse unreachable =
        ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("quay"));
    assertFalse(unreachable.isValid());
    assertTrue(unreachable.failure().contains("quay.io"), unreachable.failure());

    fixture.emulator.clearUpstreamFailures();
    assertTrue(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")).isValid());
    assertTrue(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("quay")).isValid());
  }

  private String upstreamsSideDoor(String body) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(fixture.emulator.endpoint() + "/_emulator/upstreams"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  @Test
  void theUpstreamsSideDoorReplacesWhatIsUnreachableOrRefusedUncounted() throws Exception {
    dockerHub("hub");
    quay("quay");

    String set =
        upstreamsSideDoor(
            "{\"unreachableUrls\":[\"quay.io\"],\"refusedCredentials\":[\"" + SECRET + "\"]}");
    assertEquals(
        "{\"unreachableUrls\":[\"quay.io\"],\"refusedCredentials\":[\"" + SECRET + "\"]}", set);
    assertFalse(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("quay")).isValid());
    assertFalse(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")).isValid());

    upstreamsSideDoor("{\"unreachableUrls\":[\"registry-1.docker.io\"]}");
    assertTrue(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("quay")).isValid());
    assertFalse(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")).isValid());

    upstreamsSideDoor("{}");
    assertTrue(ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")).isValid());
    assertEquals(5, fixture.emulator.callCount("ValidatePullThroughCacheRule"), "only ECR calls");
  }

  @Test
  void validationOfAMissingRuleIsNotFound() {
    refused(
        PullThroughCacheRuleNotFoundException.class,
        "PullThroughCacheRuleNotFoundException",
        () -> ecr.validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix("hub")));
  }

  @Test
  void theOperationsAreCountedAndFaultable() {
    fixture.emulator.failNext("CreatePullThroughCacheRule", 1, Fault.throttling());
    assertThrows(AwsServiceException.class, () -> quay("quay"));
    quay("quay");
    ecr.describePullThroughCacheRules(r -> {});
    assertEquals(2, fixture.emulator.callCount("CreatePullThroughCacheRule"));
    assertEquals(1, fixture.emulator.callCount("DescribePullThroughCacheRules"));
    assertEquals(2, fixture.emulator.writeCallCount());
  }
}
