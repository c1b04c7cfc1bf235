package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.policy.Image;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sends each request to its operation, after counting it and answering any injected fault (counted
 * and standing faults first, then those of the fault plan); the operations themselves run one at a
 * time under the state lock.
 */
final class OperationRouter {
  private static final String ARN_REPOSITORY = ":repository/";

  private final EcrState state;
  private final CallCounter calls;
  private final Faults faults;
  private final PlannedFaults planned;
  private final RepositoryOperations repositories;
  private final ImageOperations images;
  private final LifecycleOperations lifecycle;
  private final PullThroughCacheOperations pullThroughCache;
  private final CreationTemplateOperations creationTemplates;
  private final RegistrySettingsOperations registrySettings;
  private final StsOperations sts;

  OperationRouter(
      EcrState state,
      CallCounter calls,
      Faults faults,
      PlannedFaults planned,
      LifecycleOperations lifecycle) {
    this.state = state;
    this.calls = calls;
    this.faults = faults;
    this.planned = planned;
    this.repositories = new RepositoryOperations(state);
    this.images = new ImageOperations(state);
    this.lifecycle = lifecycle;
    this.pullThroughCache = new PullThroughCacheOperations(state);
    this.creationTemplates = new CreationTemplateOperations(state);
    this.registrySettings = new RegistrySettingsOperations(state);
    this.sts = new StsOperations(state);
  }

  /**
   * Whom a request signed with {@code accessKeyId} belongs to, at the emulator's time.
   *
   * @throws Accounts.RefusedCredentials for an unknown or expired temporary key
   */
  Caller caller(String accessKeyId, String sessionToken) {
    return state.accounts().caller(accessKeyId, sessionToken, state.now());
  }

  /** The side door's {@code "account"}: the default account when absent. */
  private String account(RequestBody body) {
    String account = body.string("account").orElse(state.accountId());
    try {
      return Accounts.requireAccount(account);
    } catch (IllegalArgumentException e) {
      throw EcrError.invalidParameter("account", "must satisfy regular expression '[0-9]{12}'");
    }
  }

  JsonNode route(String operationName, Caller caller, String region, RequestBody body) {
    EcrOperation operation =
        EcrOperation.byWireName(operationName)
            .orElseThrow(
                () ->
                    EcrError.clientError(
                        "UnknownOperationException",
                        "The emulator does not serve the operation '" + operationName + "'"));
    String account = caller.accountId();
    Set<String> named = namedRepositories(body);
    calls.record(account, operation, region, named);
    PlannedFaults.Draw draw = planned.draw(account, operation);
    pause(draw.delay());
    var fault = faults.next(account, operation.wireName());
    if (fault.isPresent()) {
      throw fault.get().toError();
    }
    if (faults.denied(account, operation.wireName())) {
      throw EcrError.accessDenied(caller, operation.wireName(), resource(account, region, named));
    }
    if (draw.drop()) {
      throw new DroppedConnection();
    }
    if (draw.fault() != null) {
      throw draw.fault().toError();
    }
    JsonNode answer = apply(operation, account, region, body);
    if (draw.loseAnswer()) {
      throw new DroppedConnection();
    }
    return answer;
  }

  /**
   * An STS request (Query protocol): counted in the caller's account and faulted as ECR's are
   * (counted and standing faults; the fault plan is ECR's only); answers the XML document.
   */
  String routeSts(String action, Caller caller, Map<String, String> form) {
    StsOperation operation =
        StsOperation.byWireName(action)
            .orElseThrow(
                () ->
                    EcrError.clientError(
                        "InvalidAction",
                        "Could not find operation " + action + " for version 2011-06-15"));
    calls.record(caller.accountId(), operation);
    var fault = faults.next(caller.accountId(), operation.wireName());
    if (fault.isPresent()) {
      throw fault.get().toError();
    }
    return switch (operation) {
      case ASSUME_ROLE -> sts.assumeRole(caller, form);
      case GET_CALLER_IDENTITY -> sts.getCallerIdentity(caller);
    };
  }

