package dev.operators.ecr.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.CreateRepositoryRequest;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.EncryptionConfiguration;
import software.amazon.awssdk.services.ecr.model.EncryptionConfigurationForRepositoryCreationTemplate;
import software.amazon.awssdk.services.ecr.model.ExclusionNotFoundException;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyPreviewResponse;
import software.amazon.awssdk.services.ecr.model.GetLifecyclePolicyResponse;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.ImageStatusFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilter;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewInProgressException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewNotFoundException;
import software.amazon.awssdk.services.ecr.model.LifecyclePolicyPreviewSummary;
import software.amazon.awssdk.services.ecr.model.ListPullTimeUpdateExclusionsResponse;
import software.amazon.awssdk.services.ecr.model.PullThroughCacheRuleNotFoundException;
import software.amazon.awssdk.services.ecr.model.RegistryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryPolicyNotFoundException;
import software.amazon.awssdk.services.ecr.model.SigningConfigurationNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;
import software.amazon.awssdk.services.ecr.model.TemplateNotFoundException;
import software.amazon.awssdk.services.ecr.model.TransitioningImageTotalCount;
import software.amazon.awssdk.services.ecr.model.ValidatePullThroughCacheRuleResponse;

/** {@link EcrPort} over the AWS SDK's ECR client, one client per region. */
public final class SdkEcrPort implements EcrPort, AutoCloseable {
  /** ListImages' largest page. */
  static final int LIST_IMAGES_PAGE = 1000;

  private final EcrClients clients;

  /** Takes ownership of {@code clients}: closing the port closes them. */
  public SdkEcrPort(EcrClients clients) {
    this.clients = clients;
  }

  private EcrClient ecr(RepositoryRef ref) {
    return clients.forRegion(ref.region());
  }

