package dev.operators.ecr.runtime.inuse;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.ImageReference;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ECR images an object of the cluster uses: a Pod's, by digest from its container statuses once
 * a container has started and by the reference of its spec before; a workload's, from its pod
 * template. References outside ECR are left out; nothing here throws on what an object holds.
 */
final class WorkloadImages {
  // Docker-based runtimes report the image ID with a scheme in front; containerd without one.
  private static final List<String> IMAGE_ID_SCHEMES = List.of("docker-pullable://", "docker://");

  private WorkloadImages() {}

  static Set<EcrImage> of(Pod pod) {
    Set<EcrImage> images = new LinkedHashSet<>();
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return images;
    }
    PodStatus status = pod.getStatus();
    for (Container c : nonNull(spec.getInitContainers())) {
      add(
          images,
          c.getName(),
          c.getImage(),
          status == null ? null : status.getInitContainerStatuses());
    }
    for (Container c : nonNull(spec.getContainers())) {
      add(images, c.getName(), c.getImage(), status == null ? null : status.getContainerStatuses());
    }
    for (EphemeralContainer c : nonNull(spec.getEphemeralContainers())) {
      add(
          images,
          c.getName(),
          c.getImage(),
          status == null ? null : status.getEphemeralContainerStatuses());
    }
    return images;
  }

  static Set<EcrImage> of(Deployment deployment) {
    return deployment.getSpec() == null ? Set.of() : of(deployment.getSpec().getTemplate());
  }

  /** A ReplicaSet's template, kept only when a Deployment owns it (for a rollback). */
  static Set<EcrImage> of(ReplicaSet replicaSet) {
    boolean ownedByDeployment =
        replicaSet.getMetadata() != null
            && nonNull(replicaSet.getMetadata().getOwnerReferences()).stream()
                .map(OwnerReference::getKind)
                .anyMatch("Deployment"::equals);
    return !ownedByDeployment || replicaSet.getSpec() == null
        ? Set.of()
        : of(replicaSet.getSpec().getTemplate());
  }

  static Set<EcrImage> of(StatefulSet statefulSet) {
    return statefulSet.getSpec() == null ? Set.of() : of(statefulSet.getSpec().getTemplate());
  }

  static Set<EcrImage> of(DaemonSet daemonSet) {
    return daemonSet.getSpec() == null ? Set.of() : of(daemonSet.getSpec().getTemplate());
  }

  static Set<EcrImage> of(Job job) {
    return job.getSpec() == null ? Set.of() : of(job.getSpec().getTemplate());
  }

  static Set<EcrImage> of(CronJob cronJob) {
    if (cronJob.getSpec() == null || cronJob.getSpec().getJobTemplate() == null) {
      return Set.of();
    }
    var jobSpec = cronJob.getSpec().getJobTemplate().getSpec();
    return jobSpec == null ? Set.of() : of(jobSpec.getTemplate());
  }

  static Set<EcrImage> of(PodTemplateSpec template) {
    Set<EcrImage> images = new LinkedHashSet<>();
    if (template == null || template.getSpec() == null) {
      return images;
    }
    PodSpec spec = template.getSpec();
    for (Container c : nonNull(spec.getInitContainers())) {
      EcrImage.parse(c.getImage()).ifPresent(images::add);
    }
    for (Container c : nonNull(spec.getContainers())) {
      EcrImage.parse(c.getImage()).ifPresent(images::add);
    }
    return images;
  }

  /**
   * One container: the digest its status reports once it has one; the spec's reference before, and
   * also after when the digest was reported under another repository (a runtime names one of the
   * repositories an image was pulled under).
   */
  private static void add(
      Set<EcrImage> images, String name, String image, List<ContainerStatus> statuses) {
    Optional<EcrImage> declared = EcrImage.parse(image);
    Optional<EcrImage> running = running(name, statuses);
    running.ifPresent(images::add);
    if (declared.isPresent()
        && (running.isEmpty()
            || !running.get().repository().equals(declared.get().repository())
            || !running.get().account().equals(declared.get().account())
            || !running.get().region().equals(declared.get().region()))) {
      images.add(declared.get());
    }
  }

  private static Optional<EcrImage> running(String name, List<ContainerStatus> statuses) {
    for (ContainerStatus status : nonNull(statuses)) {
      if (name != null && name.equals(status.getName())) {
        return digestOf(status.getImageID());
      }
    }
    return Optional.empty();
  }

  /** The image a status's {@code imageID} names, by digest only. */
  static Optional<EcrImage> digestOf(String imageId) {
    if (imageId == null) {
      return Optional.empty();
    }
    String reference = imageId;
    for (String scheme : IMAGE_ID_SCHEMES) {
      if (reference.startsWith(scheme)) {
        reference = reference.substring(scheme.length());
      }
    }
    return ImageReference.parse(reference)
        .filter(r -> r.digest() != null)
        .map(r -> new ImageReference(r.host(), r.path(), null, r.digest()))
        .flatMap(EcrImage::of);
  }

  /** The key of an object in the index: its kind, namespace, name and UID. */
  static boolean identified(HasMetadata object) {
    var meta = object.getMetadata();
    return meta != null
        && meta.getName() != null
        && meta.getNamespace() != null
        && meta.getUid() != null;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
