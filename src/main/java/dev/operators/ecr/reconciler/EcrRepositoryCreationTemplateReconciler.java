package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.EcrRepositoryCreationTemplateStatus;
import dev.operators.ecr.aws.PerIdentity;
import dev.operators.ecr.desired.DesiredPolicy;
import dev.operators.ecr.desired.DesiredRepositoryCreationTemplate;
import dev.operators.ecr.desired.PolicyCatalog;
import dev.operators.ecr.reconciler.cache.Informers;
import dev.operators.ecr.reconciler.cache.TrimmedStore;
import dev.operators.ecr.sync.RepositoryCreationTemplateSync;
import dev.operators.ecr.sync.SettingOutcome;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps each EcrRepositoryCreationTemplate's template in ECR as declared. A template that uses a
 * shared EcrLifecyclePolicy is reconciled again when that policy is created, edited or deleted.
 */
@ControllerConfiguration(name = EcrRepositoryCreationTemplateReconciler.NAME)
public class EcrRepositoryCreationTemplateReconciler
    extends SettingReconciler<
        EcrRepositoryCreationTemplate,
        EcrRepositoryCreationTemplateStatus,
        DesiredRepositoryCreationTemplate,
        Void> {
  public static final String NAME = "ecrrepositorycreationtemplate";
  private static final String POLICIES = "lifecycle-policies";

  // Set when the controller starts (prepareEventSources), before any reconcile.
  private volatile InformerEventSource<EcrLifecyclePolicy, EcrRepositoryCreationTemplate> policies;

  public EcrRepositoryCreationTemplateReconciler(
      ReconcilerSettings settings,
      PerIdentity<RepositoryCreationTemplateSync> syncs,
      AccessSettings access,
      RepositoryEvents events,
      StatusWriter statusWriter,
      Clock clock) {
    super(
        EcrRepositoryCreationTemplateStatus.class,
        settings,
        syncs,
        access,
        events,
        statusWriter,
        clock);
  }

  @Override
  public List<EventSource<?, EcrRepositoryCreationTemplate>> prepareEventSources(
      EventSourceContext<EcrRepositoryCreationTemplate> context) {
    List<EventSource<?, EcrRepositoryCreationTemplate>> sources =
        new ArrayList<>(super.prepareEventSources(context));
    // A shared policy's event reaches the templates that name it (fan-out), those waiting for it
    // to appear included.
    var configuration =
        InformerEventSourceConfiguration.from(
                EcrLifecyclePolicy.class, EcrRepositoryCreationTemplate.class)
            .withName(POLICIES)
            .withSecondaryToPrimaryMapper(
                policy ->
                    context
                        .getPrimaryCache()
                        .list(t -> references(t, policy.getMetadata().getName()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(SharedPolicies::meaningful)
            .withItemStore(new TrimmedStore<>())
            .withInformerListLimit(Informers.LIST_PAGE)
            .build();
    policies = new InformerEventSource<>(configuration, context);
    sources.add(policies);
    return sources;
  }

  /** Whether the template names the shared policy in its spec. */
  static boolean references(EcrRepositoryCreationTemplate template, String policyName) {
    var spec = template.getSpec();
    return spec != null
        && spec.getLifecyclePolicyRef() != null
        && policyName.equals(spec.getLifecyclePolicyRef().getName());
  }

  @Override
  protected Class<EcrRepositoryCreationTemplate> resourceType() {
    return EcrRepositoryCreationTemplate.class;
  }

  @Override
  protected DesiredRepositoryCreationTemplate desired(
      EcrRepositoryCreationTemplate resource, ReconcilerSettings settings) {
    var source = policies;
    PolicyCatalog catalog =
        source == null ? PolicyCatalog.EMPTY : PolicyCatalog.of(source.list().toList());
    return DesiredRepositoryCreationTemplate.of(resource, settings.desired(), catalog);
  }

  @Override
  protected DesiredRepositoryCreationTemplate deletable(
      EcrRepositoryCreationTemplate resource, ReconcilerSettings settings) {
    return DesiredRepositoryCreationTemplate.withoutSharedPolicy(resource, settings.desired());
  }

  @Override
  protected String claimKey(EcrRepositoryCreationTemplate resource, ReconcilerSettings settings) {
    return DesiredRepositoryCreationTemplate.claimOf(resource, settings.desired());
  }

  @Override
  protected EcrRepositoryCreationTemplateStatus status(
      DesiredRepositoryCreationTemplate desired,
      SettingOutcome<Void> outcome,
      EcrRepositoryCreationTemplateStatus previous,
      Instant now) {
    EcrRepositoryCreationTemplateStatus status = new EcrRepositoryCreationTemplateStatus();
    status.setRegion(desired.region());
    status.setPrefix(desired.prefix());
    DesiredPolicy policy = desired.policy();
    if (policy != null) {
      status.setLifecyclePolicy(
          new AppliedLifecyclePolicy(
              policy.source(), policy.name(), policy.canonical().digest(), null));
    }
    return status;
  }
}
