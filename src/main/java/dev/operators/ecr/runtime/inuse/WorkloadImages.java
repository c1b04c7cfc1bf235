package dev.operators.ecr.runtime.inuse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.ImageReference;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedCronJob;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedDaemonSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedDeployment;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedJob;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedPod;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedReplicaSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedStatefulSet;
import dev.operators.ecr.runtime.inuse.WatchedObject.WatchedWorkload;
import io.fabric8.kubernetes.api.model.HasMetadata;
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

  static Set<EcrImage> of(WatchedPod pod) {
    Set<EcrImage> images = new LinkedHashSet<>();
    WatchedObject.PodSpec spec = pod.spec;
    if (spec == null) {
      return images;
    }
    WatchedObject.PodStatus status = pod.status;
    for (WatchedObject.Container c : nonNull(spec.initContainers)) {
      add(images, c.name, c.image, status == null ? null : status.initContainerStatuses);
    }
    for (WatchedObject.Container c : nonNull(spec.containers)) {
      add(images, c.name, c.image, status == null ? null : status.containerStatuses);
    }
    for (WatchedObject.Container c : nonNull(spec.ephemeralContainers)) {
      add(images, c.name, c.image, status == null ? null : status.ephemeralContainerStatuses);
    }
    return images;
  }

  /**
   * A workload's pod template (a CronJob's, in its job template); a ReplicaSet's only when a
   * Deployment owns it (for a rollback).
   */
  static Set<EcrImage> of(WatchedWorkload workload) {
    if (workload instanceof WatchedReplicaSet && !workload.ownerKinds().contains("Deployment")) {
      return Set.of();
    }
    WatchedObject.WorkloadSpec spec = workload.spec;
    if (spec != null && workload instanceof WatchedCronJob) {
      spec = spec.jobTemplate == null ? null : spec.jobTemplate.spec;
    }
    return spec == null ? Set.of() : of(spec.template);
  }

  private static Set<EcrImage> of(WatchedObject.PodTemplate template) {
    Set<EcrImage> images = new LinkedHashSet<>();
    if (template == null || template.spec == null) {
      return images;
    }
    for (WatchedObject.Container c : nonNull(template.spec.initContainers)) {
      EcrImage.parse(c.image).ifPresent(images::add);
    }
    for (WatchedObject.Container c : nonNull(template.spec.containers)) {
      EcrImage.parse(c.image).ifPresent(images::add);
    }
    return images;
  }

  /** The same, for an object of fabric8's model: read as the watches read it. */
  static Set<EcrImage> of(HasMetadata object) {
    Class<? extends WatchedObject> type =
        switch (object.getKind()) {
          case "Pod" -> WatchedPod.class;
          case "Deployment" -> WatchedDeployment.class;
          case "ReplicaSet" -> WatchedReplicaSet.class;
          case "StatefulSet" -> WatchedStatefulSet.class;
          case "DaemonSet" -> WatchedDaemonSet.class;
          case "Job" -> WatchedJob.class;
          case "CronJob" -> WatchedCronJob.class;
          default -> throw new IllegalArgumentException("not a source: " + object.getKind());
        };
    WatchedObject read = Model.MAPPER.convertValue(object, type);
    return read instanceof WatchedPod pod ? of(pod) : of((WatchedWorkload) read);
  }

  /** Reads fabric8's model; loaded only when used. */
  private static final class Model {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * One container: the digest its status reports once it has one; the spec's reference before, and
   * also after when the digest was reported under another repository (a runtime names one of the
   * repositories an image was pulled under).
   */
  private static void add(
      Set<EcrImage> images,
      String name,
      String image,
      List<WatchedObject.ContainerStatus> statuses) {
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

  private static Optional<EcrImage> running(
      String name, List<WatchedObject.ContainerStatus> statuses) {
    for (WatchedObject.ContainerStatus status : nonNull(statuses)) {
      if (name != null && status != null && name.equals(status.name)) {
        return digestOf(status.imageID);
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
