package dev.operators.ecr.inuse;

import java.util.Objects;

/**
 * One object of the cluster whose images count as in use: a Pod, or a workload whose pod template
 * would be pulled again (a Deployment, a Deployment's ReplicaSet, a StatefulSet, ...).
 *
 * @param kind the Kubernetes kind, such as {@code Deployment}
 * @param namespace its namespace
 * @param name its name
 * @param uid its UID: a workload deleted and created again under the same name is another one
 */
public record Workload(String kind, String namespace, String name, String uid) {

  public Workload {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  /** How it is reported: {@code Deployment team/api}. */
  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
