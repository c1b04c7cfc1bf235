package dev.operators.ecr.runtime.inuse;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A kind of object whose images count as in use; each can be left out ({@code --in-use-sources}).
 */
public enum InUseSource {
  PODS("pods", "Pod"),
  DEPLOYMENTS("deployments", "Deployment"),
  REPLICA_SETS("replicasets", "ReplicaSet"),
  STATEFUL_SETS("statefulsets", "StatefulSet"),
  DAEMON_SETS("daemonsets", "DaemonSet"),
  JOBS("jobs", "Job"),
  CRON_JOBS("cronjobs", "CronJob");

  private final String flagValue;
  private final String kind;

  InUseSource(String flagValue, String kind) {
    this.flagValue = flagValue;
    this.kind = kind;
  }

  /** The name in {@code --in-use-sources}: the resource's plural, as kubectl spells it. */
  public String flagValue() {
    return flagValue;
  }

  /** The Kubernetes kind. */
  public String kind() {
    return kind;
  }

  /** Every source. */
  public static Set<InUseSource> all() {
    return EnumSet.allOf(InUseSource.class);
  }

  /**
   * Reads a list of flag values; blanks are ignored. The message of the exception names the value
   * it cannot read and lists those allowed.
   */
  public static Set<InUseSource> parse(List<String> values) {
    Set<InUseSource> sources = EnumSet.noneOf(InUseSource.class);
    for (String value : values) {
      String name = value.trim();
      if (name.isEmpty()) {
        continue;
      }
      sources.add(
          Arrays.stream(values())
              .filter(s -> s.flagValue.equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "must name sources among "
                              + Arrays.stream(values())
                                  .map(InUseSource::flagValue)
                                  .collect(Collectors.joining(","))
                              + ", not '"
                              + name
                              + "'")));
    }
    return sources;
  }
}
