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
 *
 * <p>It plays several AWS accounts, each with its own registries, and serves STS's AssumeRole and
 * GetCallerIdentity on the same port. A request is served in the account of the key it is signed
 * with: a key {@link #addUser added} for an account, a temporary key that AssumeRole issued for a
 * role of that account, and any other long-term key in the {@linkplain #accountId() default
 * account}. The control methods without an account work on the default account.
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

  /** A long-term access key of {@code accountId}: requests signed with it are served there. */
  public void addUser(String accessKeyId, String accountId) {
    state.accounts().addUser(accessKeyId, accountId);
  }

  /**
   * A role that STS AssumeRole may assume, in any account: its trust lets any caller of the
   * emulator in, with the external ID when one is given (AssumeRole without it, or with another, is
   * refused {@code AccessDenied}). Creating a role again replaces it.
   *
   * @param roleArn {@code arn:aws:iam::<12 digits>:role/<name>}
   * @param externalIdOrNull the external ID the trust asks for; null for none
   */
  public void createRole(String roleArn, String externalIdOrNull) {
    state.accounts().createRole(roleArn, externalIdOrNull);
  }

  /** The session tags of each session AssumeRole issued for the role, oldest first. */
  public List<Map<String, String>> sessionTags(String roleArn) {
    return state.accounts().sessions(roleArn).stream().map(s -> s.tags()).toList();
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
    return pushImage(accountId(), region, repository, image, sizeInBytes);
  }

  /** Adds an image to {@code account}'s registry, as {@link #pushImage(String, String, Image)}. */
  public Image pushImage(String account, String region, String repository, Image image) {
    return pushImage(
        account, region, repository, image, SeededManifest.defaultSize(image.digest()));
  }

  private Image pushImage(
      String account, String region, String repository, Image image, long sizeInBytes) {
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
              state.registry(Accounts.requireAccount(account), region), repository, state.now());
      return stored
          .push(StoredImage.of(image, sizeInBytes), image.tags(), state.now())
          .toPolicyImage();
    }
  }

  /** Every image of the repository, archived ones included, ordered by digest. */
  public List<Image> images(String region, String repository) {
    return images(accountId(), region, repository);
  }

  /** Every image of {@code account}'s repository, archived ones included, ordered by digest. */
  public List<Image> images(String account, String region, String repository) {
    synchronized (state) {
      return state.registry(account, region).require(repository).images().stream()
          .map(StoredImage::toPolicyImage)
          .toList();
    }
  }

  public Optional<RepositorySnapshot> repository(String region, String name) {
    return repository(accountId(), region, name);
  }

  public Optional<RepositorySnapshot> repository(String account, String region, String name) {
    synchronized (state) {
      return state.registry(account, region).find(name).map(r -> RepositorySnapshot.of(region, r));
    }
  }

  /** The region's repositories, ordered by name. */
  public List<RepositorySnapshot> repositories(String region) {
    return repositories(accountId(), region);
  }

  /** The repositories of {@code account} in the region, ordered by name. */
  public List<RepositorySnapshot> repositories(String account, String region) {
    synchronized (state) {
      return state.registry(account, region).repositories().stream()
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
    return runLifecycle(accountId(), region, repository, now);
  }

  /** Runs a lifecycle policy of {@code account}'s repository, as the other overload does. */
  public LifecycleRun runLifecycle(String account, String region, String repository, Instant now) {
    synchronized (state) {
      return lifecycle.run(state.registry(account, region), repository, now);
    }
  }

  /** How many times each repository name of the region was created, deleted ones included. */
  public Map<String, Long> creations(String region) {
    return creations(accountId(), region);
  }

  /** How many times each repository name of {@code account}'s region was created. */
  public Map<String, Long> creations(String account, String region) {
    synchronized (state) {
      return state.registry(account, region).creations();
    }
  }

  /**
   * Requests received for an operation (by its ECR or STS name) in every account, failed and
   * faulted ones included. STS requests count in the caller's account, the one whose credentials
   * sign them.
   */
  public long callCount(String operation) {
    return calls.count(StsOperation.requireAny(operation));
  }

  /** Requests received for an operation (by its ECR or STS name) in {@code account}. */
  public long callCount(String account, String operation) {
    return calls.count(account, StsOperation.requireAny(operation));
  }

  /** Requests received per operation name in every account; operations never called are absent. */
  public Map<String, Long> calls() {
    return calls.snapshot();
  }

  /** Requests received per operation name in {@code account}. */
  public Map<String, Long> calls(String account) {
    return calls.snapshot(account);
  }

  /**
   * Distinct repositories that requests for an operation (by its ECR name) named, by name, names or
   * ARN, failed and faulted ones included; reset with the counts.
   */
  public long repositoriesNamed(String operation) {
    return calls.repositories(EcrOperation.require(operation).wireName());
  }

  /** Requests received for operations that change state (Create, Put, Delete, Tag...). */
  public long writeCallCount() {
    return calls.writeCount();
  }

  public void resetCalls() {
    calls.reset();
  }

  /**
   * The next {@code times} calls of {@code operation} (an ECR or STS name) answer with {@code
   * fault}, in any account.
   */
  public void failNext(String operation, int times, Fault fault) {
    faults.failNext(null, StsOperation.requireAny(operation), times, fault);
  }

  /**
   * The next {@code times} calls of {@code operation} in {@code account} answer with {@code fault};
   * they come before the faults for every account. An STS call's account is its caller's.
   */
  public void failNext(String account, String operation, int times, Fault fault) {
    faults.failNext(
        Accounts.requireAccount(account), StsOperation.requireAny(operation), times, fault);
  }

  /** Every call of {@code operation} answers with {@code fault}, after any counted faults. */
  public void failAlways(String operation, Fault fault) {
    faults.failAlways(null, StsOperation.requireAny(operation), fault);
  }

  /** Every call of {@code operation} in {@code account} answers with {@code fault}. */
  public void failAlways(String account, String operation, Fault fault) {
    faults.failAlways(Accounts.requireAccount(account), StsOperation.requireAny(operation), fault);
  }

  /**
   * From now on (until {@link #clearFaults()}) IAM denies the ECR {@code operation} in {@code
   * account}: {@code AccessDeniedException}, naming the caller's ARN, the action and the
   * repository.
   */
  public void denyAccess(String account, String operation) {
    faults.deny(Accounts.requireAccount(account), EcrOperation.require(operation).wireName());
  }

  /**
   * Injects faults at random by {@code plan} from now on, replacing any earlier plan; counted and
   * standing faults ({@link #failNext}, {@link #failAlways}) still come first.
   */
  public void faults(FaultPlan plan) {
    planned.set(Objects.requireNonNull(plan, "plan"));
  }

  /** Drops counted and standing faults, denied access and the fault plan. */
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
