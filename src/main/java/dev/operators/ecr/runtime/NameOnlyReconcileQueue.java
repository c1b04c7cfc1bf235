package dev.operators.ecr.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile threads, whose waiting reconciles hold a resource's name instead of the resource.
 *
 * <p>JOSDK (5.2) hands each reconcile to this pool with the resource as its cache held it when the
 * reconcile was queued, and reads the resource from the cache again when a thread takes the
 * reconcile up: the queued copy serves only to name the resource until then. At start every
 * resource is queued at once, so for as long as that queue lasts the operator held a decoded copy
 * of every repository besides its cache (some 30 MiB at 10,000 repositories: docs/benchmarks.md).
 * This pool replaces the queued copy with an object of the same kind that carries only the name and
 * namespace. It reaches into two private fields of JOSDK to do so; when they are not there (another
 * JOSDK), it says so once in the log and queues reconciles as JOSDK made them, which costs memory
 * and nothing else. {@code NameOnlyReconcileQueueTest} fails on a JOSDK where it cannot work.
 */
final class NameOnlyReconcileQueue extends ThreadPoolExecutor {
  private static final Logger log = LoggerFactory.getLogger(NameOnlyReconcileQueue.class);
  private static final String RECONCILE =
      "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor";
  private static final String SCOPE = "io.javaoperatorsdk.operator.processing.event.ExecutionScope";

  private final Access access = Access.find();
  private final AtomicLong slimmed = new AtomicLong();

  NameOnlyReconcileQueue(int threads) {
    super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
  }

  @Override
  public void execute(Runnable reconcile) {
    if (access != null && access.slim(reconcile)) {
      slimmed.incrementAndGet();
    }
    super.execute(reconcile);
  }

  /** Whether this JOSDK's queued reconciles can be made to hold names only. */
  boolean effective() {
    return access != null;
  }

  /** How many queued reconciles were made to hold a name instead of a resource. */
  long slimmed() {
    return slimmed.get();
  }

  /** JOSDK's queued reconcile, its execution scope and the scope's resource. */
  private record Access(Class<?> reconcile, Field scope, Field resource) {
    static Access find() {
      try {
        Class<?> reconcile = Class.forName(RECONCILE);
        Field scope = reconcile.getDeclaredField("executionScope");
        Field resource = Class.forName(SCOPE).getDeclaredField("resource");
        if (scope.getType().getName().equals(SCOPE)
            && resource.getType().equals(HasMetadata.class)) {
          scope.setAccessible(true);
          resource.setAccessible(true);
          return new Access(reconcile, scope, resource);
        }
        log.warn("queued reconciles hold whole resources: JOSDK's queue is not the one expected");
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn(
            "queued reconciles hold whole resources: JOSDK's queue is not the one expected", e);
      }
      return null;
    }

    boolean slim(Runnable task) {
      if (task.getClass() != reconcile) {
        return false;
      }
      try {
        Object executionScope = scope.get(task);
        HasMetadata queued =
            executionScope == null ? null : (HasMetadata) resource.get(executionScope);
        if (queued == null || queued.getMetadata() == null) {
          return false;
        }
        resource.set(executionScope, nameOnly(queued));
        return true;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return false;
      }
    }

    private static HasMetadata nameOnly(HasMetadata resource) throws ReflectiveOperationException {
      HasMetadata named = resource.getClass().getDeclaredConstructor().newInstance();
      ObjectMeta meta = new ObjectMeta();
      meta.setName(resource.getMetadata().getName());
      meta.setNamespace(resource.getMetadata().getNamespace());
      named.setMetadata(meta);
      if (named instanceof CustomResource<?, ?> custom) {
        // What the constructor set up by default: not needed to name the resource.
        @SuppressWarnings("unchecked")
        CustomResource<Object, Object> bare = (CustomResource<Object, Object>) custom;
        bare.setSpec(null);
        bare.setStatus(null);
      }
      return named;
    }
  }
}