  /** Runs one ECR call; every SDK failure comes out as an {@link EcrException}. */
  private static <T> T call(EcrOperation operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrorClassifier.classify(operation.apiName(), e);
    }
  }

  private static void run(EcrOperation operation, Runnable call) {
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
        EcrOperation.DESCRIBE_REPOSITORIES,
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
  public Map<String, RepositoryInfo> describeRepositories(String region, List<String> names) {
    if (names.isEmpty() || names.size() > MAX_DESCRIBE_NAMES) {
      throw new IllegalArgumentException(
          "DescribeRepositories takes 1 to " + MAX_DESCRIBE_NAMES + " names, not " + names.size());
    }
    return call(
        EcrOperation.DESCRIBE_REPOSITORIES,
        () -> {
          Map<String, RepositoryInfo> found = new LinkedHashMap<>();
          clients
              .forRegion(region)
              .describeRepositories(r -> r.repositoryNames(names))
              .repositories()
              .forEach(repository -> found.put(repository.repositoryName(), info(repository)));
          return Collections.unmodifiableMap(found);
        });
  }

  @Override
  public RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags) {
    Objects.requireNonNull(settings, "settings");
    return call(
        EcrOperation.CREATE_REPOSITORY,
        () ->
            info(
                ecr(ref)
                    .createRepository(
                        r ->
                            withSettings(
                                r.repositoryName(ref.name()).tags(tagList(tags)), settings))
                    .repository()));
  }

  /** Only the settings given: ECR picks the default of every other one. */
  private static void withSettings(CreateRepositoryRequest.Builder r, RepositorySettings settings) {
    if (settings.imageTagMutability() != null) {
      r.imageTagMutability(settings.imageTagMutability());
    }
    if (settings.exclusionFilters() != null && !settings.exclusionFilters().isEmpty()) {
      r.imageTagMutabilityExclusionFilters(exclusionFilters(settings.exclusionFilters()));
    }
    if (settings.scanOnPush() != null) {
      r.imageScanningConfiguration(s -> s.scanOnPush(settings.scanOnPush()));
    }
    Encryption encryption = settings.encryption();
    if (encryption != null) {
      r.encryptionConfiguration(
          e -> e.encryptionType(encryption.type()).kmsKey(encryption.kmsKey()));
    }
  }

  @Override
  public void putImageTagMutability(
      RepositoryRef ref, String mutability, List<String> exclusionFilters) {
    run(
        EcrOperation.PUT_IMAGE_TAG_MUTABILITY,
        () ->
            ecr(ref)
                .putImageTagMutability(
                    r -> {
                      r.repositoryName(ref.name()).imageTagMutability(mutability);
                      // The model wants 1 to 5 filters: none is no member at all, never an empty
                      // list.
                      if (exclusionFilters != null && !exclusionFilters.isEmpty()) {
                        r.imageTagMutabilityExclusionFilters(exclusionFilters(exclusionFilters));
                      }
                    }));
  }

  @Override
  public void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush) {
    run(
        EcrOperation.PUT_IMAGE_SCANNING_CONFIGURATION,
        () ->
            ecr(ref)
                .putImageScanningConfiguration(
                    r ->
                        r.repositoryName(ref.name())
                            .imageScanningConfiguration(s -> s.scanOnPush(scanOnPush))));
  }

  @Override
  public Map<String, String> listTags(RepositoryRef ref, String repositoryArn) {
    return call(
        EcrOperation.LIST_TAGS_FOR_RESOURCE,
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
        EcrOperation.TAG_RESOURCE,
        () -> ecr(ref).tagResource(r -> r.resourceArn(repositoryArn).tags(tagList(tags))));
  }

  @Override
  public void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys) {
    run(
        EcrOperation.UNTAG_RESOURCE,
        () -> ecr(ref).untagResource(r -> r.resourceArn(repositoryArn).tagKeys(tagKeys)));
  }

  @Override
  public Optional<String> getRepositoryPolicy(RepositoryRef ref) {
    return call(
        EcrOperation.GET_REPOSITORY_POLICY,
        () -> {
          try {
            return Optional.of(
                ecr(ref).getRepositoryPolicy(r -> r.repositoryName(ref.name())).policyText());
          } catch (RepositoryPolicyNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void setRepositoryPolicy(RepositoryRef ref, String policyText) {
    run(
        EcrOperation.SET_REPOSITORY_POLICY,
        () ->
            ecr(ref).setRepositoryPolicy(r -> r.repositoryName(ref.name()).policyText(policyText)));
  }

  @Override
  public boolean deleteRepositoryPolicy(RepositoryRef ref) {
    return call(
        EcrOperation.DELETE_REPOSITORY_POLICY,
        () -> {
          try {
            ecr(ref).deleteRepositoryPolicy(r -> r.repositoryName(ref.name()));
            return true;
          } catch (RepositoryPolicyNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref) {
    return call(
        EcrOperation.GET_LIFECYCLE_POLICY,
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
        EcrOperation.PUT_LIFECYCLE_POLICY,
        () ->
            ecr(ref)
                .putLifecyclePolicy(
                    r -> r.repositoryName(ref.name()).lifecyclePolicyText(policyText)));
  }

  @Override
  public boolean deleteLifecyclePolicy(RepositoryRef ref) {
    return call(
        EcrOperation.DELETE_LIFECYCLE_POLICY,
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
  public void startLifecyclePolicyPreview(RepositoryRef ref, String policyText) {
    run(
        EcrOperation.START_LIFECYCLE_POLICY_PREVIEW,
        () -> {
          try {
            // Without a text ECR previews the repository's current policy.
            ecr(ref)
                .startLifecyclePolicyPreview(
                    r -> r.repositoryName(ref.name()).lifecyclePolicyText(policyText));
          } catch (LifecyclePolicyPreviewInProgressException e) {
            // One preview per repository at a time: the one running is the one to read.
          }
        });
  }

  @Override
  public Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref) {
    return call(
        EcrOperation.GET_LIFECYCLE_POLICY_PREVIEW,
        () -> {
          try {
            // One result is enough: the summary counts the whole preview.
            return Optional.of(
                preview(
                    ecr(ref)
                        .getLifecyclePolicyPreview(
                            r -> r.repositoryName(ref.name()).maxResults(1))));
          } catch (LifecyclePolicyPreviewNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  /** A preview still in progress may come without a summary: then it counts nothing yet. */
  static LifecyclePreview preview(GetLifecyclePolicyPreviewResponse response) {
    LifecyclePolicyPreviewSummary summary = response.summary();
    long expiring = 0;
    long transitioning = 0;
    if (summary != null) {
      expiring = count(summary.expiringImageTotalCount());
      transitioning =
          summary.transitioningImageTotalCounts().stream()
              .map(TransitioningImageTotalCount::imageTotalCount)
              .mapToLong(SdkEcrPort::count)
              .sum();
    }
    return new LifecyclePreview(
        response.statusAsString(), response.lifecyclePolicyText(), expiring, transitioning);
  }

  private static long count(Integer count) {
    return count == null ? 0 : count;
  }

  @Override
  public long countImages(RepositoryRef ref) {
    return call(
        EcrOperation.LIST_IMAGES,
        () -> {
          // One entry per tag (or one for an untagged image): count each digest once.
          Set<String> digests = new HashSet<>();
          ecr(ref)
              .listImagesPaginator(r -> r.repositoryName(ref.name()).maxResults(LIST_IMAGES_PAGE))
              .imageIds()
              .stream()
              .map(ImageIdentifier::imageDigest)
              .forEach(digests::add);
          return (long) digests.size();
        });
  }

  @Override
  public ImagePage describeImages(RepositoryRef ref, String nextToken) {
    return call(
        EcrOperation.DESCRIBE_IMAGES,
        () -> {
          DescribeImagesResponse page =
              ecr(ref)
                  .describeImages(
                      r ->
                          r.repositoryName(ref.name())
                              .filter(f -> f.imageStatus(ImageStatusFilter.ANY))
                              .maxResults(DESCRIBE_IMAGES_PAGE)
                              .nextToken(nextToken));
          return new ImagePage(
              page.imageDetails().stream().map(SdkEcrPort::image).toList(), page.nextToken());
        });
  }

  static ImageInfo image(ImageDetail detail) {
    return new ImageInfo(
        detail.imageDigest(),
        detail.imageTags(),
        detail.imagePushedAt(),
        detail.lastRecordedPullTime(),
        detail.imageSizeInBytes(),
        detail.imageStatusAsString(),
        detail.lastArchivedAt(),
        detail.lastActivatedAt());
  }

  /**
   * Every manifest media type ECR stores, so that BatchGetImage returns a manifest as it was pushed
   * and never converts it (docs/ecr-semantics.md §3.9).
   */
  static final List<String> MANIFEST_MEDIA_TYPES =
      List.of(
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.v1+prettyjws",
          "application/vnd.docker.distribution.manifest.v1+json");

  @Override
  public Optional<ImageManifest> getManifest(RepositoryRef ref, String digest) {
    return call(
        EcrOperation.BATCH_GET_IMAGE,
        () ->
            ecr(ref)
                .batchGetImage(
                    r ->
                        r.repositoryName(ref.name())
                            .imageIds(i -> i.imageDigest(digest))
                            .acceptedMediaTypes(MANIFEST_MEDIA_TYPES))
                .images()
                .stream()
                .filter(image -> digest.equals(image.imageId().imageDigest()))
                .findFirst()
                .map(
                    image ->
                        new ImageManifest(
                            digest, image.imageManifestMediaType(), image.imageManifest())));
  }

  @Override
  public void tagImage(RepositoryRef ref, ImageManifest manifest, String tag) {
    run(
        EcrOperation.PUT_IMAGE,
        () -> {
          try {
            ecr(ref)
                .putImage(
                    r ->
                        r.repositoryName(ref.name())
                            .imageManifest(manifest.manifest())
                            .imageManifestMediaType(manifest.mediaType())
                            .imageDigest(manifest.digest())
                            .imageTag(tag));
          } catch (ImageAlreadyExistsException e) {
            // The image carries the tag already: what was asked is true.
          }
        });
  }

  @Override
  public Map<String, String> untagImages(RepositoryRef ref, List<String> tags) {
    if (tags.isEmpty() || tags.size() > MAX_DELETE_IMAGE_IDS) {
      throw new IllegalArgumentException(
          "BatchDeleteImage takes 1 to " + MAX_DELETE_IMAGE_IDS + " image IDs, not " + tags.size());
    }
    return call(
        EcrOperation.BATCH_DELETE_IMAGE,
        () -> {
          Map<String, String> failures = new LinkedHashMap<>();
          ecr(ref)
              .batchDeleteImage(
                  r ->
                      r.repositoryName(ref.name())
                          .imageIds(
                              tags.stream()
                                  .map(t -> ImageIdentifier.builder().imageTag(t).build())
                                  .toList()))
              .failures()
              .forEach(
                  f ->
                      failures.put(
                          f.imageId() == null ? "" : f.imageId().imageTag(),
                          f.failureCodeAsString() + ": " + f.failureReason()));
          return Collections.unmodifiableMap(failures);
        });
  }

  @Override
  public boolean deleteRepository(RepositoryRef ref, boolean force) {
    return call(
        EcrOperation.DELETE_REPOSITORY,
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
    List<String> filters =
        repository.imageTagMutabilityExclusionFilters().stream()
            .map(ImageTagMutabilityExclusionFilter::filter)
            .toList();
    ImageScanningConfiguration scanning = repository.imageScanningConfiguration();
    EncryptionConfiguration encryption = repository.encryptionConfiguration();
    return new RepositoryInfo(
        repository.repositoryName(),
        repository.repositoryArn(),
        repository.repositoryUri(),
        repository.registryId(),
        repository.createdAt(),
        repository.imageTagMutabilityAsString(),
        filters,
        scanning != null && Boolean.TRUE.equals(scanning.scanOnPush()),
        encryption == null
            ? null
            : new Encryption(encryption.encryptionTypeAsString(), encryption.kmsKey()));
  }

  private static List<ImageTagMutabilityExclusionFilter> exclusionFilters(List<String> filters) {
    return filters.stream()
        .map(
            f ->
                ImageTagMutabilityExclusionFilter.builder()
                    .filterType(ImageTagMutabilityExclusionFilterType.WILDCARD)
                    .filter(f)
                    .build())
        .toList();
  }

  private static Tag[] tagList(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toArray(Tag[]::new);
  }

  private static String emptyAsNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  @Override
  public Optional<PullThroughCacheRule> describePullThroughCacheRule(String region, String prefix) {
    return call(
        EcrOperation.DESCRIBE_PULL_THROUGH_CACHE_RULES,
        () -> {
          try {
            return clients
                .forRegion(region)
                .describePullThroughCacheRules(r -> r.ecrRepositoryPrefixes(prefix))
                .pullThroughCacheRules()
                .stream()
                .findFirst()
                .map(
                    rule ->
                        new PullThroughCacheRule(
                            rule.ecrRepositoryPrefix(),
                            rule.upstreamRegistryUrl(),
                            rule.upstreamRegistryAsString(),
                            rule.upstreamRepositoryPrefix(),
                            rule.credentialArn(),
                            rule.customRoleArn()));
          } catch (PullThroughCacheRuleNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void createPullThroughCacheRule(String region, PullThroughCacheRule rule) {
    run(
        EcrOperation.CREATE_PULL_THROUGH_CACHE_RULE,
        () ->
            clients
                .forRegion(region)
                .createPullThroughCacheRule(
                    r ->
                        r.ecrRepositoryPrefix(rule.ecrRepositoryPrefix())
                            .upstreamRegistryUrl(rule.upstreamRegistryUrl())
                            .upstreamRegistry(rule.upstreamRegistry())
                            .upstreamRepositoryPrefix(rule.upstreamRepositoryPrefix())
                            .credentialArn(rule.credentialArn())
                            .customRoleArn(rule.customRoleArn())));
  }

  @Override
  public void updatePullThroughCacheRule(
      String region, String prefix, String credentialArn, String customRoleArn) {
    run(
        EcrOperation.UPDATE_PULL_THROUGH_CACHE_RULE,
        () ->
            clients
                .forRegion(region)
                .updatePullThroughCacheRule(
                    r ->
                        r.ecrRepositoryPrefix(prefix)
                            .credentialArn(credentialArn)
                            .customRoleArn(customRoleArn)));
  }

  @Override
  public boolean deletePullThroughCacheRule(String region, String prefix) {
    return call(
        EcrOperation.DELETE_PULL_THROUGH_CACHE_RULE,
        () -> {
          try {
            clients
                .forRegion(region)
                .deletePullThroughCacheRule(r -> r.ecrRepositoryPrefix(prefix));
            return true;
          } catch (PullThroughCacheRuleNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public PullThroughCacheValidation validatePullThroughCacheRule(String region, String prefix) {
    return call(
        EcrOperation.VALIDATE_PULL_THROUGH_CACHE_RULE,
        () -> {
          ValidatePullThroughCacheRuleResponse answer =
              clients
                  .forRegion(region)
                  .validatePullThroughCacheRule(r -> r.ecrRepositoryPrefix(prefix));
          boolean valid = Boolean.TRUE.equals(answer.isValid());
          return new PullThroughCacheValidation(valid, valid ? null : answer.failure());
        });
  }

  @Override
  public Optional<RepositoryCreationTemplate> describeRepositoryCreationTemplate(
      String region, String prefix) {
    String wanted = withoutTrailingSlash(prefix);
    return call(
        EcrOperation.DESCRIBE_REPOSITORY_CREATION_TEMPLATES,
        () ->
            clients
                .forRegion(region)
                .describeRepositoryCreationTemplates(r -> r.prefixes(prefix))
                .repositoryCreationTemplates()
                .stream()
                .filter(t -> withoutTrailingSlash(t.prefix()).equals(wanted))
                .findFirst()
                .map(SdkEcrPort::template));
  }

  /** ECR treats {@code a/} as {@code a}: a prefix always ends in an assumed {@code /}. */
  private static String withoutTrailingSlash(String prefix) {
    return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  private static RepositoryCreationTemplate template(
      software.amazon.awssdk.services.ecr.model.RepositoryCreationTemplate t) {
    EncryptionConfigurationForRepositoryCreationTemplate encryption = t.encryptionConfiguration();
    Map<String, String> tags = new LinkedHashMap<>();
    t.resourceTags().forEach(tag -> tags.put(tag.key(), tag.value()));
    return new RepositoryCreationTemplate(
        t.prefix(),
        t.description(),
        t.appliedForAsStrings(),
        encryption == null ? null : encryption.encryptionTypeAsString(),
        encryption == null ? null : emptyAsNull(encryption.kmsKey()),
        t.imageTagMutabilityAsString(),
        t.imageTagMutabilityExclusionFilters().stream()
            .map(ImageTagMutabilityExclusionFilter::filter)
            .toList(),
        t.lifecyclePolicy(),
        t.repositoryPolicy(),
        tags,
        t.customRoleArn());
  }

  /** A template's settings in the SDK's types; absent ones null, for either request. */
  private record TemplateMembers(
      EncryptionConfigurationForRepositoryCreationTemplate encryption,
      List<ImageTagMutabilityExclusionFilter> filters,
      List<String> appliedFor,
      List<Tag> tags) {
    static TemplateMembers of(RepositoryCreationTemplate template) {
      return new TemplateMembers(
          template.encryptionType() == null
              ? null
              : EncryptionConfigurationForRepositoryCreationTemplate.builder()
                  .encryptionType(template.encryptionType())
                  .kmsKey(template.kmsKey())
                  .build(),
          template.imageTagMutabilityExclusionFilters().isEmpty()
              ? null
              : exclusionFilters(template.imageTagMutabilityExclusionFilters()),
          template.appliedFor().isEmpty() ? null : template.appliedFor(),
          List.of(tagList(template.resourceTags())));
    }
  }

  /** Settings left null or empty are not sent. */
  @Override
  public void createRepositoryCreationTemplate(String region, RepositoryCreationTemplate template) {
    TemplateMembers members = TemplateMembers.of(template);
    run(
        EcrOperation.CREATE_REPOSITORY_CREATION_TEMPLATE,
        () ->
            clients
                .forRegion(region)
                .createRepositoryCreationTemplate(
                    r ->
                        r.prefix(template.prefix())
                            .description(emptyAsNull(template.description()))
                            .appliedForWithStrings(members.appliedFor())
                            .encryptionConfiguration(members.encryption())
                            .imageTagMutability(template.imageTagMutability())
                            .imageTagMutabilityExclusionFilters(members.filters())
                            .lifecyclePolicy(emptyAsNull(template.lifecyclePolicy()))
                            .repositoryPolicy(emptyAsNull(template.repositoryPolicy()))
                            .resourceTags(members.tags().isEmpty() ? null : members.tags())
                            .customRoleArn(emptyAsNull(template.customRoleArn()))));
  }

  @Override
  public void updateRepositoryCreationTemplate(String region, RepositoryCreationTemplate template) {
    TemplateMembers members = TemplateMembers.of(template);
    run(
        EcrOperation.UPDATE_REPOSITORY_CREATION_TEMPLATE,
        () ->
            clients
                .forRegion(region)
                .updateRepositoryCreationTemplate(
                    r ->
                        r.prefix(template.prefix())
                            .description(template.description())
                            .appliedForWithStrings(members.appliedFor())
                            .encryptionConfiguration(members.encryption())
                            .imageTagMutability(template.imageTagMutability())
                            .imageTagMutabilityExclusionFilters(members.filters())
                            .lifecyclePolicy(template.lifecyclePolicy())
                            .repositoryPolicy(template.repositoryPolicy())
                            .resourceTags(members.tags())
                            .customRoleArn(template.customRoleArn())));
  }

  @Override
  public boolean deleteRepositoryCreationTemplate(String region, String prefix) {
    return call(
        EcrOperation.DELETE_REPOSITORY_CREATION_TEMPLATE,
        () -> {
          try {
            clients.forRegion(region).deleteRepositoryCreationTemplate(r -> r.prefix(prefix));
            return true;
          } catch (TemplateNotFoundException e) {
            return false;
          }
        });
  }

  // --- Registry settings ---

  /** ListPullTimeUpdateExclusions' largest page. */
  static final int EXCLUSIONS_PAGE = 1000;

  @Override
  public String registryId(String region) {
    return call(
        EcrOperation.DESCRIBE_REGISTRY,
        () -> clients.forRegion(region).describeRegistry(r -> {}).registryId());
  }

  @Override
  public List<ReplicationRule> describeReplication(String region) {
    return call(
        EcrOperation.DESCRIBE_REGISTRY,
        () ->
            RegistrySettingsShapes.replication(
                clients.forRegion(region).describeRegistry(r -> {}).replicationConfiguration()));
  }

  @Override
  public void putReplication(String region, List<ReplicationRule> rules) {
    run(
        EcrOperation.PUT_REPLICATION_CONFIGURATION,
        () ->
            clients
                .forRegion(region)
                .putReplicationConfiguration(
                    r -> r.replicationConfiguration(RegistrySettingsShapes.replication(rules))));
  }

  @Override
  public RegistryScanning getRegistryScanning(String region) {
    return call(
        EcrOperation.GET_REGISTRY_SCANNING_CONFIGURATION,
        () ->
            RegistrySettingsShapes.scanning(
                clients
                    .forRegion(region)
                    .getRegistryScanningConfiguration(r -> {})
                    .scanningConfiguration()));
  }

  @Override
  public void putRegistryScanning(String region, RegistryScanning scanning) {
    run(
        EcrOperation.PUT_REGISTRY_SCANNING_CONFIGURATION,
        () ->
            clients
                .forRegion(region)
                .putRegistryScanningConfiguration(
                    r ->
                        r.scanType(scanning.scanType())
                            .rules(RegistrySettingsShapes.scanningRules(scanning))));
  }

  @Override
  public Optional<String> getRegistryPolicy(String region) {
    return call(
        EcrOperation.GET_REGISTRY_POLICY,
        () -> {
          try {
            return Optional.of(clients.forRegion(region).getRegistryPolicy(r -> {}).policyText());
          } catch (RegistryPolicyNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void putRegistryPolicy(String region, String policyText) {
    run(
        EcrOperation.PUT_REGISTRY_POLICY,
        () -> clients.forRegion(region).putRegistryPolicy(r -> r.policyText(policyText)));
  }

  @Override
  public boolean deleteRegistryPolicy(String region) {
    return call(
        EcrOperation.DELETE_REGISTRY_POLICY,
        () -> {
          try {
            clients.forRegion(region).deleteRegistryPolicy(r -> {});
            return true;
          } catch (RegistryPolicyNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public Optional<List<SigningRule>> getSigning(String region) {
    return call(
        EcrOperation.GET_SIGNING_CONFIGURATION,
        () -> {
          try {
            return Optional.of(
                RegistrySettingsShapes.signing(
                    clients
                        .forRegion(region)
                        .getSigningConfiguration(r -> {})
                        .signingConfiguration()));
          } catch (SigningConfigurationNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public void putSigning(String region, List<SigningRule> rules) {
    run(
        EcrOperation.PUT_SIGNING_CONFIGURATION,
        () ->
            clients
                .forRegion(region)
                .putSigningConfiguration(
                    r -> r.signingConfiguration(RegistrySettingsShapes.signing(rules))));
  }

  @Override
  public boolean deleteSigning(String region) {
    return call(
        EcrOperation.DELETE_SIGNING_CONFIGURATION,
        () -> {
          try {
            clients.forRegion(region).deleteSigningConfiguration(r -> {});
            return true;
          } catch (SigningConfigurationNotFoundException e) {
            return false;
          }
        });
  }

  @Override
  public List<String> listPullTimeUpdateExclusions(String region) {
    return call(
        EcrOperation.LIST_PULL_TIME_UPDATE_EXCLUSIONS,
        () -> {
          List<String> principals = new ArrayList<>();
          String token = null;
          do {
            String next = token;
            ListPullTimeUpdateExclusionsResponse page =
                clients
                    .forRegion(region)
                    .listPullTimeUpdateExclusions(
                        r -> r.maxResults(EXCLUSIONS_PAGE).nextToken(next));
            principals.addAll(page.pullTimeUpdateExclusions());
            token = page.nextToken();
          } while (token != null);
          return List.copyOf(principals);
        });
  }

  @Override
  public void registerPullTimeUpdateExclusion(String region, String principalArn) {
    run(
        EcrOperation.REGISTER_PULL_TIME_UPDATE_EXCLUSION,
        () ->
            clients
                .forRegion(region)
                .registerPullTimeUpdateExclusion(r -> r.principalArn(principalArn)));
  }

  @Override
  public boolean deregisterPullTimeUpdateExclusion(String region, String principalArn) {
    return call(
        EcrOperation.DEREGISTER_PULL_TIME_UPDATE_EXCLUSION,
        () -> {
          try {
            clients
                .forRegion(region)
                .deregisterPullTimeUpdateExclusion(r -> r.principalArn(principalArn));
            return true;
          } catch (ExclusionNotFoundException e) {
            return false;
          }
        });
  }
}
