package dev.operators.ecr.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every ECR call the operator makes. Failures are thrown as {@link EcrException}; "not there"
 * answers that the operator expects are return values, not exceptions.
 *
 * <p>A new method is declared here, forwarded in {@link Forwarding} below (naming its {@link
 * EcrOperation}), implemented by {@link SdkEcrPort} and served by the emulator; the decorators
 * (batching, rate limiting, metrics) pick it up from {@link Forwarding} unchanged.
 */
public interface EcrPort {
  /** The most names ECR takes in one DescribeRepositories call. */
  int MAX_DESCRIBE_NAMES = 100;

  /** DescribeImages' largest page. */
  int DESCRIBE_IMAGES_PAGE = 1000;

  /** DescribeRepositories for one name; empty when it does not exist. */
  Optional<RepositoryInfo> describeRepository(RepositoryRef ref);

  /**
   * DescribeRepositories for 1 to {@value #MAX_DESCRIBE_NAMES} names of one region's default
   * registry, in one call: the repositories found, by name. ECR answers for all or fails as a
   * whole: when any name does not exist it throws {@link EcrErrorKind#NOT_FOUND}, its message
   * naming the missing repository.
   */
  Map<String, RepositoryInfo> describeRepositories(String region, List<String> names);

  /**
   * CreateRepository with its settings and tags in the same call, so it is never untagged; {@link
   * RepositorySettings#NONE} leaves every setting to ECR's default.
   */
  RepositoryInfo createRepository(
      RepositoryRef ref, RepositorySettings settings, Map<String, String> tags);

  /** PutImageTagMutability; null or empty {@code exclusionFilters} means none. */
  void putImageTagMutability(RepositoryRef ref, String mutability, List<String> exclusionFilters);

