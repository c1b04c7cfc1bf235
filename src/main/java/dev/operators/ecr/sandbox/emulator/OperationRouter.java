package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.policy.Image;
import java.time.Duration;
import java.util.List;
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
  }

  JsonNode route(String operationName, String region, RequestBody body) {
    EcrOperation operation =
        EcrOperation.byWireName(operationName)
            .orElseThrow(
                () ->
                    EcrError.clientError(
                        "UnknownOperationException",
                        "The emulator does not serve the operation '" + operationName + "'"));
    calls.record(operation, region, namedRepositories(body));
    PlannedFaults.Draw draw = planned.draw(operation);
    pause(draw.delay());
    var fault = faults.next(operation);
    if (fault.isPresent()) {
      throw fault.get().toError();
    }
    if (draw.drop()) {
      throw new DroppedConnection();
    }
    if (draw.fault() != null) {
      throw draw.fault().toError();
    }
    JsonNode answer = apply(operation, region, body);
    if (draw.loseAnswer()) {
      throw new DroppedConnection();
    }
    return answer;
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

  private JsonNode apply(EcrOperation operation, String region, RequestBody body) {
    synchronized (state) {
      InputConstraints.checkRegistryId(body, state.accountId());
      Registry registry = state.registry(region);
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
   * The side door's view of a region: every repository (name, tags, policies, image count) and how
   * many times each name was created; not an ECR operation, so neither counted nor faulted.
   */
  JsonNode state(RequestBody body) {
    String region = body.requiredString("region");
    synchronized (state) {
      Registry registry = state.registry(region);
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
   * the planned faults injected; {@code "reset": true} starts them again.
   */
  JsonNode calls(RequestBody body) {
    boolean reset = body.bool("reset", false);
    CallCounter.Reading reading = calls.read(reset);
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

  /** The side door's fault switch: {@code "plan"} in {@link FaultPlan#parse} form; empty: none. */
  JsonNode faults(RequestBody body) {
    String text = body.string("plan").orElse("");
    FaultPlan plan;
    try {
      plan = FaultPlan.parse(text);
    } catch (IllegalArgumentException e) {
      throw EcrError.clientError("InvalidParameterException", e.getMessage());
    }
    faults.clear();
    planned.set(plan);
    return Shapes.object().put("plan", text);
  }

  /**
   * The side door's view of one repository's images: each image's digest and tags, ordered by
   * digest; not an ECR operation, so neither counted nor faulted.
   */
  JsonNode images(RequestBody body) {
    String region = body.requiredString("region");
    String name = body.requiredString("repositoryName");
    synchronized (state) {
      ObjectNode out = Shapes.object();
      ArrayNode images = out.putArray("images");
      for (StoredImage stored : state.registry(region).require(name).images()) {
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
   * Tags move as a push moves them. Not an ECR operation, so neither counted nor faulted; images
   * before one that is refused stay pushed.
   */
  JsonNode push(RequestBody body) {
    String region = body.requiredString("region");
    List<RequestBody> images = body.structures("images").orElse(List.of());
    synchronized (state) {
      Registry registry = state.registry(region);
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

  /** The side door's lifecycle run; not an ECR operation, so neither counted nor faulted. */
  JsonNode runLifecycle(RequestBody body) {
    synchronized (state) {
      return lifecycle.run(body);
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
