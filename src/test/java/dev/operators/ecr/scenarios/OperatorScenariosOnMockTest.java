package dev.operators.ecr.scenarios;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.runtime.OperatorProcess;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.sandbox.LocalKubernetesApi;
import dev.operators.ecr.sandbox.emulator.EmulatorClients;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@link OperatorScenarios} against the fabric8 mock API server in CRUD mode: the operator
 * started in this JVM the way the jar's {@code run} starts it ({@link OperatorProcess}: the
 * informers, the SDK's ECR clients and roles assumed through STS at the emulator), without leader
 * election, as the only process; manifests are applied and annotations set with the client.
 */
class OperatorScenariosOnMockTest extends OperatorScenarios {
  private LocalKubernetesApi api;
  private OperatorProcess operator;

  @Override
  protected KubernetesClient startKubernetes() {
    api = LocalKubernetesApi.start(0);
    return api.newClient();
  }

  @Override
  protected void startOperator(URI ecrEndpoint) {
    OperatorSettings settings =
        OperatorSettings.builder()
            .defaultRegion(REGION)
            .awsEndpoint(ecrEndpoint)
            .resyncPeriod(RESYNC)
            .build();
    operator =
        OperatorProcess.start(
            settings, LocalKubernetesApi.clientConfig(api.url()), EmulatorClients.CREDENTIALS);
  }

  @Override
  protected void stopOperatorAndKubernetes() {
    try {
      if (operator != null) {
        operator.close();
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  // The mock server has no server-side apply, and its JSON merge patch merges lists: the fields
  // given are merged into the stored object here as RFC 7386 says (lists replaced), the fields
  // others set (the operator's finalizer, the status) staying as they are, and the result is
  // written back at the stored resourceVersion.
  @Override
  protected void apply(HasMetadata resource) {
    HasMetadata stored = admin.resource(resource).get();
    if (stored == null) {
      admin.resource(resource).create();
      return;
    }
    Map<String, Object> merged = asMap(stored);
    mergeInto(merged, asMap(resource));
    admin
        .resource(Serialization.unmarshal(Serialization.asJson(merged), stored.getClass()))
        .update();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(HasMetadata resource) {
    return Serialization.unmarshal(Serialization.asJson(resource), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
    patch.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> inner && target.get(key) instanceof Map<?, ?> current) {
            mergeInto((Map<String, Object>) current, (Map<String, Object>) inner);
          } else {
            target.put(key, value);
          }
        });
  }

  @Override
  protected void applyYaml(String manifest) {
    admin
        .load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(this::apply);
  }

  @Override
  protected void annotate(String namespace, String name, String key, String value) {
    admin
        .resources(EcrRepository.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            r -> {
              if (value == null) {
                r.getMetadata().getAnnotations().remove(key);
              } else {
                r.getMetadata().getAnnotations().put(key, value);
              }
              return r;
            });
  }
}
