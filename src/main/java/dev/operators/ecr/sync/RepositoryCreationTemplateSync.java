package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.Encryption;
import dev.operators.ecr.aws.ReadOnlyEcrPort;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.policy.InvalidPolicyException;
import dev.operators.ecr.policy.LifecyclePolicy;
import dev.operators.ecr.policy.RepositoryPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a repository creation template as declared. Each setting the spec declares is compared by
 * meaning (the lifecycle and repository policies canonically, lists as sets); one it leaves out is
 * whatever ECR holds. When one differs, a single update writes the template as found with the
 * declared settings over it, since ECR replaces the tag list of a template as a whole.
 */
public final class RepositoryCreationTemplateSync
    implements SettingSync<DesiredRepositoryCreationTemplate, Void> {

  private final EcrPort ecr;

  public RepositoryCreationTemplateSync(EcrPort ecr) {
    this.ecr = ecr;
  }

  @Override
  public RepositoryCreationTemplateSync readOnly() {
    return new RepositoryCreationTemplateSync(new ReadOnlyEcrPort(ecr));
  }

  @Override
  public SettingOutcome<Void> sync(DesiredRepositoryCreationTemplate desired, boolean managed) {
    String region = desired.region();
    Optional<RepositoryCreationTemplate> found =
        ecr.describeRepositoryCreationTemplate(region, desired.prefix());
    if (found.isEmpty()) {
      ecr.createRepositoryCreationTemplate(region, desired.template());
      return new SettingOutcome<>(
          SettingOutcome.Action.CREATED,
          managed ? List.of(SettingOutcome.WHOLE) : List.of(),
          null,
          null);
    }
    List<String> fields = differences(desired, found.get());
    if (!fields.isEmpty()) {
      ecr.updateRepositoryCreationTemplate(region, merged(desired, found.get()));
    }
    SettingOutcome.Action action =
        !managed
            ? SettingOutcome.Action.ADOPTED
            : fields.isEmpty() ? SettingOutcome.Action.UNCHANGED : SettingOutcome.Action.UPDATED;
    return new SettingOutcome<>(action, fields, null, null);
  }

  @Override
  public boolean delete(DesiredRepositoryCreationTemplate desired) {
    return ecr.deleteRepositoryCreationTemplate(desired.region(), desired.prefix());
  }

  /** The declared settings that ECR's template does not hold, by spec field name. */
  static List<String> differences(
      DesiredRepositoryCreationTemplate desired, RepositoryCreationTemplate found) {
    List<String> fields = new ArrayList<>();
    if (!Set.copyOf(desired.appliedFor()).equals(Set.copyOf(found.appliedFor()))) {
      fields.add("appliedFor");
    }
    if (desired.description() != null
        && !Objects.equals(text(desired.description()), text(found.description()))) {
      fields.add("description");
    }
    Encryption encryption = desired.encryption();
    if (encryption != null
        && (!encryption.type().equals(found.encryptionType())
            // A key left out is ECR's choice (its AWS managed key): not compared.
            || encryption.kmsKey() != null && !encryption.kmsKey().equals(found.kmsKey()))) {
      fields.add("encryption");
    }
    if (desired.imageTagMutability() != null
        && !desired.imageTagMutability().equals(found.imageTagMutability())) {
      fields.add("imageTagMutability");
    }
    if (desired.imageTagMutabilityExclusionFilters() != null
        && !new HashSet<>(desired.imageTagMutabilityExclusionFilters())
            .equals(new HashSet<>(found.imageTagMutabilityExclusionFilters()))) {
      fields.add("imageTagMutabilityExclusionFilters");
    }
    if (desired.policy() != null
        && !desired.policy().applied().json().equals(lifecyclePolicy(found.lifecyclePolicy()))) {
      fields.add("lifecyclePolicy");
    }
    if (desired.repositoryPolicy() != null
        && !desired
            .repositoryPolicy()
            .canonical()
            .digest()
            .equals(repositoryPolicy(found.repositoryPolicy()))) {
      fields.add("repositoryPolicy");
    }
    if (desired.resourceTags() != null && !desired.resourceTags().equals(found.resourceTags())) {
      fields.add("resourceTags");
    }
    if (desired.customRoleArn() != null && !desired.customRoleArn().equals(found.customRoleArn())) {
      fields.add("customRoleArn");
    }
    return fields;
  }

  // The template as found, with every declared setting over it: what the update sends.
  private static RepositoryCreationTemplate merged(
      DesiredRepositoryCreationTemplate desired, RepositoryCreationTemplate found) {
    RepositoryCreationTemplate wanted = desired.template();
    boolean mutability = desired.imageTagMutability() != null;
    return new RepositoryCreationTemplate(
        found.prefix(),
        or(wanted.description(), found.description()),
        wanted.appliedFor(),
        or(wanted.encryptionType(), found.encryptionType()),
        desired.encryption() != null ? wanted.kmsKey() : found.kmsKey(),
        mutability ? wanted.imageTagMutability() : found.imageTagMutability(),
        mutability
            ? wanted.imageTagMutabilityExclusionFilters()
            : found.imageTagMutabilityExclusionFilters(),
        or(wanted.lifecyclePolicy(), found.lifecyclePolicy()),
        or(wanted.repositoryPolicy(), found.repositoryPolicy()),
        desired.resourceTags() != null ? wanted.resourceTags() : found.resourceTags(),
        or(wanted.customRoleArn(), found.customRoleArn()));
  }

  private static String or(String declared, String found) {
    return declared != null ? declared : found;
  }

  // An absent and an empty description are the same.
  private static String text(String value) {
    return value == null ? "" : value;
  }

  // What ECR holds, canonical; null when none, or when it is no policy this operator could write.
  private static String lifecyclePolicy(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return LifecyclePolicy.parse(text).canonical().json();
    } catch (InvalidPolicyException e) {
      return null;
    }
  }

  private static String repositoryPolicy(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return RepositoryPolicy.parse(text).digest();
    } catch (InvalidPolicyException e) {
      return null;
    }
  }
}
