package dev.operators.ecr.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrPullThroughCacheRuleStatus;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.PullThroughCacheValidation;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.status.SettingStatusFactory;
import dev.operators.ecr.status.StatusFactory;
import dev.operators.ecr.sync.SettingOutcome;
import dev.operators.ecr.sync.SyncResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every kind of status {@link StatusFactory} and {@link SettingStatusFactory} write, on a resource
 * as the API server would hold it, with the health a GitOps tool should read from it; plus the
 * resource before its first status and with a spec the operator has not yet observed.
 */
final class StatusSamples {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final OperatorSettings SETTINGS = OperatorSettings.forRegion("eu-west-1");

  /** What a GitOps tool should conclude. */
  enum Health {
    /** ECR matches the spec at this generation. */
    CURRENT,
    /** A person must act. */
    FAILED,
    /** Not there yet; waiting is right. */
    IN_PROGRESS,
    /** A person paused it: not failed, and nothing to wait for. */
    PAUSED
  }

  record Sample(String name, CustomResource<?, ?> resource, Health health) {
    /** The resource as JSON, as the API server serves it. */
    JsonNode json() {
      try {
        return ShipFiles.JSON.readTree(ShipFiles.YAML_KUBERNETES.asJson(resource));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    boolean hasStatus() {
      return resource.getStatus() != null;
    }

    /** The status's conditions, whatever the kind. */
    List<Condition> conditions() {
      return ShipFiles.JSON.convertValue(
          json().path("status").path("conditions"), new TypeReference<List<Condition>>() {});
    }

    Long observedGeneration() {
      JsonNode observed = json().path("status").path("observedGeneration");
      return observed.isNumber() ? observed.asLong() : null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private StatusSamples() {}

  static List<Sample> all() {
    List<Sample> samples = new ArrayList<>();
    samples.add(new Sample("just applied, no status yet", resource(1), Health.IN_PROGRESS));

    EcrRepository creating = resource(1);
    creating.setStatus(StatusFactory.inProgress(creating, NOW));
    samples.add(new Sample("Creating", creating, Health.IN_PROGRESS));

    EcrRepository synced = synced(resource(1), List.of());
    samples.add(new Sample("Synced", synced, Health.CURRENT));

    EcrRepository changed = copy(synced);
    changed.getMetadata().setGeneration(2L);
    samples.add(
        new Sample("Synced, then the spec changed (generation lag)", changed, Health.IN_PROGRESS));

    EcrRepository updating = copy(changed);
    updating.setStatus(StatusFactory.inProgress(updating, NOW));
    samples.add(new Sample("Updating", updating, Health.IN_PROGRESS));

    samples.add(new Sample("Synced again", synced(copy(updating), List.of()), Health.CURRENT));

    EcrRepository firstStalled = null;
    for (String reason :
        List.of(
            Reasons.INVALID_SPEC,
            Reasons.OWNERSHIP_CONFLICT,
            Reasons.ALREADY_EXISTS,
            Reasons.ACCESS_DENIED,
            Reasons.DELETION_BLOCKED)) {
      EcrRepository stalled = copy(synced);
      stalled.setStatus(StatusFactory.stalled(stalled, reason, reason + ": what to change", NOW));
      samples.add(new Sample("Stalled " + reason, stalled, Health.FAILED));
      firstStalled = firstStalled == null ? stalled : firstStalled;
    }

    EcrRepository mismatch =
        synced(resource(1), List.of("encryption is AES256 in ECR, the spec asks for KMS"));
    samples.add(new Sample("EncryptionMismatch", mismatch, Health.FAILED));

    for (String reason : List.of(Reasons.THROTTLED, Reasons.AWS_ERROR)) {
      EcrRepository retrying = copy(synced);
      retrying.setStatus(StatusFactory.retrying(retrying, reason, "retrying with backoff", NOW));
      samples.add(new Sample("Retrying " + reason, retrying, Health.IN_PROGRESS));
    }

    EcrRepository paused = copy(synced);
    paused.setStatus(StatusFactory.paused(paused, List.of(), NOW));
    samples.add(new Sample("Paused, ECR matching", paused, Health.PAUSED));

    EcrRepository pausedChanged = copy(synced);
    pausedChanged.getMetadata().setGeneration(2L);
    pausedChanged.setStatus(StatusFactory.paused(pausedChanged, List.of("lifecyclePolicy"), NOW));
    samples.add(new Sample("Paused, ECR differing", pausedChanged, Health.PAUSED));

    EcrRepository pausedDeletion = copy(synced);
    pausedDeletion.setStatus(
        StatusFactory.pausedDeletion(
            pausedDeletion, "deletionPolicy Retain of ECR repository team-a/api", NOW));
    samples.add(new Sample("Paused while being deleted", pausedDeletion, Health.PAUSED));

    EcrRepository pausedThenChanged = copy(paused);
    pausedThenChanged.getMetadata().setGeneration(2L);
    samples.add(
        new Sample(
            "Paused, then the spec changed (generation lag)",
            pausedThenChanged,
            Health.IN_PROGRESS));

    EcrRepository stalledThenFixed = copy(firstStalled);
    stalledThenFixed.getMetadata().setGeneration(2L);
    samples.add(
        new Sample(
            "Stalled, then the spec changed (generation lag)",
            stalledThenFixed,
            Health.IN_PROGRESS));
    samples.addAll(settings());
    samples.addAll(templates());
    return samples;
  }

  // A repository creation template: the statuses its own passes add (a shared policy waited for,
  // one updated), on the same factory.
  private static List<Sample> templates() {
    var factory = new SettingStatusFactory<>(EcrRepositoryCreationTemplateStatus.class);
    String what = "repository creation template team-a in eu-west-1";
    List<Sample> samples = new ArrayList<>();
    EcrRepositoryCreationTemplate fresh = template();
    samples.add(new Sample("template: just applied, no status yet", fresh, Health.IN_PROGRESS));

    EcrRepositoryCreationTemplate synced = ShipFiles.YAML_KUBERNETES.clone(fresh);
    EcrRepositoryCreationTemplateStatus observed = new EcrRepositoryCreationTemplateStatus();
    observed.setPrefix("team-a");
    observed.setLifecyclePolicy(
        new AppliedLifecyclePolicy("ref", "standard-retention", "sha256:" + "c".repeat(64), null));
    var updated = new SettingOutcome<Void>(SettingOutcome.Action.UPDATED, List.of(), null, null);
    synced.setStatus(factory.synced(synced, observed, updated, what, false, NOW));
    samples.add(new Sample("template: Synced", synced, Health.CURRENT));

    EcrRepositoryCreationTemplate waiting = ShipFiles.YAML_KUBERNETES.clone(synced);
    waiting.setStatus(
        factory.stalled(
            waiting, Reasons.POLICY_NOT_FOUND, "EcrLifecyclePolicy x does not exist", NOW));
    samples.add(new Sample("template: Stalled PolicyNotFound", waiting, Health.FAILED));
    return samples;
  }

  private static EcrRepositoryCreationTemplate template() {
    String yaml =
        String.join(
            "\n",
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRepositoryCreationTemplate",
            "metadata: {name: team-a, uid: 0b7f4c9e-1111-4a8e-9d2c-000000000003}",
            "spec: {prefix: team-a, appliedFor: [CREATE_ON_PUSH],"
                + " lifecyclePolicyRef: {name: standard-retention}}",
            "");
    EcrRepositoryCreationTemplate resource =
        ShipFiles.YAML_KUBERNETES.unmarshal(yaml, EcrRepositoryCreationTemplate.class);
    resource.getMetadata().setGeneration(1L);
    resource.setStatus(null);
    return resource;
  }

  // The registry-level kinds: every status SettingStatusFactory writes, on a pull-through cache
  // rule.
  private static List<Sample> settings() {
    var factory = new SettingStatusFactory<>(EcrPullThroughCacheRuleStatus.class);
    String what = "pull-through cache rule hub in eu-west-1";
    List<Sample> samples = new ArrayList<>();
    EcrPullThroughCacheRule fresh = rule(1);
    samples.add(new Sample("rule: just applied, no status yet", fresh, Health.IN_PROGRESS));

    EcrPullThroughCacheRule creating = ShipFiles.YAML_KUBERNETES.clone(fresh);
    creating.setStatus(factory.inProgress(creating, what, NOW));
    samples.add(new Sample("rule: Creating", creating, Health.IN_PROGRESS));

    EcrPullThroughCacheRule synced = ShipFiles.YAML_KUBERNETES.clone(fresh);
    var created =
        new SettingOutcome<>(
            SettingOutcome.Action.CREATED,
            List.of(),
            new PullThroughCacheValidation(true, null),
            null);
    synced.setStatus(
        factory.synced(synced, new EcrPullThroughCacheRuleStatus(), created, what, false, NOW));
    samples.add(new Sample("rule: Synced", synced, Health.CURRENT));

    EcrPullThroughCacheRule changed = ShipFiles.YAML_KUBERNETES.clone(synced);
    changed.getMetadata().setGeneration(2L);
    samples.add(new Sample("rule: generation lag", changed, Health.IN_PROGRESS));

    EcrPullThroughCacheRule unreachable = ShipFiles.YAML_KUBERNETES.clone(fresh);
    var refused =
        new SettingOutcome<>(
            SettingOutcome.Action.CREATED,
            List.of(),
            new PullThroughCacheValidation(false, "the upstream refused the credentials"),
            new SettingOutcome.NotReady(Reasons.UPSTREAM_UNREACHABLE, "fix the secret"));
    unreachable.setStatus(
        factory.synced(
            unreachable, new EcrPullThroughCacheRuleStatus(), refused, what, false, NOW));
    samples.add(new Sample("rule: UpstreamUnreachable", unreachable, Health.FAILED));

    for (String reason : List.of(Reasons.CLAIMED, Reasons.INVALID_SPEC, Reasons.ACCESS_DENIED)) {
      EcrPullThroughCacheRule stalled = ShipFiles.YAML_KUBERNETES.clone(synced);
      stalled.setStatus(factory.stalled(stalled, reason, reason + ": what to change", NOW));
      samples.add(new Sample("rule: Stalled " + reason, stalled, Health.FAILED));
    }
    EcrPullThroughCacheRule retrying = ShipFiles.YAML_KUBERNETES.clone(synced);
    retrying.setStatus(factory.retrying(retrying, Reasons.THROTTLED, "retrying with backoff", NOW));
    samples.add(new Sample("rule: Retrying Throttled", retrying, Health.IN_PROGRESS));

    EcrPullThroughCacheRule paused = ShipFiles.YAML_KUBERNETES.clone(synced);
    paused.setStatus(factory.paused(paused, List.of("credentialArn"), NOW));
    samples.add(new Sample("rule: Paused, ECR differing", paused, Health.PAUSED));
    return samples;
  }

  private static EcrPullThroughCacheRule rule(long generation) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrPullThroughCacheRule",
            "metadata: {name: hub, uid: 0b7f4c9e-1111-4a8e-9d2c-000000000002}",
            "spec: {ecrRepositoryPrefix: hub, upstreamRegistryUrl: quay.io}",
            "");
    EcrPullThroughCacheRule resource =
        ShipFiles.YAML_KUBERNETES.unmarshal(yaml, EcrPullThroughCacheRule.class);
    resource.getMetadata().setGeneration(generation);
    resource.setStatus(null);
    return resource;
  }

  private static EcrRepository resource(long generation) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: ecr.operators.dev/v1alpha1",
            "kind: EcrRepository",
            "metadata: {name: api, namespace: team-a, uid: 0b7f4c9e-1111-4a8e-9d2c-000000000001}",
            "spec:",
            "  repositoryName: team-a/api",
            "  lifecyclePolicy:",
            "    rules:",
            "      - rulePriority: 1",
            "        selection: {tagStatus: untagged, countType: imageCountMoreThan, countNumber: 1}",
            "        action: {type: expire}",
            "");
    EcrRepository resource = ShipFiles.YAML_KUBERNETES.unmarshal(yaml, EcrRepository.class);
    resource.getMetadata().setGeneration(generation);
    // As the API server holds it before the operator's first write: no status at all.
    resource.setStatus(null);
    return resource;
  }

  private static EcrRepository synced(EcrRepository resource, List<String> mismatches) {
    var desired =
        DesiredState.of(
            resource, SETTINGS.desired(), dev.operators.ecr.desired.PolicyCatalog.EMPTY);
    var repository =
        new RepositoryInfo(
            "team-a/api",
            "arn:aws:ecr:eu-west-1:123456789012:repository/team-a/api",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-a/api",
            "123456789012",
            NOW,
            "MUTABLE",
            List.of(),
            false,
            new Encryption("AES256", null));
    var result =
        new SyncResult(
            repository, null, null, List.of(), null, null, List.of(), mismatches, List.of());
    resource.setStatus(StatusFactory.synced(resource, desired, result, false, NOW));
    return resource;
  }

  private static EcrRepository copy(EcrRepository resource) {
    return ShipFiles.YAML_KUBERNETES.clone(resource);
  }
}
