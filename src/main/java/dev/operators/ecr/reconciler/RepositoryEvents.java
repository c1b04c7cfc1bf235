package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.status.Conditions;
import dev.operators.ecr.sync.ImagesAtRisk;
import dev.operators.ecr.sync.PolicyPreview;
import dev.operators.ecr.sync.ProtectionResult;
import dev.operators.ecr.sync.SyncResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on the operator's resources, for {@code kubectl describe}. */
public class RepositoryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RepositoryEvents.class);
  private static final String COMPONENT = "ecr-operator";
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public RepositoryEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * One Event per write to ECR, naming the field; writes that undid drift say so. A creation is one
   * act: the repository and what was written to it in the same pass make one {@code Created} Event.
   */
  public void announce(
      EcrRepository resource, RepositoryRef ref, SyncResult result, boolean drift) {
    String id = ResourceId.of(resource);
    String digest = result.appliedPolicy() == null ? "" : result.appliedPolicy().digest();
    if (result.changes().contains(SyncResult.Change.CREATED)) {
      announceCreation(resource, id, ref, result.changes(), digest);
    } else {
      for (SyncResult.Change change : result.changes()) {
        String message =
            switch (change) {
              case CREATED -> "created ECR repository " + ref;
              case ADOPTED -> "adopted existing ECR repository " + ref;
              case TAG_MUTABILITY_UPDATED -> "set the image tag mutability of " + ref;
              case SCAN_ON_PUSH_UPDATED -> "set scan on push of " + ref;
              case TAGS_UPDATED -> "updated the tags of " + ref;
              case REPOSITORY_POLICY_APPLIED -> "applied the repository policy to " + ref;
              case REPOSITORY_POLICY_REMOVED ->
                  "removed the repository policy this operator had applied to " + ref;
              case POLICY_APPLIED -> "applied lifecycle policy " + digest + " to " + ref;
              case POLICY_REMOVED ->
                  "removed the lifecycle policy this operator had applied to " + ref;
            };
        boolean corrected = drift && change != SyncResult.Change.ADOPTED;
        String reason = corrected ? Reasons.DRIFT_CORRECTED : reason(change);
        if (corrected) {
          message = change.field() + " was changed outside the operator: " + message;
        }
        LOG.info("{}: {}", id, message);
        normal(resource, reason, message);
      }
    }
    for (SyncResult.Warning warning : result.warnings()) {
      LOG.warn("{}: {}", id, warning.message());
      warning(resource, warning.reason(), warning.message());
    }
    boolean protecting = result.appliedPolicy() != null && result.appliedPolicy().protecting();
    atRiskWarning(resource, ref, result.preview(), protecting);
    protection(resource, ref, result.protection());
  }

  /**
   * A Normal Event when protection tags were added or removed, and a Warning when what could not be
   * protected changed: not again at a pass that finds the same.
   */
  private void protection(EcrRepository resource, RepositoryRef ref, ProtectionResult result) {
    if (result == null) {
      return;
    }
    String id = ResourceId.of(resource);
    if (result.changed()) {
      String message =
          String.format(
              "protection of images in use in %s: %d tag(s) %s* added, %d removed; %d image(s)"
                  + " protected",
              ref,
              result.tagged(),
              result.tagPrefix(),
              result.released(),
              result.protectedImages());
      LOG.info("{}: {}", id, message);
      normal(resource, Reasons.IMAGES_PROTECTED, message);
    }
    EcrRepositoryStatus status = resource.getStatus();
    List<String> before =
        status == null
                || status.getProtection() == null
                || status.getProtection().getProblems() == null
            ? List.of()
            : status.getProtection().getProblems();
    List<String> now = result.problemsShown();
    if (!now.isEmpty() && !now.equals(before)) {
      String message = "images in use in " + ref + " not protected: " + String.join("; ", now);
      LOG.warn("{}: {}", id, message);
      warning(resource, Reasons.IMAGES_NOT_PROTECTED, message);
    }
  }

  /**
   * A Warning Event naming the workloads whose images the lifecycle policy would take, once per
   * change of what is at risk: not again at a pass, or a preview, that finds the same.
   */
  private void atRiskWarning(
      EcrRepository resource, RepositoryRef ref, PolicyPreview preview, boolean protecting) {
    ImagesAtRisk risk = preview == null ? null : preview.atRisk();
    if (risk == null || !risk.any() || risk.equals(recordedAtRisk(resource))) {
      return;
    }
    String message =
        String.format(
            "the lifecycle policy of %s would expire %d and archive %d images in use (%s), used"
                + " by %s; %s",
            ref,
            risk.expiring(),
            risk.archiving(),
            String.join(", ", risk.digests()),
            String.join(", ", risk.workloads()),
            protecting
                ? "protection cannot keep them (status.protection.problems says why)"
                : "nothing is protected: in-use protection only reports");
    LOG.warn("{}: {}", ResourceId.of(resource), message);
    warning(resource, Reasons.IMAGES_IN_USE_AT_RISK, message);
  }

  private static ImagesAtRisk recordedAtRisk(EcrRepository resource) {
    EcrRepositoryStatus status = resource.getStatus();
    return status == null || status.getPreview() == null
        ? null
        : ImagesAtRisk.recorded(status.getPreview().getInUseAtRisk());
  }

  private void announceCreation(
      EcrRepository resource,
      String id,
      RepositoryRef ref,
      List<SyncResult.Change> changes,
      String digest) {
    List<String> with = new ArrayList<>();
    if (changes.contains(SyncResult.Change.POLICY_APPLIED)) {
      with.add("lifecycle policy " + digest);
    }
    if (changes.contains(SyncResult.Change.REPOSITORY_POLICY_APPLIED)) {
      with.add("its repository policy");
    }
    String message =
        "created ECR repository "
            + ref
            + (with.isEmpty() ? "" : " with " + String.join(" and ", with));
    LOG.info("{}: {}", id, message);
    normal(resource, Reasons.CREATED, message);
  }

  private static String reason(SyncResult.Change change) {
    return switch (change) {
      case CREATED -> Reasons.CREATED;
      case ADOPTED -> Reasons.ADOPTED;
      case TAG_MUTABILITY_UPDATED, SCAN_ON_PUSH_UPDATED, TAGS_UPDATED -> Reasons.UPDATED;
      case REPOSITORY_POLICY_APPLIED -> Reasons.REPOSITORY_POLICY_APPLIED;
      case REPOSITORY_POLICY_REMOVED -> Reasons.REPOSITORY_POLICY_REMOVED;
      case POLICY_APPLIED -> Reasons.POLICY_APPLIED;
      case POLICY_REMOVED -> Reasons.POLICY_REMOVED;
    };
  }

  /**
   * A Warning Event for a stall, unless the resource's Ready condition already gives its reason and
   * message: a stall is announced once, when it starts or changes, not at every pass.
   *
   * @param conditions the resource's conditions before this pass; null when it has none
   * @param readyReason the reason the Ready condition gives for the stall
   * @param eventReason the Event's reason
   * @return whether the stall was news, and an Event recorded
   */
  public boolean stalled(
      HasMetadata resource,
      List<Condition> conditions,
      String readyReason,
      String eventReason,
      String message) {
    Condition ready = Conditions.find(conditions, Conditions.READY);
    if (ready != null
        && readyReason.equals(ready.getReason())
        && message.equals(ready.getMessage())) {
      return false;
    }
    warning(resource, eventReason, message);
    return true;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  // An Event that cannot be written is logged, never allowed to fail the reconcile.
  private void record(HasMetadata resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    // Events about a cluster-scoped object live in the default namespace, as kubectl expects.
    String namespace = meta.getNamespace() == null ? "default" : meta.getNamespace();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(meta.getName())
                    .withNamespace(meta.getNamespace())
                    .withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(text)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: could not record event {}: {}",
          namespace,
          meta.getName(),
          reason,
          e.getMessage());
    }
  }
}
