package dev.operators.ecr.sandbox.emulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.policy.ActionType;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.ImageAction;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.PolicyEvaluator;
import dev.operators.ecr.policy.PolicyProblem;
import dev.operators.ecr.policy.PolicyValidator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lifecycle policies: storing them, previewing them, and running them on a repository. */
final class LifecycleOperations {
  private static final int MAX_PREVIEW_PAGE = 100;
  private static final String TARGET_STORAGE_CLASS = "ARCHIVE";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final EcrState state;

  LifecycleOperations(EcrState state) {
    this.state = state;
  }

  /** Stores and returns the minified text, as ECR does (docs/ecr-semantics.md §V22). */
  JsonNode putLifecyclePolicy(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String text = storedPolicyText(body.requiredString("lifecyclePolicyText"));
    StoredRepository repository = registry.require(name);
    repository.setLifecyclePolicyText(text);
    return Shapes.repositoryResult(repository).put("lifecyclePolicyText", text);
  }

  /**
   * A lifecycle policy text as PutLifecyclePolicy stores it, minified, after the same checks and
   * with the same errors.
   */
  static String storedPolicyText(String text) {
    return minified(validated(text));
  }

  JsonNode getLifecyclePolicy(Registry registry, RequestBody body) {
    StoredRepository repository = registry.require(InputConstraints.repositoryName(body));
    return policyResult(registry, repository);
  }

  JsonNode deleteLifecyclePolicy(Registry registry, RequestBody body) {
    StoredRepository repository = registry.require(InputConstraints.repositoryName(body));
    ObjectNode out = policyResult(registry, repository);
    repository.setLifecyclePolicyText(null);
    return out;
  }

  /** {@code lastEvaluatedAt} is absent until the policy has run. */
  private static ObjectNode policyResult(Registry registry, StoredRepository repository) {
    String text =
        repository
            .lifecyclePolicyText()
            .orElseThrow(
                () -> EcrError.lifecyclePolicyNotFound(repository.name(), registry.accountId()));
    ObjectNode out = Shapes.repositoryResult(repository).put("lifecyclePolicyText", text);
    Shapes.putTimestamp(out, "lastEvaluatedAt", repository.lifecycleLastEvaluatedAt());
    return out;
  }

  /**
   * Evaluates at once, so the preview is complete as soon as it is started; the start answer still
   * says IN_PROGRESS, as ECR's does, so clients poll GetLifecyclePolicyPreview.
   */
  JsonNode startLifecyclePolicyPreview(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    Optional<String> given = body.string("lifecyclePolicyText").map(LifecycleOperations::validated);
    StoredRepository repository = registry.require(name);
    String text =
        given.isPresent()
            ? given.get()
            : repository
                .lifecyclePolicyText()
                .orElseThrow(
                    () ->
                        EcrError.lifecyclePolicyNotFound(repository.name(), registry.accountId()));
    Evaluation evaluation = evaluate(text, repository, state.now());
    repository.setPreview(new StoredRepository.Preview(text, evaluation.actions()));
    return Shapes.repositoryResult(repository)
        .put("lifecyclePolicyText", text)
        .put("status", "IN_PROGRESS");
  }

  JsonNode getLifecyclePolicyPreview(Registry registry, RequestBody body) {
    String name = InputConstraints.repositoryName(body);
    String tagStatus = ImageOperations.tagStatus(body);
    Optional<List<RequestBody>> ids = ImageOperations.imageIds(body, false);
    int pageSize = RepositoryOperations.pageSize(body, MAX_PREVIEW_PAGE);
    StoredRepository repository = registry.require(name);
    StoredRepository.Preview preview =
        repository
            .preview()
            .orElseThrow(
                () ->
                    EcrError.lifecyclePolicyPreviewNotFound(
                        repository.name(), registry.accountId()));
    List<ImageAction> selected =
        preview.actions().stream()
            .filter(a -> ImageOperations.tagStatusMatches(tagStatus, a.image().tags().isEmpty()))
            .filter(a -> ids.isEmpty() || ids.get().stream().anyMatch(id -> names(id, a)))
            .toList();
    Page<ImageAction> page =
        Page.of(
            selected,
            a -> a.image().digest(),
            body.string("nextToken").orElse(null),
            pageSize,
            "nextToken");
    ObjectNode out =
        Shapes.repositoryResult(repository)
            .put("lifecyclePolicyText", preview.policyText())
            .put("status", "COMPLETE");
    ArrayNode results = out.putArray("previewResults");
    page.items().forEach(action -> results.add(previewResult(action)));
    if (page.nextToken() != null) {
      out.put("nextToken", page.nextToken());
    }
    Evaluation all = new Evaluation(preview.actions());
    ObjectNode summary = out.putObject("summary");
    summary.put("expiringImageTotalCount", all.expiring());
    summary
        .putArray("transitioningImageTotalCounts")
        .addObject()
        .put("targetStorageClass", TARGET_STORAGE_CLASS)
        .put("imageTotalCount", all.transitioning());
    return out;
  }

