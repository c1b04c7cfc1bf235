package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrRepository;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on an EcrRepository, for {@code kubectl describe}. */
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

  public void normal(EcrRepository resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(EcrRepository resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  // An Event that cannot be written is logged, never allowed to fail the reconcile.
  private void record(EcrRepository resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(meta.getNamespace())
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
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}/{}: could not record event {}: {}",
          meta.getNamespace(),
          meta.getName(),
          reason,
          e.getMessage());
    }
  }
}
