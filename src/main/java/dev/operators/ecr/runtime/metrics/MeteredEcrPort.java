package dev.operators.ecr.runtime.metrics;

import dev.operators.ecr.aws.EcrErrorKind;
import dev.operators.ecr.aws.EcrException;
import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.LifecyclePolicyState;
import dev.operators.ecr.aws.LifecyclePreview;
import dev.operators.ecr.aws.RepositoryInfo;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import dev.operators.ecr.runtime.health.EcrHealth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ECR port, counting each call by operation and outcome and telling {@link EcrHealth} how it
 * went. One port call is one count: a ListImages that reads several pages, or a call the AWS SDK
 * retried, counts once.
 */
public final class MeteredEcrPort implements EcrPort {
  private final EcrPort delegate;
  private final OperatorMetrics metrics;
  private final EcrHealth health;

  public MeteredEcrPort(EcrPort delegate, OperatorMetrics metrics, EcrHealth health) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.health = health;
  }

  private <T> T call(String operation, RepositoryRef ref, Supplier<T> call) {
    return call(operation, ref.region(), call);
  }

  private <T> T call(String operation, String region, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (EcrException e) {
      metrics.ecrCall(operation, e.kind().name());
      health.failed(region, e);
      throw e;
    } catch (RuntimeException e) {
      // Not an ECR answer (the port failed on its own): counted, but it says nothing about ECR.
      metrics.ecrCall(operation, EcrErrorKind.UNKNOWN.name());
      throw e;
    }
    metrics.ecrCall(operation, OperatorMetrics.OK);
    health.answered(region);
    return result;
  }

  private void run(String operation, RepositoryRef ref, Runnable call) {
    call(
        operation,
        ref,
        () -> {
          call.run();
          return null;
        });
  }

  @Override
  public Optional<RepositoryInfo> describeRepository(RepositoryRef ref) {
    return call("DescribeRepositories", ref, () -> delegate.describeRepository(ref));
  }

  /** One count for the call, however many names it carries. */
  @Override
  public Map<String, RepositoryInfo> describeRepositories(String region, List<String> names) {
    return call("DescribeRepositories", region, () -> delegate.describeRepositories(region, names));
  }

  @Override
  public RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags) {
    return call("CreateRepository", ref, () -> delegate.createRepository(ref, settings, tags));
  }

  @Override
  public void putImageTagMutability(
      RepositoryRef ref, String mutability, List<String> exclusionFilters) {
    run(
        "PutImageTagMutability",
        ref,
        () -> delegate.putImageTagMutability(ref, mutability, exclusionFilters));
  }

  @Override
  public void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush) {
    run(
        "PutImageScanningConfiguration",
        ref,
        () -> delegate.putImageScanningConfiguration(ref, scanOnPush));
  }

  @Override
  public Map<String, String> listTags(RepositoryRef ref, String repositoryArn) {
    return call("ListTagsForResource", ref, () -> delegate.listTags(ref, repositoryArn));
  }

  @Override
  public void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags) {
    run("TagResource", ref, () -> delegate.tagResource(ref, repositoryArn, tags));
  }

  @Override
  public void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys) {
    run("UntagResource", ref, () -> delegate.untagResource(ref, repositoryArn, tagKeys));
  }

  @Override
  public Optional<String> getRepositoryPolicy(RepositoryRef ref) {
    return call("GetRepositoryPolicy", ref, () -> delegate.getRepositoryPolicy(ref));
  }

  @Override
  public void setRepositoryPolicy(RepositoryRef ref, String policyText) {
    run("SetRepositoryPolicy", ref, () -> delegate.setRepositoryPolicy(ref, policyText));
  }

  @Override
  public boolean deleteRepositoryPolicy(RepositoryRef ref) {
    return call("DeleteRepositoryPolicy", ref, () -> delegate.deleteRepositoryPolicy(ref));
  }

  @Override
  public Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref) {
    return call("GetLifecyclePolicy", ref, () -> delegate.getLifecyclePolicy(ref));
  }

  @Override
  public void putLifecyclePolicy(RepositoryRef ref, String policyText) {
    run("PutLifecyclePolicy", ref, () -> delegate.putLifecyclePolicy(ref, policyText));
  }

  @Override
  public boolean deleteLifecyclePolicy(RepositoryRef ref) {
    return call("DeleteLifecyclePolicy", ref, () -> delegate.deleteLifecyclePolicy(ref));
  }

  @Override
  public void startLifecyclePolicyPreview(RepositoryRef ref, String policyText) {
    run(
        "StartLifecyclePolicyPreview",
        ref,
        () -> delegate.startLifecyclePolicyPreview(ref, policyText));
  }

  @Override
  public Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref) {
    return call("GetLifecyclePolicyPreview", ref, () -> delegate.getLifecyclePolicyPreview(ref));
  }

  @Override
  public long countImages(RepositoryRef ref) {
    return call("ListImages", ref, () -> delegate.countImages(ref));
  }

  @Override
  public boolean deleteRepository(RepositoryRef ref, boolean force) {
    return call("DeleteRepository", ref, () -> delegate.deleteRepository(ref, force));
  }
}
