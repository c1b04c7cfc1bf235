package dev.operators.ecr.runtime.inuse;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * What the watches of what runs read of an object: its identity, its owners' kinds, and the images
 * of its containers (a Pod's, with their statuses) or of its pod template (a workload's). The
 * watches decode each object into these few fields, every other field skipped, rather than into the
 * whole model of its kind: less to load, and less garbage per event.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// As a custom resource does: read as this class, not looked up by kind as KubernetesResource is.
@JsonDeserialize(using = JsonDeserializer.None.class)
abstract class WatchedObject implements HasMetadata, Namespaced {
  private ObjectMeta metadata;
  private List<String> ownerKinds = List.of();

  @JsonIgnore
  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @JsonIgnore
  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @JsonProperty("metadata")
  void readMetadata(Meta meta) {
    if (meta == null) {
      metadata = null;
      ownerKinds = List.of();
      return;
    }
    ObjectMeta m = new ObjectMeta();
    m.setName(meta.name);
    m.setNamespace(meta.namespace);
    m.setUid(meta.uid);
    m.setResourceVersion(meta.resourceVersion);
    metadata = m;
    ownerKinds =
        meta.ownerReferences == null
            ? List.of()
            : meta.ownerReferences.stream()
                .map(o -> o == null ? null : o.kind)
                .filter(k -> k != null)
                .toList();
  }

  /** The kinds of the object's owners. */
  @JsonIgnore
  List<String> ownerKinds() {
    return ownerKinds;
  }

  void ownerKinds(List<String> kinds) {
    ownerKinds = List.copyOf(kinds);
  }

  @JsonIgnore
  @Override
  public void setApiVersion(String version) {
    // The kind's version is fixed by the class.
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Meta {
    public String name;
    public String namespace;
    public String uid;
    public String resourceVersion;
    public List<Owner> ownerReferences;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Owner {
    public String kind;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Container {
    public String name;
    public String image;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ContainerStatus {
    public String name;
    public String imageID;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class PodSpec {
    public List<Container> initContainers;
    public List<Container> containers;
    public List<Container> ephemeralContainers;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class PodStatus {
    public List<ContainerStatus> initContainerStatuses;
    public List<ContainerStatus> containerStatuses;
    public List<ContainerStatus> ephemeralContainerStatuses;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class PodTemplate {
    public PodSpec spec;
  }

  /** A workload's spec: its pod template, or a CronJob's job template. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class WorkloadSpec {
    public PodTemplate template;
    public JobTemplate jobTemplate;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class JobTemplate {
    public WorkloadSpec spec;
  }

  @Group("")
  @Version("v1")
  @Kind("Pod")
  @Plural("pods")
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class WatchedPod extends WatchedObject {
    public PodSpec spec;
    public PodStatus status;
  }

  /** A workload: its pod template only. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  abstract static class WatchedWorkload extends WatchedObject {
    public WorkloadSpec spec;
  }

  @Group("apps")
  @Version("v1")
  @Kind("Deployment")
  @Plural("deployments")
  static final class WatchedDeployment extends WatchedWorkload {}

  @Group("apps")
  @Version("v1")
  @Kind("ReplicaSet")
  @Plural("replicasets")
  static final class WatchedReplicaSet extends WatchedWorkload {}

  @Group("apps")
  @Version("v1")
  @Kind("StatefulSet")
  @Plural("statefulsets")
  static final class WatchedStatefulSet extends WatchedWorkload {}

  @Group("apps")
  @Version("v1")
  @Kind("DaemonSet")
  @Plural("daemonsets")
  static final class WatchedDaemonSet extends WatchedWorkload {}

  @Group("batch")
  @Version("v1")
  @Kind("Job")
  @Plural("jobs")
  static final class WatchedJob extends WatchedWorkload {}

  @Group("batch")
  @Version("v1")
  @Kind("CronJob")
  @Plural("cronjobs")
  static final class WatchedCronJob extends WatchedWorkload {}
}
