package dev.operators.ecr.runtime.inuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operators.ecr.inuse.EcrImage;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadImagesTest {
  private static final String HOST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String DIGEST =
      "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private static Set<String> written(Set<EcrImage> images) {
    return images.stream().map(EcrImage::toString).collect(Collectors.toSet());
  }

  private static Pod running(String container, String imageId) {
    return new PodBuilder(pod())
        .withNewStatus()
        .addToContainerStatuses(
            new ContainerStatusBuilder().withName(container).withImageID(imageId).build())
        .endStatus()
        .build();
  }

  private static Pod pod() {
    return new PodBuilder()
        .withNewSpec()
        .addNewInitContainer()
        .withName("init")
        .withImage(HOST + "/init:1")
        .endInitContainer()
        .addNewContainer()
        .withName("app")
        .withImage(HOST + "/app:2")
        .endContainer()
        .addNewContainer()
        .withName("hub")
        .withImage("nginx:1.25")
        .endContainer()
        .addNewEphemeralContainer()
        .withName("debug")
        .withImage(HOST + "/debug")
        .endEphemeralContainer()
        .endSpec()
        .build();
  }

  @Test
  void aPodNotRunningCountsByTheReferencesOfEveryKindOfContainer() {
    assertEquals(
        Set.of(HOST + "/init:1", HOST + "/app:2", HOST + "/debug:latest"),
        written(WorkloadImages.of(pod())));
  }

  @Test
  void aStartedContainerCountsByTheDigestItsStatusReports() {
    Pod pod =
        new PodBuilder(pod())
            .withNewStatus()
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withImageID(HOST + "/app@" + DIGEST)
                    .build())
            .addToEphemeralContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("debug")
                    .withImageID("docker-pullable://" + HOST + "/debug@" + DIGEST)
                    .build())
            .addToInitContainerStatuses(
                // An image ID without a repository digest: the spec's reference still counts.
                new ContainerStatusBuilder().withName("init").withImageID(DIGEST).build())
            .endStatus()
            .build();

    assertEquals(
        Set.of(HOST + "/init:1", HOST + "/app@" + DIGEST, HOST + "/debug@" + DIGEST),
        written(WorkloadImages.of(pod)));
  }

  @Test
  void aDigestReportedUnderAnotherRepositoryKeepsTheSpecsReferenceToo() {
    Pod pod = running("app", HOST + "/app-copy@" + DIGEST);

    assertEquals(
        Set.of(
            HOST + "/init:1",
            HOST + "/app:2",
            HOST + "/app-copy@" + DIGEST,
            HOST + "/debug:latest"),
        written(WorkloadImages.of(pod)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      nullValues = "-",
      value = {
        "docker-pullable://" + HOST + "/app@" + DIGEST + "," + HOST + "/app@" + DIGEST,
        "docker://" + HOST + "/app@" + DIGEST + "," + HOST + "/app@" + DIGEST,
        HOST + "/app:1@" + DIGEST + "," + HOST + "/app@" + DIGEST,
        HOST + "/app:1,-",
        DIGEST + ",-",
        "docker.io/library/nginx@" + DIGEST + ",-",
        "'',-",
      })
  void readsAStatusImageIdByDigestOnly(String imageId, String expected) {
    assertEquals(
        Optional.ofNullable(expected), WorkloadImages.digestOf(imageId).map(EcrImage::toString));
  }

  @Test
  void aReplicaSetCountsOnlyWhenADeploymentOwnsIt() {
    ReplicaSet standalone =
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName("rs")
            .endMetadata()
            .withNewSpec()
            .withTemplate(
                new PodTemplateSpecBuilder()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("c")
                    .withImage(HOST + "/app:1")
                    .endContainer()
                    .endSpec()
                    .build())
            .endSpec()
            .build();
    ReplicaSet owned =
        new ReplicaSetBuilder(standalone)
            .editMetadata()
            .addNewOwnerReference()
            .withKind("Deployment")
            .withName("app")
            .endOwnerReference()
            .endMetadata()
            .build();

    assertEquals(Set.of(), WorkloadImages.of(standalone));
    assertEquals(Set.of(HOST + "/app:1"), written(WorkloadImages.of(owned)));
  }

  @Test
  void emptyObjectsUseNoImage() {
    assertEquals(Set.of(), WorkloadImages.of(new Pod()));
    assertEquals(Set.of(), WorkloadImages.of(new CronJob()));
    assertEquals(Set.of(), WorkloadImages.of(new ReplicaSet()));
  }
}
