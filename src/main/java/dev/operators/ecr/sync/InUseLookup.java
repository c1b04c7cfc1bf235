package dev.operators.ecr.sync;

import dev.operators.ecr.inuse.EcrImage;
import dev.operators.ecr.inuse.Workload;
import java.util.List;
import java.util.Map;

/**
 * Which references into one repository the cluster uses now, and by whom: the narrow view of the
 * in-use index a pass needs, so that a pass is tested without Kubernetes.
 */
@FunctionalInterface
public interface InUseLookup {

  /**
   * The references into a repository in use, each with its users.
   *
   * @param account the registry ID the repository is in
   * @param region its region
   * @param repository its name
   */
  Map<EcrImage, List<Workload>> inUse(String account, String region, String repository);

  /**
   * Whether every watch has listed what it watches: until then an image missing from the lookup may
   * be in use all the same, so nothing is released on its word.
   */
  default boolean ready() {
    return true;
  }
}