  // What an access denial names: the repository the request names, when it names one; else "*".
  private static String resource(String account, String region, Set<String> named) {
    return named.size() == 1
        ? "arn:aws:ecr:" + region + ":" + account + ARN_REPOSITORY + named.iterator().next()
        : "*";
  }

  /**
   * The repositories a request names, for the counts only: by {@code repositoryName}, {@code
   * repositoryNames} or {@code resourceArn}, read leniently (a malformed request names none, and is
   * refused by its operation).
   */
  private static Set<String> namedRepositories(RequestBody body) {
    Set<String> names = new TreeSet<>(body.texts("repositoryName"));
    names.addAll(body.texts("repositoryNames"));
    for (String arn : body.texts("resourceArn")) {
      int at = arn.indexOf(ARN_REPOSITORY);
      if (at >= 0) {
        names.add(arn.substring(at + ARN_REPOSITORY.length()));
      }
    }
    return names;
  }

  private JsonNode apply(EcrOperation operation, String account, String region, RequestBody body) {
    synchronized (state) {
      InputConstraints.checkRegistryId(body, account);
      Registry registry = state.registry(account, region);
      return switch (operation) {
        case CREATE_REPOSITORY -> repositories.createRepository(registry, body);
        case DESCRIBE_REPOSITORIES -> repositories.describeRepositories(registry, body);
        case DELETE_REPOSITORY -> repositories.deleteRepository(registry, body);
        case PUT_IMAGE_TAG_MUTABILITY -> repositories.putImageTagMutability(registry, body);
        case PUT_IMAGE_SCANNING_CONFIGURATION ->
            repositories.putImageScanningConfiguration(registry, body);
        case SET_REPOSITORY_POLICY -> repositories.setRepositoryPolicy(registry, body);
        case GET_REPOSITORY_POLICY -> repositories.getRepositoryPolicy(registry, body);
        case DELETE_REPOSITORY_POLICY -> repositories.deleteRepositoryPolicy(registry, body);
        case TAG_RESOURCE -> repositories.tagResource(registry, body);
        case UNTAG_RESOURCE -> repositories.untagResource(registry, body);
        case LIST_TAGS_FOR_RESOURCE -> repositories.listTagsForResource(registry, body);
        case PUT_LIFECYCLE_POLICY -> lifecycle.putLifecyclePolicy(registry, body);
        case GET_LIFECYCLE_POLICY -> lifecycle.getLifecyclePolicy(registry, body);
        case DELETE_LIFECYCLE_POLICY -> lifecycle.deleteLifecyclePolicy(registry, body);
        case START_LIFECYCLE_POLICY_PREVIEW ->
            lifecycle.startLifecyclePolicyPreview(registry, body);
        case GET_LIFECYCLE_POLICY_PREVIEW -> lifecycle.getLifecyclePolicyPreview(registry, body);
        case PUT_IMAGE -> images.putImage(registry, body);
        case BATCH_GET_IMAGE -> images.batchGetImage(registry, body);
        case DESCRIBE_IMAGES -> images.describeImages(registry, body);
        case LIST_IMAGES -> images.listImages(registry, body);
        case BATCH_DELETE_IMAGE -> images.batchDeleteImage(registry, body);
        case CREATE_PULL_THROUGH_CACHE_RULE ->
            pullThroughCache.createPullThroughCacheRule(registry, body);
        case DESCRIBE_PULL_THROUGH_CACHE_RULES ->
            pullThroughCache.describePullThroughCacheRules(registry, body);
        case UPDATE_PULL_THROUGH_CACHE_RULE ->
            pullThroughCache.updatePullThroughCacheRule(registry, body);
        case DELETE_PULL_THROUGH_CACHE_RULE ->
            pullThroughCache.deletePullThroughCacheRule(registry, body);
        case VALIDATE_PULL_THROUGH_CACHE_RULE ->
            pullThroughCache.validatePullThroughCacheRule(registry, body);
        case CREATE_REPOSITORY_CREATION_TEMPLATE ->
            creationTemplates.createRepositoryCreationTemplate(registry, body);
        case DESCRIBE_REPOSITORY_CREATION_TEMPLATES ->
            creationTemplates.describeRepositoryCreationTemplates(registry, body);
        case UPDATE_REPOSITORY_CREATION_TEMPLATE ->
            creationTemplates.updateRepositoryCreationTemplate(registry, body);
        case DELETE_REPOSITORY_CREATION_TEMPLATE ->
            creationTemplates.deleteRepositoryCreationTemplate(registry, body);
        case PUT_REPLICATION_CONFIGURATION ->
            registrySettings.putReplicationConfiguration(registry, body);
        case DESCRIBE_REGISTRY -> registrySettings.describeRegistry(registry, body);
        case PUT_REGISTRY_SCANNING_CONFIGURATION ->
            registrySettings.putRegistryScanningConfiguration(registry, body);
        case GET_REGISTRY_SCANNING_CONFIGURATION ->
            registrySettings.getRegistryScanningConfiguration(registry, body);
        case PUT_REGISTRY_POLICY -> registrySettings.putRegistryPolicy(registry, body);
        case GET_REGISTRY_POLICY -> registrySettings.getRegistryPolicy(registry, body);
        case DELETE_REGISTRY_POLICY -> registrySettings.deleteRegistryPolicy(registry, body);
        case PUT_SIGNING_CONFIGURATION -> registrySettings.putSigningConfiguration(registry, body);
        case GET_SIGNING_CONFIGURATION -> registrySettings.getSigningConfiguration(registry, body);
        case DELETE_SIGNING_CONFIGURATION ->
            registrySettings.deleteSigningConfiguration(registry, body);
        case REGISTER_PULL_TIME_UPDATE_EXCLUSION ->
            registrySettings.registerPullTimeUpdateExclusion(registry, body);
        case DEREGISTER_PULL_TIME_UPDATE_EXCLUSION ->
            registrySettings.deregisterPullTimeUpdateExclusion(registry, body);
        case LIST_PULL_TIME_UPDATE_EXCLUSIONS ->
            registrySettings.listPullTimeUpdateExclusions(registry, body);
      };
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The side door's view of a region of an account ({@code "account"}, the default one when
   * absent): every repository (name, tags, policies, image count) and how many times each name was
   * created; not an ECR operation, so neither counted nor faulted.
   */
  JsonNode state(RequestBody body) {
    String region = body.requiredString("region");
    String account = account(body);
    synchronized (state) {
      Registry registry = state.registry(account, region);
      ObjectNode out = Shapes.object();
      ArrayNode repositories = out.putArray("repositories");
      for (StoredRepository stored : registry.repositories()) {
        RepositorySnapshot repository = RepositorySnapshot.of(region, stored);
        ObjectNode node = repositories.addObject();
        node.put("repositoryName", repository.name());
        node.put("repositoryArn", repository.arn());
        ObjectNode tags = node.putObject("tags");
        new TreeMap<>(repository.tags()).forEach(tags::put);
        node.put("lifecyclePolicyText", repository.lifecyclePolicyText());
        node.put("repositoryPolicyText", repository.repositoryPolicyText());
        node.put("imageCount", repository.imageCount());
      }
      ObjectNode creations = out.putObject("creations");
      registry.creations().forEach(creations::put);
      return out;
    }
  }

  /**
   * The side door's call counts by operation, the distinct repositories each operation named, and
   * the planned faults injected; {@code "reset": true} starts them again. With {@code "account"},
   * that account's calls only; without, every account's (the planned faults are always the total).
   */
  JsonNode calls(RequestBody body) {
    boolean reset = body.bool("reset", false);
    String account = body.has("account") ? account(body) : null;
    CallCounter.Reading reading = calls.read(account, reset);
    ObjectNode out = Shapes.object();
    ObjectNode counts = out.putObject("calls");
    reading.calls().forEach(counts::put);
    ObjectNode repositories = out.putObject("repositories");
    reading.repositories().forEach(repositories::put);
    out.put("writes", reading.writes());
    ObjectNode injected = out.putObject("faults");
    planned.injected().forEach(injected::put);
    if (reset) {
      planned.resetInjected();
    }
    return out;
  }

  /**
   * The side door's fault switch: {@code "plan"} in {@link FaultPlan#parse} form; empty: none. An
   * {@code "account"} limits the plan to that account's calls, as its {@code accounts} entry does.
   */
  JsonNode faults(RequestBody body) {
    String text = body.string("plan").orElse("");
    FaultPlan plan;
    try {
      plan = FaultPlan.parse(text);
      if (body.has("account")) {
        plan = FaultPlan.parse(text.isBlank() ? "" : text + ",accounts=" + account(body));
      }
    } catch (IllegalArgumentException e) {
      throw EcrError.clientError("InvalidParameterException", e.getMessage());
    }
    faults.clear();
    planned.set(plan);
    return Shapes.object().put("plan", text);
  }

  /**
   * The side door's view of one repository's images (of {@code "account"}, the default one when
   * absent): each image's digest and tags, ordered by digest; not an ECR operation, so neither
   * counted nor faulted.
   */
  JsonNode images(RequestBody body) {
    String region = body.requiredString("region");
    String name = body.requiredString("repositoryName");
    String account = account(body);
    synchronized (state) {
      ObjectNode out = Shapes.object();
      ArrayNode images = out.putArray("images");
      for (StoredImage stored : state.registry(account, region).require(name).images()) {
        ObjectNode image = images.addObject();
        image.put("imageDigest", stored.digest());
        ArrayNode tags = image.putArray("imageTags");
        new TreeSet<>(stored.tags()).forEach(tags::add);
      }
      return out;
    }
  }

  /**
   * The side door's push: seeds images, as {@link EcrEmulator#pushImage(String, String, Image)}
   * does, into repositories that exist or that a create-on-push template makes: {@code {"region":
   * ..., "images": [{"repositoryName": ..., "imageDigest": "sha256:...", "imageTags": [...]}]}}.
   * Tags move as a push moves them. An {@code "account"} pushes into that account's registry (the
   * default one when absent). Not an ECR operation, so neither counted nor faulted; images before
   * one that is refused stay pushed.
   */
  JsonNode push(RequestBody body) {
    String region = body.requiredString("region");
    String account = account(body);
    List<RequestBody> images = body.structures("images").orElse(List.of());
    synchronized (state) {
      Registry registry = state.registry(account, region);
      for (RequestBody image : images) {
        String name = image.requiredString("repositoryName");
        String digest = image.requiredString("imageDigest");
        if (!Image.isSha256Digest(digest)) {
          throw EcrError.clientError(
              "InvalidParameterException", "imageDigest must be sha256: and 64 hex digits");
        }
        List<String> tags = image.strings("imageTags").orElse(List.of());
        tags.forEach(tag -> InputConstraints.checkImageTag("imageTags", tag));
        Image seeded = Image.pushed(digest, tags, state.now());
        CreationTemplateOperations.repositoryForPush(registry, name, state.now())
            .push(StoredImage.of(seeded, SeededManifest.defaultSize(digest)), tags, state.now());
      }
    }
    return Shapes.object().put("pushed", images.size());
  }

  /**
   * The side door's lifecycle run, in {@code "account"} (the default one when absent); not an ECR
   * operation, so neither counted nor faulted.
   */
  JsonNode runLifecycle(RequestBody body) {
    String account = account(body);
    synchronized (state) {
      return lifecycle.run(account, body);
    }
  }

  /**
   * The side door's upstream switch for ValidatePullThroughCacheRule: {@code {"unreachableUrls":
   * [...], "refusedCredentials": [...]}} replaces what was set (an empty body: everything reachable
   * and accepted) and answers what is set now. Not an ECR operation, so neither counted nor
   * faulted.
   */
  JsonNode upstreams(RequestBody body) {
    List<String> urls = body.strings("unreachableUrls").orElse(List.of());
    List<String> credentials = body.strings("refusedCredentials").orElse(List.of());
    synchronized (state) {
      Upstreams upstreams = state.upstreams();
      upstreams.clear();
      urls.forEach(upstreams::unreachable);
      credentials.forEach(upstreams::refused);
      ObjectNode out = Shapes.object();
      out.set("unreachableUrls", Shapes.strings(new TreeSet<>(upstreams.unreachableUrls())));
      out.set("refusedCredentials", Shapes.strings(new TreeSet<>(upstreams.refusedCredentials())));
      return out;
    }
  }
}
