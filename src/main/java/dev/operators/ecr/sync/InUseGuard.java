package dev.operators.ecr.sync;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import dev.operators.ecr.policy.ActionType;
import dev.operators.ecr.policy.Evaluation;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.ImageAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guard on a lifecycle policy (docs/design.md, "Keep what runs"): which of the images a policy
 * would expire or archive are in use. Pure: the images are those DescribeImages listed for the
 * preview, the references those the in-use index holds for the repository.
 */
public final class InUseGuard {
  /** How many digests the status shows. */
  public static final int DIGESTS_SHOWN = 5;

  /** How many workloads the status and the Event name. */
  public static final int WORKLOADS_SHOWN = 10;

  private InUseGuard() {}

  /**
   * @param evaluation what the policy does to {@code images}
   * @param images the repository's images, as listed for the evaluation
   * @param inUse the references into the repository in use, with their users
   */
  public static ImagesAtRisk assess(
      Evaluation evaluation, List<Image> images, Map<EcrImage, List<Workload>> inUse) {
    Map<String, Set<Workload>> usersByDigest = usersByDigest(images, inUse);
    long expiring = 0;
    long archiving = 0;
    Set<String> digests = new TreeSet<>();
    Set<String> workloads = new TreeSet<>();
    for (ImageAction action : evaluation.actions()) {
      Set<Workload> users = usersByDigest.get(action.image().digest());
      if (users == null) {
        continue;
      }
      if (action.type() == ActionType.EXPIRE) {
        expiring++;
      } else if (action.type() == ActionType.TRANSITION) {
        archiving++;
      }
      digests.add(action.image().digest());
      users.forEach(w -> workloads.add(w.toString()));
    }
    if (expiring + archiving == 0) {
      return ImagesAtRisk.NONE;
    }
    return new ImagesAtRisk(
        expiring, archiving, first(digests, DIGESTS_SHOWN), first(workloads, WORKLOADS_SHOWN));
  }

  // A reference by digest names its image; one by tag the image that carries the tag now, among
  // those listed (no further call). A tag no image carries names nothing that a policy could take.
  static Map<String, Set<Workload>> usersByDigest(
      List<Image> images, Map<EcrImage, List<Workload>> inUse) {
    Map<String, String> digestByTag = new HashMap<>();
    for (Image image : images) {
      image.tags().forEach(tag -> digestByTag.put(tag, image.digest()));
    }
    Map<String, Set<Workload>> users = new HashMap<>();
    inUse.forEach(
        (reference, workloads) -> {
          String digest =
              reference.digest() != null ? reference.digest() : digestByTag.get(reference.tag());
          if (digest != null) {
            users.computeIfAbsent(digest, d -> new TreeSet<>(BY_NAME)).addAll(workloads);
          }
        });
    return users;
  }

  private static List<String> first(Set<String> sorted, int count) {
    List<String> result = new ArrayList<>(sorted);
    return List.copyOf(result.subList(0, Math.min(count, result.size())));
  }

  private static final Comparator<Workload> BY_NAME =
      Comparator.comparing(Workload::toString).thenComparing(Workload::uid);
}
