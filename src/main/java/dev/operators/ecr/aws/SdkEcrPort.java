package dev.operators.ecr.aws;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

/** {@link EcrPort} over the AWS SDK's ECR client, one client per region. */
public final class SdkEcrPort implements EcrPort, AutoCloseable {
  private final EcrClients clients;

  /** Takes ownership of {@code clients}: closing the port closes them. */
  public SdkEcrPort(EcrClients clients) {
    this.clients = clients;
  }

  private EcrClient ecr(RepositoryRef ref) {
    return clients.forRegion(ref.region());
  }

  /** Runs one ECR call; every SDK failure comes out as an {@link EcrException}. */
  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(operation, e);
    }
  }

  private static void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  @Override
  public Optional<RepositoryInfo> describeRepository(RepositoryRef ref) {
    return call(
        "DescribeRepositories",
        () -> {
          try {
            return ecr(ref)
                .describeRepositories(r -> r.repositoryNames(ref.name()))
                .repositories()
                .stream()
                .findFirst()
                .map(SdkEcrPort::info);
          } catch (RepositoryNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public RepositoryInfo createRepository(RepositoryRef ref, Map<String, String> tags) {
    return call(
        "CreateRepository",
        () ->
            info(
                ecr(ref)
                    .createRepository(r -> r.repositoryName(ref.name()).tags(tagList(tags)))
                    .repository()));
  }

  @Override
  public Map<String, String> listTags(RepositoryRef ref, String repositoryArn) {
    return call(
        "ListTagsForResource",
        () -> {
          Map<String, String> tags = new LinkedHashMap<>();
          ecr(ref)
              .listTagsForResource(r -> r.resourceArn(repositoryArn))
              .tags()
              .forEach(tag -> tags.put(tag.key(), tag.value()));
          return Collections.unmodifiableMap(tags);
        });
  }

  @Override
  public void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags) {
    run(
        "TagResource",
        () -> ecr(ref).tagResource(r -> r.resourceArn(repositoryArn).tags(tagList(tags))));
  }

  @Override
  public Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref) {
    return call(
        "GetLifecyclePolicy",
        () -> {
          try {
            GetLifecyclePolicyResponse policy =
                ecr(ref).getLifecyclePolicy(r -> r.repositoryName(ref.name()));
            return Optional.of(
                new LifecyclePolicyState(
                    policy.lifecyclePolicyText(), evaluatedAt(policy.lastEvaluatedAt())));
          } catch (LifecyclePolicyNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  // A policy that never ran may come back with time zero rather than no time at all.
  static Instant evaluatedAt(Instant lastEvaluatedAt) {
    return Instant.EPOCH.equals(lastEvaluatedAt) ? null : lastEvaluatedAt;
  }

  @Override
  public void putLifecyclePolicy(RepositoryRef ref, String policyText) {
    run(
        "PutLifecyclePolicy",
        () ->
            ecr(ref)
                .putLifecyclePolicy(
                    r -> r.repositoryName(ref.name()).lifecyclePolicyText(policyText)));
  }

  @Override
  public boolean deleteLifecyclePolicy(RepositoryRef ref) {
    return call(
        "DeleteLifecyclePolicy",
        () -> {
          try {
            ecr(ref).deleteLifecyclePolicy(r -> r.repositoryName(ref.name()));
            return true;
          } catch (LifecyclePolicyNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public boolean deleteRepository(RepositoryRef ref, boolean force) {
    return call(
        "DeleteRepository",
        () -> {
          try {
            ecr(ref).deleteRepository(r -> r.repositoryName(ref.name()).force(force));
            return true;
          } catch (RepositoryNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public void close() {
    clients.close();
  }

  private static RepositoryInfo info(Repository repository) {
    return new RepositoryInfo(
        repository.repositoryName(),
        repository.repositoryArn(),
        repository.repositoryUri(),
        repository.registryId(),
        repository.createdAt());
  }

  private static Tag[] tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toArray(Tag[]::new);
  }
}
