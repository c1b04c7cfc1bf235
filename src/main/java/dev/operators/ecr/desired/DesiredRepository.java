package dev.operators.ecr.desired;

import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.aws.RepositorySettings;
import java.util.Map;

/**
 * What ECR should hold for one EcrRepository, built from its spec by {@link DesiredState}. A null
 * field (or a null inside {@code settings}) is not managed.
 *
 * @param settings tag mutability, scan on push and encryption, as declared
 * @param tags the spec's tags, without the owner tag; null when the spec declares none
 * @param repositoryPolicy null when the spec declares none
 * @param policy the lifecycle policy; null when the spec declares none
 * @param adopt whether a repository no resource owns may be taken over
 * @param guardInUse whether the guard reports the images in use the lifecycle policy would take,
 *     when the operator watches what runs: false when the spec turns it off
 * @param protectInUse whether the images in use are kept from the lifecycle policy (Protect): then
 *     {@code policy} applies the protection rule first
 */
public record DesiredRepository(
    RepositoryRef ref,
    Owner owner,
    RepositorySettings settings,
    Map<String, String> tags,
    DesiredRepositoryPolicy repositoryPolicy,
    DesiredPolicy policy,
    boolean adopt,
    boolean guardInUse,
    boolean protectInUse) {

  /** Every tag the repository should carry: the spec's and the owner tag. */
  public Map<String, String> allTags() {
    if (tags == null || tags.isEmpty()) {
      return owner.asTags();
    }
    var all = new java.util.TreeMap<>(tags);
    all.putAll(owner.asTags());
    return all;
  }
}