  private static boolean names(RequestBody id, ImageAction action) {
    Optional<String> digest = id.string("imageDigest");
    Optional<String> tag = id.string("imageTag");
    return (digest.isPresent() || tag.isPresent())
        && digest.map(d -> d.equals(action.image().digest())).orElse(true)
        && tag.map(t -> action.image().tags().contains(t)).orElse(true);
  }

  private static ObjectNode previewResult(ImageAction action) {
    ObjectNode result = Shapes.object();
    result.set("imageTags", Shapes.strings(action.image().tags()));
    result.put("imageDigest", action.image().digest());
    result.set("imagePushedAt", Shapes.timestamp(action.image().pushedAt()));
    ObjectNode ruleAction = result.putObject("action").put("type", action.type().name());
    if (action.type() == ActionType.TRANSITION) {
      ruleAction.put("targetStorageClass", TARGET_STORAGE_CLASS);
    }
    result.put("appliedRulePriority", action.rulePriority());
    result.put("storageClass", action.image().storageClass().name());
    return result;
  }

  /** Applies the stored policy: expired images are deleted, transitioned ones archived. */
  LifecycleRun run(Registry registry, String repositoryName, Instant now) {
    StoredRepository repository = registry.require(repositoryName);
    String text =
        repository
            .lifecyclePolicyText()
            .orElseThrow(
                () -> EcrError.lifecyclePolicyNotFound(repository.name(), registry.accountId()));
    Evaluation evaluation = evaluate(text, repository, now);
    for (ImageAction action : evaluation.actions()) {
      String digest = action.image().digest();
      if (action.type() == ActionType.EXPIRE) {
        repository.removeImage(digest);
      } else {
        repository.imageByDigest(digest).ifPresent(image -> image.archive(now));
      }
    }
    repository.setLifecycleLastEvaluatedAt(now);
    return new LifecycleRun(registry.region(), repository.name(), now, evaluation.actions());
  }

  /**
   * The side door's run: {@code {"region", "repositoryName", "now"?}} in, what was done out; times
   * are ISO-8601 here, for people using curl. The repository is {@code account}'s.
   */
  JsonNode run(String account, RequestBody body) {
    String region = body.requiredString("region");
    String name = InputConstraints.repositoryName(body);
    Instant now = body.string("now").map(LifecycleOperations::instant).orElseGet(state::now);
    LifecycleRun run = run(state.registry(account, region), name, now);
    ObjectNode out = Shapes.object();
    out.put("region", run.region());
    out.put("repositoryName", run.repositoryName());
    out.put("evaluatedAt", run.evaluatedAt().toString());
    ArrayNode expired = out.putArray("expired");
    ArrayNode transitioned = out.putArray("transitioned");
    for (ImageAction action : run.actions()) {
      (action.type() == ActionType.EXPIRE ? expired : transitioned)
          .addObject()
          .put("imageDigest", action.image().digest())
          .put("appliedRulePriority", action.rulePriority())
          .set("imageTags", Shapes.strings(action.image().tags()));
    }
    return out;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw EcrError.invalidParameter("now", "must be an ISO-8601 instant");
    }
  }

  private static Evaluation evaluate(String text, StoredRepository repository, Instant now) {
    return PolicyEvaluator.evaluate(
        LifecyclePolicy.parse(text),
        repository.images().stream().map(StoredImage::toPolicyImage).toList(),
        now);
  }

  /**
   * The text if the project's validator accepts it, in ECR's words otherwise (docs/ecr-semantics.md
   * §1.3).
   */
  private static String validated(String text) {
    if (text.length() < LifecyclePolicy.MIN_TEXT_LENGTH
        || text.length() > LifecyclePolicy.MAX_TEXT_LENGTH) {
      throw EcrError.invalidParameter(
          "lifecyclePolicyText",
          "Member must have length between "
              + LifecyclePolicy.MIN_TEXT_LENGTH
              + " and "
              + LifecyclePolicy.MAX_TEXT_LENGTH);
    }
    List<PolicyProblem> problems = PolicyValidator.validate(text);
    if (!problems.isEmpty()) {
      throw policyRejected(
          problems.stream()
              .map(p -> p.path().isEmpty() ? p.message() : p.toString())
              .collect(Collectors.joining("; ")));
    }
    // The project numbers rules without priorities in list order; ECR requires them
    // (docs/ecr-semantics.md §V2).
    if (LifecyclePolicy.parse(text).prioritiesFromListOrder()) {
      throw policyRejected("object has missing required properties ([\"rulePriority\"])");
    }
    return text;
  }

  private static EcrError policyRejected(String details) {
    return EcrError.invalidParameter(
        "LifecyclePolicyText", "Lifecycle policy validation failure: " + details);
  }

  private static String minified(String text) {
    try {
      return MAPPER.writeValueAsString(MAPPER.readTree(text));
    } catch (JacksonException e) {
      throw policyRejected("Could not map policyString into LifecyclePolicy.");
    }
  }
}
