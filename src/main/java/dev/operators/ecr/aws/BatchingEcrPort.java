package dev.operators.ecr.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link EcrPort} that answers the {@link #describeRepository} calls of one region made at the
 * same time with one DescribeRepositories call of up to {@value EcrPort#MAX_DESCRIBE_NAMES} names.
 * A call that finds none in flight for its region is sent at once; calls made while one is in
 * flight wait for it to end and go together in the next ("batch while busy"). Batching therefore
 * adds no wait when there is nothing to share and grows with the load. Every other call passes
 * straight through (by {@link EcrPort.Forwarding}).
 *
 * <p>Each region has at most one dispatcher thread, started when a call finds none and ending when
 * no call waits; callers block until answered, so what waits is bounded by the number of callers.
 */
public final class BatchingEcrPort extends EcrPort.Forwarding implements AutoCloseable {
  private static final String OPERATION = EcrOperation.DESCRIBE_REPOSITORIES.apiName();
  // RepositoryNotFoundException's message as docs/ecr-semantics.md §3.3 gives it (moto's wording,
  // [SECONDARY]); a message that does not match is settled name by name.
  private static final Pattern MISSING = Pattern.compile("repository with name '([^']+)'");
  private static final Duration IDLE_THREAD = Duration.ofSeconds(10);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final EcrPort ecr;
  private final ExecutorService dispatchers;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public BatchingEcrPort(EcrPort ecr) {
    super(ecr);
    this.ecr = ecr;
    this.dispatchers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            IDLE_THREAD.toMillis(),
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            dispatcherThreads());
  }

  /** The names of one region waiting for a DescribeRepositories call. */
  private static final class Lane {
    final String region;
    // One answer per name, shared by every caller waiting for that name, in order of arrival.
    final Map<String, CompletableFuture<Optional<RepositoryInfo>>> waiting = new LinkedHashMap<>();
    // A dispatcher is running for this lane (or about to).
    boolean busy;

    Lane(String region) {
      this.region = region;
    }
  }

  @Override
  public Optional<RepositoryInfo> describeRepository(RepositoryRef ref) {
    Lane lane = lanes.computeIfAbsent(ref.region(), Lane::new);
    CompletableFuture<Optional<RepositoryInfo>> answer;
    boolean dispatch;
    synchronized (lane) {
      if (closed) {
        throw new IllegalStateException("the ECR port is closed");
      }
      answer = lane.waiting.computeIfAbsent(ref.name(), name -> new CompletableFuture<>());
      dispatch = !lane.busy;
      lane.busy = true;
    }
    if (dispatch) {
      try {
        dispatchers.execute(() -> drain(lane));
      } catch (RejectedExecutionException e) {
        failWaiting(lane, closedWhileWaiting());
      }
    }
    return await(answer);
  }

  private static Optional<RepositoryInfo> await(
      CompletableFuture<Optional<RepositoryInfo>> answer) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      // The name stays in its batch (another caller may share it); its answer is dropped.
      Thread.currentThread().interrupt();
      throw new EcrException(
          EcrErrorKind.UNKNOWN, OPERATION, null, "interrupted while waiting for ECR", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new EcrException(EcrErrorKind.UNKNOWN, OPERATION, null, String.valueOf(cause), cause);
    }
  }

  /** How many names of the region wait for a call (not those in flight). */
  int waiting(String region) {
    Lane lane = lanes.get(region);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.waiting.size();
    }
  }

  /** Sends what waits in the lane, a batch at a time, until nothing does. */
  private void drain(Lane lane) {
    try {
      while (!closed) {
        Map<String, CompletableFuture<Optional<RepositoryInfo>>> batch = new LinkedHashMap<>();
        synchronized (lane) {
          Iterator<Map.Entry<String, CompletableFuture<Optional<RepositoryInfo>>>> waiting =
              lane.waiting.entrySet().iterator();
          while (waiting.hasNext() && batch.size() < MAX_DESCRIBE_NAMES) {
            var next = waiting.next();
            batch.put(next.getKey(), next.getValue());
            waiting.remove();
          }
          if (batch.isEmpty()) {
            lane.busy = false;
            return;
          }
        }
        answer(lane.region, batch);
      }
      failWaiting(lane, closedWhileWaiting());
    } catch (Throwable t) {
      // Never leave callers waiting on a lane that no dispatcher serves.
      failWaiting(lane, t);
      throw t;
    }
  }

  /**
   * Answers every name of the batch. ECR fails a call with several names as a whole when one is
   * missing, naming it: that name is answered "none" and the others are asked again. A refusal that
   * may concern only some names (access denied by a per-repository IAM policy, an invalid name) or
   * a missing name ECR does not name is settled name by name, so that each caller gets the answer
   * to its own name. Any other failure (throttling, a server error, the network) is every caller's.
   */
  private void answer(
      String region, Map<String, CompletableFuture<Optional<RepositoryInfo>>> batch) {
    List<String> names = new ArrayList<>(batch.keySet());
    try {
      while (names.size() > 1) {
        try {
          Map<String, RepositoryInfo> found = ecr.describeRepositories(region, names);
          names.forEach(name -> batch.get(name).complete(Optional.ofNullable(found.get(name))));
          return;
        } catch (EcrException e) {
          String missing = e.kind() == EcrErrorKind.NOT_FOUND ? missingName(e, names) : null;
          if (missing != null) {
            batch.get(missing).complete(Optional.empty());
            names.remove(missing);
          } else if (e.kind() == EcrErrorKind.NOT_FOUND
              || e.kind() == EcrErrorKind.ACCESS_DENIED
              || e.kind() == EcrErrorKind.INVALID_REQUEST) {
            names.forEach(name -> one(region, name, batch.get(name)));
            return;
          } else {
            throw e;
          }
        }
      }
      if (!names.isEmpty()) {
        one(region, names.get(0), batch.get(names.get(0)));
      }
    } catch (RuntimeException | Error e) {
      // The same exception for every caller still waiting: those answered keep their answer.
      names.forEach(name -> batch.get(name).completeExceptionally(e));
    }
  }

  private void one(String region, String name, CompletableFuture<Optional<RepositoryInfo>> answer) {
    try {
      answer.complete(ecr.describeRepository(new RepositoryRef(region, name)));
    } catch (RuntimeException | Error e) {
      answer.completeExceptionally(e);
    }
  }

  /** The repository ECR says is missing, when it is one of {@code names}. */
  static String missingName(EcrException e, Collection<String> names) {
    Matcher m = MISSING.matcher(e.getMessage() == null ? "" : e.getMessage());
    return m.find() && names.contains(m.group(1)) ? m.group(1) : null;
  }

  private static void failWaiting(Lane lane, Throwable failure) {
    List<CompletableFuture<Optional<RepositoryInfo>>> stranded;
    synchronized (lane) {
      stranded = new ArrayList<>(lane.waiting.values());
      lane.waiting.clear();
      lane.busy = false;
    }
    stranded.forEach(answer -> answer.completeExceptionally(failure));
  }

  private static EcrException closedWhileWaiting() {
    return new EcrException(EcrErrorKind.UNKNOWN, OPERATION, null, "the ECR port was closed", null);
  }

  /**
   * Stops the dispatchers: a call in flight is interrupted, callers still waiting get an {@link
   * EcrException}, and later calls are refused. Does not close the port it wraps.
   */
  @Override
  public void close() {
    closed = true;
    dispatchers.shutdownNow();
    lanes.values().forEach(lane -> failWaiting(lane, closedWhileWaiting()));
    try {
      dispatchers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory dispatcherThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "ecr-describe-batch-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
