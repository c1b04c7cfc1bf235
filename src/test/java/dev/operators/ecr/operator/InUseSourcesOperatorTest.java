package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.ImagesInUseOperatorTest.ACCOUNT;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.HOST;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.deployment;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.eventually;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.index;
import static dev.operators.ecr.operator.ImagesInUseOperatorTest.users;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.inuse.InUseSettings;
import dev.operators.ecr.runtime.inuse.InUseSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A source turned off is not watched, nor a namespace outside {@code --namespaces}; protection off
 * watches nothing.
 */
class InUseSourcesOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment podsOnly =
      OperatorEnvironment.create()
          .settings(
              OperatorSettings.builder()
                  .namespaces(Set.of("team", "shop"))
                  .inUse(new InUseSettings(InUseProtection.REPORT, Set.of(InUseSource.PODS))));

  @RegisterExtension
  static final OperatorEnvironment off =
      OperatorEnvironment.create().settings(OperatorSettings.builder().inUse(InUseSettings.OFF));

  static Pod pod(String namespace, String name, String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void aSourceTurnedOffIsNotWatchedNorANamespaceOutsideTheWatchedOnes() {
    assertEquals(Set.of(InUseSource.PODS), podsOnly.operator().imagesInUse().sources());
    podsOnly
        .client
        .apps()
        .deployments()
        .resource(deployment("team", "api", HOST + "/team/api:1"))
        .create();
    podsOnly.client.pods().resource(pod("elsewhere", "p", HOST + "/team/api:2")).create();
    podsOnly.client.pods().resource(pod("shop", "first", HOST + "/team/worker:1")).create();
    podsOnly.client.pods().resource(pod("team", "later", HOST + "/team/worker:1")).create();

    // The Pods of both watched namespaces, created last, are seen: the Deployment and the Pod
    // of another namespace would have been by now.
    eventually(() -> assertEquals(2, users(podsOnly, "team/worker").size()));
    assertEquals(Map.of(), index(podsOnly).inUse(ACCOUNT, OperatorEnvironment.REGION, "team/api"));
    assertEquals(2, index(podsOnly).workloads());
  }

  @Test
  void nothingIsWatchedWhenProtectionIsOff() {
    assertEquals(Set.of(), off.operator().imagesInUse().sources());
    off.client.pods().resource(pod("team", "p", HOST + "/team/api:1")).create();
    assertTrue(off.operator().imagesInUse().synced());
    assertEquals(0, index(off).workloads());
    assertEquals(Set.of(), index(off).repositories());
  }
}
