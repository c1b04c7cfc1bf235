package dev.operators.ecr.desired;

import dev.operators.ecr.api.EcrAccess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which EcrAccess serves a resource: exactly one, none, more than one (refused), or one whose own
 * spec is invalid and may serve it (refused too, rather than acting as another identity).
 */
public sealed interface AccessChoice {

  /** Exactly one access serves it. */
  record Served(DesiredAccess access) implements AccessChoice {}

  /** No access serves it: the operator's own credentials, if the operator allows them. */
  record Unserved() implements AccessChoice {}

  /** More than one serves it; {@code names} holds the first two, sorted. */
  record Ambiguous(List<String> names) implements AccessChoice {
    public Ambiguous {
      names = List.copyOf(names);
    }
  }

  /**
   * An access whose spec is invalid may serve it: while it stays invalid, the resource is refused.
   *
   * @param name the first such access, by name
   * @param problem what is wrong with its spec
   */
  record Invalid(String name, String problem) implements AccessChoice {}

  /**
   * Whether {@code access} serves {@code target}, or may serve it when its spec is invalid (a
   * selector it cannot read selecting everything): which resources a change to it concerns.
   */
  static boolean mayServe(EcrAccess access, AccessTarget target) {
    return DesiredAccess.lenient(access).serves(target);
  }

  /** The choice among {@code accesses} for {@code target}. */
  static AccessChoice of(AccessTarget target, Collection<EcrAccess> accesses) {
    List<DesiredAccess> serving = new ArrayList<>();
    Invalid invalid = null;
    List<EcrAccess> sorted =
        accesses.stream()
            .sorted(Comparator.comparing((EcrAccess a) -> a.getMetadata().getName()))
            .toList();
    for (EcrAccess access : sorted) {
      DesiredAccess desired;
      try {
        desired = DesiredAccess.of(access);
      } catch (InvalidSpecException e) {
        if (invalid == null && DesiredAccess.lenient(access).serves(target)) {
          invalid = new Invalid(access.getMetadata().getName(), e.getMessage());
        }
        continue;
      }
      if (desired.serves(target)) {
        serving.add(desired);
      }
    }
    if (invalid != null) {
      return invalid;
    }
    return switch (serving.size()) {
      case 0 -> new Unserved();
      case 1 -> new Served(serving.get(0));
      default -> new Ambiguous(List.of(serving.get(0).name(), serving.get(1).name()));
    };
  }
}
