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
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A source turned off is not watched; protection off watches nothing. */
class InUseSourcesOperatorTest {
  @RegisterExtension
  static final OperatorEnvironment podsOnly =
      OperatorEnvironment.create()
          .settings(
              OperatorSettings.builder()
                  .inUse(new InUseSettings(InUseProtection.REPORT, Set.of(InUseSource.PODS))));

  @RegisterExtension
  static final OperatorEnvironment off =
      OperatorEnvironment.create().settings(OperatorSettings.builder().inUse(InUseSettings.OFF));

  @Test
  void aSourceTurnedOffIsNotWatched() {
    assertEquals(Set.of(InUseSource.PODS), podsOnly.operator().imagesInUse().sources());
    podsOnly
        .client
        .apps()
        .deployments()
        .resource(deployment("team", "api", HOST + "/team/api:1"))
        .create();
    podsOnly
        .client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("later")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage(HOST + "/team/worker:1")
                .endContainer()
                .endSpec()
                .build())
        .create();

    // The Pod, created after the Deployment, is seen: the Deployment would have been by now.
    eventually(() -> assertEquals(1, users(podsOnly, "team/worker").size()));
    assertEquals(Map.of(), index(podsOnly).inUse(ACCOUNT, OperatorEnvironment.REGION, "team/api"));
    assertEquals(1, index(podsOnly).workloads());
  }

  @Test
  void nothingIsWatchedWhenProtectionIsOff() {
    assertEquals(Set.of(), off.operator().imagesInUse().sources());
    off.client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage(HOST + "/team/api:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    assertTrue(off.operator().imagesInUse().synced());
    assertEquals(0, index(off).workloads());
    assertEquals(Set.of(), index(off).repositories());
  }
}