  /** PutImageScanningConfiguration: scan on push or not. */
  void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush);

  /** ListTagsForResource. */
  Map<String, String> listTags(RepositoryRef ref, String repositoryArn);

  /** TagResource: adds or overwrites the given tags. */
  void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags);

  /** UntagResource: removes the given tag keys; keys the repository does not have are ignored. */
  void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys);

  /** GetRepositoryPolicy, in ECR's layout rather than as it was set; empty when there is none. */
  Optional<String> getRepositoryPolicy(RepositoryRef ref);

  /** SetRepositoryPolicy: replaces the repository policy. */
  void setRepositoryPolicy(RepositoryRef ref, String policyText);

  /** DeleteRepositoryPolicy; false when there was none. */
  boolean deleteRepositoryPolicy(RepositoryRef ref);

  /** GetLifecyclePolicy; empty when the repository has none. */
  Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref);

  /** PutLifecyclePolicy. */
  void putLifecyclePolicy(RepositoryRef ref, String policyText);

  /** DeleteLifecyclePolicy; false when there was none. */
  boolean deleteLifecyclePolicy(RepositoryRef ref);

  /**
   * StartLifecyclePolicyPreview of {@code policyText}, or of the repository's current policy when
   * null ({@link EcrErrorKind#NOT_FOUND} if it has none). A preview already in progress counts as
   * started: compare {@link LifecyclePreview#policyText()} to know which text it evaluates.
   */
  void startLifecyclePolicyPreview(RepositoryRef ref, String policyText);

  /** GetLifecyclePolicyPreview, its summary counts only; empty when no preview was started. */
  Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref);

  /** ListImages through every page: the number of distinct ACTIVE images (ECR's default filter). */
  long countImages(RepositoryRef ref);

  /**
   * One page of DescribeImages over every image of the repository, archived ones included (image
   * status ANY), in pages of {@value #DESCRIBE_IMAGES_PAGE}: the first when {@code nextToken} is
   * null. One page is one call, so that every page sent is rate limited and counted.
   */
  ImagePage describeImages(RepositoryRef ref, String nextToken);

  /**
   * BatchGetImage of one image by digest: its manifest, in the media type it was pushed in; empty
   * when the repository holds no such image. ECR records this as a pull of the image.
   */
  Optional<ImageManifest> getManifest(RepositoryRef ref, String digest);

  /**
   * PutImage of an image's own manifest with one more tag: the image gains {@code tag} and nothing
   * is pushed. A tag the image already carries is no change. A tag that another image carries is
   * moved to this one in a repository with mutable tags, and refused ({@link
   * EcrErrorKind#ALREADY_EXISTS}) in one with immutable tags: the caller makes sure it is new.
   */
  void tagImage(RepositoryRef ref, ImageManifest manifest, String tag);

  /** BatchDeleteImage's most image IDs in one call. */
  int MAX_DELETE_IMAGE_IDS = 100;

  /**
   * BatchDeleteImage of 1 to {@value #MAX_DELETE_IMAGE_IDS} tags: each tag is removed from its
   * image, and an image whose last tag it was is deleted with it. Returns the tags ECR did not
   * remove, each with ECR's reason; a tag that no image carries is among them.
   */
  Map<String, String> untagImages(RepositoryRef ref, List<String> tags);

  /**
   * DeleteRepository; false when it was already gone. Throws {@link EcrErrorKind#NOT_EMPTY} when it
   * holds images and {@code force} is false.
   */
  boolean deleteRepository(RepositoryRef ref, boolean force);

  /** DescribePullThroughCacheRules for one prefix; empty when there is none. */
  Optional<PullThroughCacheRule> describePullThroughCacheRule(String region, String prefix);

  /** CreatePullThroughCacheRule; ALREADY_EXISTS when the prefix has a rule. */
  void createPullThroughCacheRule(String region, PullThroughCacheRule rule);

  /** UpdatePullThroughCacheRule: the two fields ECR can change in place (null: none). */
  void updatePullThroughCacheRule(
      String region, String prefix, String credentialArn, String customRoleArn);

  /** DeletePullThroughCacheRule; false when it was already gone. */
  boolean deletePullThroughCacheRule(String region, String prefix);

  /** ValidatePullThroughCacheRule; NOT_FOUND when the prefix has no rule. */
  PullThroughCacheValidation validatePullThroughCacheRule(String region, String prefix);

  /** DescribeRepositoryCreationTemplates for one prefix; empty when there is none. */
  Optional<RepositoryCreationTemplate> describeRepositoryCreationTemplate(
      String region, String prefix);

  /**
   * CreateRepositoryCreationTemplate with every setting of {@code template} that is not null or
   * empty; ALREADY_EXISTS when the prefix has a template.
   */
  void createRepositoryCreationTemplate(String region, RepositoryCreationTemplate template);

  /**
   * UpdateRepositoryCreationTemplate of {@code template.prefix()}: each text setting that is not
   * null replaces the template's, ECR keeps those left null, and an empty text (description,
   * policies, KMS key, role) clears one. The resource tags always replace the template's (empty:
   * none); {@code appliedFor} is sent when not empty; the exclusion filters go with the tag
   * mutability. NOT_FOUND when the prefix has no template.
   */
  void updateRepositoryCreationTemplate(String region, RepositoryCreationTemplate template);

  /** DeleteRepositoryCreationTemplate; false when it was already gone. */
  boolean deleteRepositoryCreationTemplate(String region, String prefix);

  // --- Registry settings: one registry per account and region ---

  /** DescribeRegistry: the account id of the region's default registry. */
  String registryId(String region);

  /** DescribeRegistry: the replication rules; empty when replication was never configured. */
  List<ReplicationRule> describeReplication(String region);

  /** PutReplicationConfiguration: replaces every rule; an empty list turns replication off. */
  void putReplication(String region, List<ReplicationRule> rules);

  /** GetRegistryScanningConfiguration; {@link RegistryScanning#DEFAULT} when never configured. */
  RegistryScanning getRegistryScanning(String region);

  /** PutRegistryScanningConfiguration: replaces the scan type and every rule. */
  void putRegistryScanning(String region, RegistryScanning scanning);

  /** GetRegistryPolicy, in ECR's layout rather than as it was put; empty when there is none. */
  Optional<String> getRegistryPolicy(String region);

  /** PutRegistryPolicy: replaces the registry policy. */
  void putRegistryPolicy(String region, String policyText);

  /** DeleteRegistryPolicy; false when there was none. */
  boolean deleteRegistryPolicy(String region);

  /** GetSigningConfiguration: the signing rules; empty when there is no signing configuration. */
  Optional<List<SigningRule>> getSigning(String region);

  /** PutSigningConfiguration: replaces every rule. */
  void putSigning(String region, List<SigningRule> rules);

  /** DeleteSigningConfiguration; false when there was none. */
  boolean deleteSigning(String region);

  /** ListPullTimeUpdateExclusions through every page: the excluded principals' ARNs. */
  List<String> listPullTimeUpdateExclusions(String region);

  /**
   * RegisterPullTimeUpdateExclusion: ECR stops recording pull times for the principal's pulls.
   * Throws {@link EcrErrorKind#ALREADY_EXISTS} when it is registered already.
   */
  void registerPullTimeUpdateExclusion(String region, String principalArn);

  /** DeregisterPullTimeUpdateExclusion; false when the principal was not registered. */
  boolean deregisterPullTimeUpdateExclusion(String region, String principalArn);

  /**
   * The one forwarding base of the decorators: every method passes its call to the next port
   * through {@link #call}, naming the ECR operation it makes and its region, so that what applies
   * to every call (rate limiting, metrics) is an override of that hook and nothing is forwarded by
   * hand elsewhere. A decorator that changes one method (batching) overrides that method.
   */
  abstract class Forwarding implements EcrPort {
    private final EcrPort next;

    protected Forwarding(EcrPort next) {
      this.next = Objects.requireNonNull(next, "next");
    }

    /**
     * The hook every forwarded call goes through: {@code call} makes one call of {@code operation}
     * in {@code region}, one however many names or pages it carries. This one only makes it; a
     * decorator overrides it to act around every call.
     */
    protected <T> T call(EcrOperation operation, String region, Supplier<T> call) {
      return call.get();
    }

    private <T> T call(EcrOperation operation, RepositoryRef ref, Supplier<T> call) {
      return call(operation, ref.region(), call);
    }

    private void run(EcrOperation operation, RepositoryRef ref, Runnable call) {
      run(operation, ref.region(), call);
    }

    private void run(EcrOperation operation, String region, Runnable call) {
      call(
          operation,
          region,
          () -> {
            call.run();
            return null;
          });
    }

    @Override
    public Optional<RepositoryInfo> describeRepository(RepositoryRef ref) {
      return call(EcrOperation.DESCRIBE_REPOSITORIES, ref, () -> next.describeRepository(ref));
    }

    @Override
    public Map<String, RepositoryInfo> describeRepositories(String region, List<String> names) {
      return call(
          EcrOperation.DESCRIBE_REPOSITORIES,
          region,
          () -> next.describeRepositories(region, names));
    }

    @Override
    public RepositoryInfo createRepository(
        RepositoryRef ref, RepositorySettings settings, Map<String, String> tags) {
      return call(
          EcrOperation.CREATE_REPOSITORY, ref, () -> next.createRepository(ref, settings, tags));
    }

    @Override
    public void putImageTagMutability(
        RepositoryRef ref, String mutability, List<String> exclusionFilters) {
      run(
          EcrOperation.PUT_IMAGE_TAG_MUTABILITY,
          ref,
          () -> next.putImageTagMutability(ref, mutability, exclusionFilters));
    }

    @Override
    public void putImageScanningConfiguration(RepositoryRef ref, boolean scanOnPush) {
      run(
          EcrOperation.PUT_IMAGE_SCANNING_CONFIGURATION,
          ref,
          () -> next.putImageScanningConfiguration(ref, scanOnPush));
    }

    @Override
    public Map<String, String> listTags(RepositoryRef ref, String repositoryArn) {
      return call(
          EcrOperation.LIST_TAGS_FOR_RESOURCE, ref, () -> next.listTags(ref, repositoryArn));
    }

    @Override
    public void tagResource(RepositoryRef ref, String repositoryArn, Map<String, String> tags) {
      run(EcrOperation.TAG_RESOURCE, ref, () -> next.tagResource(ref, repositoryArn, tags));
    }

    @Override
    public void untagResource(RepositoryRef ref, String repositoryArn, Collection<String> tagKeys) {
      run(EcrOperation.UNTAG_RESOURCE, ref, () -> next.untagResource(ref, repositoryArn, tagKeys));
    }

    @Override
    public Optional<String> getRepositoryPolicy(RepositoryRef ref) {
      return call(EcrOperation.GET_REPOSITORY_POLICY, ref, () -> next.getRepositoryPolicy(ref));
    }

    @Override
    public void setRepositoryPolicy(RepositoryRef ref, String policyText) {
      run(EcrOperation.SET_REPOSITORY_POLICY, ref, () -> next.setRepositoryPolicy(ref, policyText));
    }

    @Override
    public boolean deleteRepositoryPolicy(RepositoryRef ref) {
      return call(
          EcrOperation.DELETE_REPOSITORY_POLICY, ref, () -> next.deleteRepositoryPolicy(ref));
    }

    @Override
    public Optional<LifecyclePolicyState> getLifecyclePolicy(RepositoryRef ref) {
      return call(EcrOperation.GET_LIFECYCLE_POLICY, ref, () -> next.getLifecyclePolicy(ref));
    }

    @Override
    public void putLifecyclePolicy(RepositoryRef ref, String policyText) {
      run(EcrOperation.PUT_LIFECYCLE_POLICY, ref, () -> next.putLifecyclePolicy(ref, policyText));
    }

    @Override
    public boolean deleteLifecyclePolicy(RepositoryRef ref) {
      return call(EcrOperation.DELETE_LIFECYCLE_POLICY, ref, () -> next.deleteLifecyclePolicy(ref));
    }

    @Override
    public void startLifecyclePolicyPreview(RepositoryRef ref, String policyText) {
      run(
          EcrOperation.START_LIFECYCLE_POLICY_PREVIEW,
          ref,
          () -> next.startLifecyclePolicyPreview(ref, policyText));
    }

    @Override
    public Optional<LifecyclePreview> getLifecyclePolicyPreview(RepositoryRef ref) {
      return call(
          EcrOperation.GET_LIFECYCLE_POLICY_PREVIEW,
          ref,
          () -> next.getLifecyclePolicyPreview(ref));
    }

    @Override
    public long countImages(RepositoryRef ref) {
      return call(EcrOperation.LIST_IMAGES, ref, () -> next.countImages(ref));
    }

    @Override
    public ImagePage describeImages(RepositoryRef ref, String nextToken) {
      return call(EcrOperation.DESCRIBE_IMAGES, ref, () -> next.describeImages(ref, nextToken));
    }

    @Override
    public Optional<ImageManifest> getManifest(RepositoryRef ref, String digest) {
      return call(EcrOperation.BATCH_GET_IMAGE, ref, () -> next.getManifest(ref, digest));
    }

    @Override
    public void tagImage(RepositoryRef ref, ImageManifest manifest, String tag) {
      run(EcrOperation.PUT_IMAGE, ref, () -> next.tagImage(ref, manifest, tag));
    }

    @Override
    public Map<String, String> untagImages(RepositoryRef ref, List<String> tags) {
      return call(EcrOperation.BATCH_DELETE_IMAGE, ref, () -> next.untagImages(ref, tags));
    }

    @Override
    public boolean deleteRepository(RepositoryRef ref, boolean force) {
      return call(EcrOperation.DELETE_REPOSITORY, ref, () -> next.deleteRepository(ref, force));
    }

    @Override
    public Optional<PullThroughCacheRule> describePullThroughCacheRule(
        String region, String prefix) {
      return call(
          EcrOperation.DESCRIBE_PULL_THROUGH_CACHE_RULES,
          region,
          () -> next.describePullThroughCacheRule(region, prefix));
    }

    @Override
    public void createPullThroughCacheRule(String region, PullThroughCacheRule rule) {
      run(
          EcrOperation.CREATE_PULL_THROUGH_CACHE_RULE,
          region,
          () -> next.createPullThroughCacheRule(region, rule));
    }

    @Override
    public void updatePullThroughCacheRule(
        String region, String prefix, String credentialArn, String customRoleArn) {
      run(
          EcrOperation.UPDATE_PULL_THROUGH_CACHE_RULE,
          region,
          () -> next.updatePullThroughCacheRule(region, prefix, credentialArn, customRoleArn));
    }

    @Override
    public boolean deletePullThroughCacheRule(String region, String prefix) {
      return call(
          EcrOperation.DELETE_PULL_THROUGH_CACHE_RULE,
          region,
          () -> next.deletePullThroughCacheRule(region, prefix));
    }

    @Override
    public PullThroughCacheValidation validatePullThroughCacheRule(String region, String prefix) {
      return call(
          EcrOperation.VALIDATE_PULL_THROUGH_CACHE_RULE,
          region,
          () -> next.validatePullThroughCacheRule(region, prefix));
    }

    @Override
    public Optional<RepositoryCreationTemplate> describeRepositoryCreationTemplate(
        String region, String prefix) {
      return call(
          EcrOperation.DESCRIBE_REPOSITORY_CREATION_TEMPLATES,
          region,
          () -> next.describeRepositoryCreationTemplate(region, prefix));
    }

    @Override
    public void createRepositoryCreationTemplate(
        String region, RepositoryCreationTemplate template) {
      run(
          EcrOperation.CREATE_REPOSITORY_CREATION_TEMPLATE,
          region,
          () -> next.createRepositoryCreationTemplate(region, template));
    }

    @Override
    public void updateRepositoryCreationTemplate(
        String region, RepositoryCreationTemplate template) {
      run(
          EcrOperation.UPDATE_REPOSITORY_CREATION_TEMPLATE,
          region,
          () -> next.updateRepositoryCreationTemplate(region, template));
    }

    @Override
    public boolean deleteRepositoryCreationTemplate(String region, String prefix) {
      return call(
          EcrOperation.DELETE_REPOSITORY_CREATION_TEMPLATE,
          region,
          () -> next.deleteRepositoryCreationTemplate(region, prefix));
    }

    // --- Registry settings ---

    @Override
    public String registryId(String region) {
      return call(EcrOperation.DESCRIBE_REGISTRY, region, () -> next.registryId(region));
    }

    @Override
    public List<ReplicationRule> describeReplication(String region) {
      return call(EcrOperation.DESCRIBE_REGISTRY, region, () -> next.describeReplication(region));
    }

    @Override
    public void putReplication(String region, List<ReplicationRule> rules) {
      run(
          EcrOperation.PUT_REPLICATION_CONFIGURATION,
          region,
          () -> next.putReplication(region, rules));
    }

    @Override
    public RegistryScanning getRegistryScanning(String region) {
      return call(
          EcrOperation.GET_REGISTRY_SCANNING_CONFIGURATION,
          region,
          () -> next.getRegistryScanning(region));
    }

    @Override
    public void putRegistryScanning(String region, RegistryScanning scanning) {
      run(
          EcrOperation.PUT_REGISTRY_SCANNING_CONFIGURATION,
          region,
          () -> next.putRegistryScanning(region, scanning));
    }

    @Override
    public Optional<String> getRegistryPolicy(String region) {
      return call(EcrOperation.GET_REGISTRY_POLICY, region, () -> next.getRegistryPolicy(region));
    }

    @Override
    public void putRegistryPolicy(String region, String policyText) {
      run(
          EcrOperation.PUT_REGISTRY_POLICY,
          region,
          () -> next.putRegistryPolicy(region, policyText));
    }

    @Override
    public boolean deleteRegistryPolicy(String region) {
      return call(
          EcrOperation.DELETE_REGISTRY_POLICY, region, () -> next.deleteRegistryPolicy(region));
    }

    @Override
    public Optional<List<SigningRule>> getSigning(String region) {
      return call(EcrOperation.GET_SIGNING_CONFIGURATION, region, () -> next.getSigning(region));
    }

    @Override
    public void putSigning(String region, List<SigningRule> rules) {
      run(EcrOperation.PUT_SIGNING_CONFIGURATION, region, () -> next.putSigning(region, rules));
    }

    @Override
    public boolean deleteSigning(String region) {
      return call(
          EcrOperation.DELETE_SIGNING_CONFIGURATION, region, () -> next.deleteSigning(region));
    }

    @Override
    public List<String> listPullTimeUpdateExclusions(String region) {
      return call(
          EcrOperation.LIST_PULL_TIME_UPDATE_EXCLUSIONS,
          region,
          () -> next.listPullTimeUpdateExclusions(region));
    }

    @Override
    public void registerPullTimeUpdateExclusion(String region, String principalArn) {
      run(
          EcrOperation.REGISTER_PULL_TIME_UPDATE_EXCLUSION,
          region,
          () -> next.registerPullTimeUpdateExclusion(region, principalArn));
    }

    @Override
    public boolean deregisterPullTimeUpdateExclusion(String region, String principalArn) {
      return call(
          EcrOperation.DEREGISTER_PULL_TIME_UPDATE_EXCLUSION,
          region,
          () -> next.deregisterPullTimeUpdateExclusion(region, principalArn));
    }
  }
}
