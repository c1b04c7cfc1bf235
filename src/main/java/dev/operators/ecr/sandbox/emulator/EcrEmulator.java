package dev.operators.ecr.sandbox.emulator;

import dev.operators.ecr.policy.Image;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An in-memory Amazon ECR that the AWS SDK and CLI talk to over HTTP on 127.0.0.1, with a control
 * API for tests and the sandbox: seeding images, running lifecycle policies, counting calls and
 * injecting faults.
 */
public final class EcrEmulator implements AutoCloseable {
  public static final String DEFAULT_ACCOUNT_ID = "123456789012";

  private final EcrState state;
  private final CallCounter calls = new CallCounter();
  private final Faults faults = new Faults();
  private final PlannedFaults planned = new PlannedFaults(System::nanoTime);
  private final LifecycleOperations lifecycle;
  private final OperationRouter router;
  private EcrHttpEndpoint endpoint;

  /** Account {@value #DEFAULT_ACCOUNT_ID}, system clock. */
  public EcrEmulator() {
    this(DEFAULT_ACCOUNT_ID, Instant::now);
  }

  /**
   * @param clock the time of repository creation and image pushes (and of previews)
   */
  public EcrEmulator(String accountId, Supplier<Instant> clock) {
    this.state = new EcrState(accountId, clock);
    this.lifecycle = new LifecycleOperations(state);
    this.router = new OperationRouter(state, calls, faults, planned, lifecycle);
  }

  /** Starts serving on a free port of 127.0.0.1. */
  public EcrEmulator start() {
    return start(0);
  }

  /** Starts serving on {@code port} of 127.0.0.1 (0: any free port). */
  public synchronized EcrEmulator start(int port) {
    if (endpoint != null) {
      throw new IllegalStateException("already serving on port " + endpoint.port());
    }
    endpoint = new EcrHttpEndpoint(router, port);
    return this;
  }

  public synchronized int port() {
    if (endpoint == null) {
      throw new IllegalStateException("not started");
    }
    return endpoint.port();
  }

  /** What to give the SDK's {@code endpointOverride} or the CLI's {@code --endpoint-url}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public String accountId() {
    return state.accountId();
  }

  /** Stops serving; the state stays readable through the control API. */
  @Override
  public synchronized void close() {
    if (endpoint != null) {
      endpoint.close();
      endpoint = null;
    }
  }

  /** Adds a standard-class, never pulled image, as a {@code docker push} would. */
  public Image pushImage(
      String region, String repository, String digest, List<String> tags, Instant pushedAt) {
    return pushImage(region, repository, Image.pushed(digest, tags, pushedAt));
  }

  /**
   * Adds an image with any history (pulls, archive). Tags move from other images as a push moves
   * them; pushing a digest already there only adds tags, and restores it if archived.
   *
   * <p>A repository that does not exist is created from the region's create-on-push template that
   * matches its name, as ECR does.
   *
   * @throws EcrError {@code RepositoryNotFoundException} (no repository and no template), or {@code
   *     ImageTagAlreadyExistsException} for an immutable tag held by another image
   */
  public Image pushImage(String region, String repository, Image image) {
    return pushImage(region, repository, image, SeededManifest.defaultSize(image.digest()));
  }

  /**
   * Adds an image as {@link #pushImage(String, String, Image)} does, with the size DescribeImages
   * reports for it ({@code imageSizeInBytes}); without one, the size is drawn from the digest.
   * Either way the image has an OCI manifest whose config and layers add up to its size, which
   * BatchGetImage returns and PutImage recognises as this image (docs/design.md, the ECR emulator).
   *
   * @param sizeInBytes at least 2 (a config and a layer); ignored when the image is already there
   */
  public Image pushImage(String region, String repository, Image image, long sizeInBytes) {
    if (sizeInBytes < SeededManifest.MIN_SIZE) {
      throw new IllegalArgumentException(
          "an image has a config and a layer of at least a byte each, not "
              + sizeInBytes
              + " bytes");
    }
    image.tags().forEach(tag -> InputConstraints.checkImageTag("imageTag", tag));
    synchronized (state) {
      StoredRepository stored =
          CreationTemplateOperations.repositoryForPush(
              state.registry(region), repository, state.now());
      return stored
          .push(StoredImage.of(image, sizeInBytes), image.tags(), state.now())
          .toPolicyImage();
    }
  }

