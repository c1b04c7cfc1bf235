package dev.operators.ecr.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.InUseIndex;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watches on what runs, against the mock API: what the index sees as pods and workloads change.
 */
class ImagesInUseOperatorTest {
  static final String ACCOUNT = "123456789012";
  static final String HOST = ACCOUNT + ".dkr.ecr." + OperatorEnvironment.REGION + ".amazonaws.com";
  static final String DIGEST =
      "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static Set<String> users(OperatorEnvironment env, String repository) {
    return index(env).inUse(ACCOUNT, OperatorEnvironment.REGION, repository).entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(w -> w + " " + e.getKey()))
        .collect(Collectors.toSet());
  }

  // The tests share one environment: each looks at its own namespace's repositories.
  static Set<String> teamRepositories() {
    return index(env).repositories().stream()
        .filter(r -> r.contains("/team/"))
        .collect(Collectors.toSet());
  }

  static InUseIndex index(OperatorEnvironment env) {
    return env.operator().imagesInUse().index();
  }

  static void eventually(Runnable assertion) {
    Awaitility.await().atMost(OperatorEnvironment.DEADLINE).untilAsserted(assertion::run);
  }

  static PodTemplateSpec template(String... images) {
    var builder = new PodTemplateSpecBuilder().withNewSpec();
    for (int i = 0; i < images.length; i++) {
      builder.addNewContainer().withName("c" + i).withImage(images[i]).endContainer();
    }
    return builder.endSpec().build();
  }

  static ReplicaSet replicaSet(String name, String image) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withNamespace("shop")
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withTemplate(template(image))
        .endSpec()
        .build();
  }

  /** A ReplicaSet of namespace {@code shop} that the Deployment {@code deployment} owns. */
  static ReplicaSet ownedReplicaSet(String name, String image, String deployment) {
    ReplicaSet owned = replicaSet(name, image);
    owned
        .getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment)
                .withUid("d-uid")
                .build());
    return owned;
  }

  static Deployment deployment(String namespace, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withTemplate(template(image))
        .endSpec()
        .build();
  }

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  @Test
  void aPodCountsByTagBeforeItRunsAndByDigestOnceItDoes() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("team")
            .withName("api-5d9c-xyz")
            .endMetadata()
            .withNewSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withImage(HOST + "/team/migrate:7")
            .endInitContainer()
            .addNewContainer()
            .withName("api")
            .withImage(HOST + "/team/api:1.2")
            .endContainer()
            .addNewContainer()
            .withName("proxy")
            .withImage("docker.io/envoyproxy/envoy:v1.30")
            .endContainer()
            .endSpec()
            .build();
    env.client.pods().resource(pod).create();

    eventually(
        () -> {
          assertEquals(
              Set.of("Pod team/api-5d9c-xyz " + HOST + "/team/api:1.2"), users(env, "team/api"));
          assertEquals(
              Set.of("Pod team/api-5d9c-xyz " + HOST + "/team/migrate:7"),
              users(env, "team/migrate"));
        });
    // The envoy image is not in ECR: only the two repositories above are seen.
    assertEquals(2, teamRepositories().size());

    env.client
        .pods()
        .inNamespace("team")
        .withName("api-5d9c-xyz")
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withStatus(
                        new PodStatusBuilder()
                            .withPhase("Running")
                            .withContainerStatuses(
                                new ContainerStatusBuilder()
                                    .withName("api")
                                    .withImage(HOST + "/team/api:1.2")
                                    .withImageID(
                                        "docker-pullable://" + HOST + "/team/api@" + DIGEST)
                                    .build())
                            .build())
                    .build());

    eventually(
        () ->
            assertEquals(
                Set.of("Pod team/api-5d9c-xyz " + HOST + "/team/api@" + DIGEST),
                users(env, "team/api")));
    EcrImage byTag = EcrImage.parse(HOST + "/team/api:1.2").orElseThrow();
    assertTrue(
        index(env).stoppedAt(byTag).isPresent(),
        "the tag stopped counting once the digest is known");

    env.client.pods().inNamespace("team").withName("api-5d9c-xyz").delete();

    eventually(() -> assertEquals(Set.of(), teamRepositories()));
    EcrImage byDigest = EcrImage.parse(HOST + "/team/api@" + DIGEST).orElseThrow();
    assertTrue(index(env).stoppedAt(byDigest).isPresent());
  }

  @Test
  void workloadTemplatesCountAndOnlyADeploymentsReplicaSets() {
    env.client
        .apps()
        .deployments()
        .resource(deployment("shop", "cart", HOST + "/shop/cart:3"))
        .create();
    env.client
        .apps()
        .replicaSets()
        .resource(ownedReplicaSet("cart-7f8d", HOST + "/shop/cart:2", "cart"))
        .create();
    env.client
        .apps()
        .replicaSets()
        .resource(replicaSet("standalone", HOST + "/shop/cart:1"))
        .create();
    env.client
        .apps()
        .statefulSets()
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withTemplate(template(HOST + "/shop/db@" + DIGEST))
                .endSpec()
                .build())
        .create();
    env.client
        .batch()
        .v1()
        .cronjobs()
        .resource(
            new io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("report")
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 * * * *")
                .withNewJobTemplate()
                .withNewSpec()
                .withTemplate(template(HOST + "/shop/report", "busybox"))
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build())
        .create();

    eventually(
        () -> {
          assertEquals(
              Set.of(
                  "Deployment shop/cart " + HOST + "/shop/cart:3",
                  "ReplicaSet shop/cart-7f8d " + HOST + "/shop/cart:2"),
              users(env, "shop/cart"));
          assertEquals(
              Set.of("StatefulSet shop/db " + HOST + "/shop/db@" + DIGEST), users(env, "shop/db"));
          assertEquals(
              Set.of("CronJob shop/report " + HOST + "/shop/report:latest"),
              users(env, "shop/report"));
        });

    env.client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("cart")
        .edit(d -> deployment("shop", "cart", HOST + "/shop/cart:4"));
    eventually(
        () ->
            assertEquals(
                Set.of(
                    "Deployment shop/cart " + HOST + "/shop/cart:4",
                    "ReplicaSet shop/cart-7f8d " + HOST + "/shop/cart:2"),
                users(env, "shop/cart")));
  }
}
