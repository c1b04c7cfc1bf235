package dev.operators.ecr.runtime.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the process is ready, and one line per check saying why. Ready means: the operator has
 * started, every informer has synced and is watching, and, when this process reconciles (it leads,
 * or there is no leader election), ECR is usable. A process standing by is ready once its informers
 * are synced: it can take over at once.
 *
 * @param ready the verdict
 * @param checks one line per check, {@code name: state}
 */
public record Readiness(boolean ready, List<String> checks) {

  public Readiness {
    checks = List.copyOf(checks);
  }

  /** Before the operator has started: nothing else can be judged yet. */
  public static Readiness starting() {
    return new Readiness(false, List.of("operator: starting"));
  }

  /**
   * @param unhealthyInformers the informers not synced or not watching, by name
   * @param leaderElection whether leader election is on
   * @param leading whether this process reconciles
   * @param ecrProblem why ECR is unusable; empty when it is usable
   */
  public static Readiness of(
      Collection<String> unhealthyInformers,
      boolean leaderElection,
      boolean leading,
      Optional<String> ecrProblem) {
    List<String> checks = new ArrayList<>();
    boolean ready = true;
    checks.add("operator: started");
    if (unhealthyInformers.isEmpty()) {
      checks.add("informers: synced");
    } else {
      ready = false;
      checks.add("informers: not synced or not watching: " + String.join(", ", unhealthyInformers));
    }
    if (leaderElection) {
      checks.add(leading ? "leader: yes" : "leader: no, standing by");
    }
    if (leading) {
      if (ecrProblem.isPresent()) {
        ready = false;
        checks.add("ecr: " + ecrProblem.get());
      } else {
        checks.add("ecr: usable");
      }
    }
    return new Readiness(ready, checks);
  }

  /** The body of a probe's answer: the verdict, then the checks. */
  public String report() {
    return (ready ? "ready" : "not ready") + "\n" + String.join("\n", checks) + "\n";
  }
}