  /** Every image of the repository, archived ones included, ordered by digest. */
  public List<Image> images(String region, String repository) {
    synchronized (state) {
      return state.registry(region).require(repository).images().stream()
          .map(StoredImage::toPolicyImage)
          .toList();
    }
  }

  public Optional<RepositorySnapshot> repository(String region, String name) {
    synchronized (state) {
      return state.registry(region).find(name).map(r -> RepositorySnapshot.of(region, r));
    }
  }

  /** The region's repositories, ordered by name. */
  public List<RepositorySnapshot> repositories(String region) {
    synchronized (state) {
      return state.registry(region).repositories().stream()
          .map(r -> RepositorySnapshot.of(region, r))
          .toList();
    }
  }

  /**
   * Runs the repository's lifecycle policy as ECR's daily evaluation would at {@code now}: expired
   * images are deleted, transitioned ones archived with {@code archivedAt = now}.
   *
   * @throws EcrError {@code RepositoryNotFoundException} or {@code
   *     LifecyclePolicyNotFoundException}
   */
  public LifecycleRun runLifecycle(String region, String repository, Instant now) {
    synchronized (state) {
      return lifecycle.run(state.registry(region), repository, now);
    }
  }

  /** How many times each repository name of the region was created, deleted ones included. */
  public Map<String, Long> creations(String region) {
    synchronized (state) {
      return state.registry(region).creations();
    }
  }

  /** Requests received for an operation (by its ECR name), failed and faulted ones included. */
  public long callCount(String operation) {
    return calls.count(EcrOperation.require(operation));
  }

  /** Requests received per operation name; operations never called are absent. */
  public Map<String, Long> calls() {
    return calls.snapshot();
  }

  /**
   * Distinct repositories that requests for an operation (by its ECR name) named, by name, names or
   * ARN, failed and faulted ones included; reset with the counts.
   */
  public long repositoriesNamed(String operation) {
    return calls.repositories(EcrOperation.require(operation));
  }

  /** Requests received for operations that change state (Create, Put, Delete, Tag...). */
  public long writeCallCount() {
    return calls.writeCount();
  }

  public void resetCalls() {
    calls.reset();
  }

  /** The next {@code times} calls of {@code operation} answer with {@code fault}. */
  public void failNext(String operation, int times, Fault fault) {
    faults.failNext(EcrOperation.require(operation), times, fault);
  }

  /** Every call of {@code operation} answers with {@code fault}, after any counted faults. */
  public void failAlways(String operation, Fault fault) {
    faults.failAlways(EcrOperation.require(operation), fault);
  }

  /**
   * Injects faults at random by {@code plan} from now on, replacing any earlier plan; counted and
   * standing faults ({@link #failNext}, {@link #failAlways}) still come first.
   */
  public void faults(FaultPlan plan) {
    planned.set(Objects.requireNonNull(plan, "plan"));
  }

  /** Drops counted and standing faults and the fault plan. */
  public void clearFaults() {
    faults.clear();
    planned.clear();
  }

  /**
   * From now on ValidatePullThroughCacheRule finds {@code upstreamRegistryUrl} unreachable, in
   * every region: rules with that URL answer {@code isValid} false. Creating rules is not affected.
   */
  public void upstreamUnreachable(String upstreamRegistryUrl) {
    synchronized (state) {
      state.upstreams().unreachable(Objects.requireNonNull(upstreamRegistryUrl));
    }
  }

  /**
   * From now on ValidatePullThroughCacheRule finds the credentials in the Secrets Manager secret
   * {@code credentialArn} refused by the upstream: rules using it answer {@code isValid} false.
   */
  public void credentialRefused(String credentialArn) {
    synchronized (state) {
      state.upstreams().refused(Objects.requireNonNull(credentialArn));
    }
  }

  /** Every upstream reachable and every credential accepted again (the default). */
  public void clearUpstreamFailures() {
    synchronized (state) {
      state.upstreams().clear();
    }
  }
}
