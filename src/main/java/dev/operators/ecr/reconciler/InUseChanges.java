package dev.operators.ecr.reconciler;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.inuse.InUseIndex;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles a protected repository's resource as soon as an image of the repository comes into use
 * or goes out of use, so that a new image in use is tagged within a pass instead of at the next
 * resync, and the grace period of one out of use starts when it stopped. Which resource manages a
 * repository is learnt from its passes: only the repositories whose images in use are protected are
 * followed.
 */
public final class InUseChanges implements InUseIndex.Listener {
  private final SimpleInboundEventSource<EcrRepository> source =
      new SimpleInboundEventSource<>("images-in-use");
  private final Map<String, ResourceID> resources = new ConcurrentHashMap<>();
  private final Map<ResourceID, String> repositories = new ConcurrentHashMap<>();

  /** The event source to register with the EcrRepository controller. */
  EventSource<Void, EcrRepository> eventSource() {
    return source;
  }

  /** After a pass: the resource protects the images in use of this repository, or not. */
  void passed(ResourceID resource, String account, String region, String name, boolean protect) {
    String key = key(account, region, name);
    if (protect) {
      String before = repositories.put(resource, key);
      if (before != null && !before.equals(key)) {
        resources.remove(before, resource);
      }
      resources.put(key, resource);
    } else {
      forget(resource);
    }
  }

  /** The resource is gone. */
  void forget(ResourceID resource) {
    String key = repositories.remove(resource);
    if (key != null) {
      resources.remove(key, resource);
    }
  }

  @Override
  public void changed(String account, String region, String repository) {
    ResourceID resource = resources.get(key(account, region, repository));
    if (resource != null) {
      source.propagateEvent(resource);
    }
  }

  private static String key(String account, String region, String name) {
    return account + "/" + region + "/" + name;
  }
}
