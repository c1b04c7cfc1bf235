package dev.operators.ecr.reconciler.cache;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared-policy controller's cache of EcrRepositories, holding of each only what that
 * controller reads: its identity, the policy it references, the policy its status says it carries
 * and whether it is Ready at its generation. The repository controller keeps the whole objects in
 * its own cache; a second full copy would double the operator's memory for every repository. The
 * summaries are kept as JSON too ({@link SerializedStore}): some 400 bytes each instead of 2 KiB of
 * objects.
 */
public final class RepositorySummaryStore extends SerializedStore<EcrRepository> {
  public RepositorySummaryStore(KubernetesSerialization serialization) {
    super(
        EcrRepository.class,
        serialization,
        RepositorySummaryStore::summary,
        SerializedStore::statusWritten);
  }

  /** What the shared-policy controller reads of a repository, and nothing else. */
  static EcrRepository summary(EcrRepository repository) {
    ObjectMeta meta = repository.getMetadata();
    EcrRepository summary = new EcrRepository();
    summary.setMetadata(
        new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .withGeneration(meta.getGeneration())
            .withDeletionTimestamp(meta.getDeletionTimestamp())
            .build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    if (repository.getSpec() != null) {
      spec.setLifecyclePolicyRef(repository.getSpec().getLifecyclePolicyRef());
    }
    summary.setSpec(spec);
    EcrRepositoryStatus full = repository.getStatus();
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    if (full != null) {
      status.setObservedGeneration(full.getObservedGeneration());
      AppliedLifecyclePolicy applied = full.getLifecyclePolicy();
      if (applied != null) {
        status.setLifecyclePolicy(
            new AppliedLifecyclePolicy(
                applied.getSource(), applied.getName(), applied.getDigest(), null));
        status.getLifecyclePolicy().setVersion(applied.getVersion());
      }
      Condition ready = Conditions.find(full.getConditions(), Conditions.READY);
      if (ready != null) {
        status.setConditions(
            new ArrayList<>(
                List.of(
                    new ConditionBuilder()
                        .withType(ready.getType())
                        .withStatus(ready.getStatus())
                        .withObservedGeneration(ready.getObservedGeneration())
                        .build())));
      }
    }
    summary.setStatus(status);
    return summary;
  }
}
