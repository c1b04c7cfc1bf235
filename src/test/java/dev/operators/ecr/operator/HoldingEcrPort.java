package dev.operators.ecr.operator;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.RepositoryRef;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * The operator's ECR port with a hold: one call of one operation for one repository reaches ECR,
 * and its answer is kept from the operator until the test releases it. Meanwhile that reconcile is
 * in the middle of its pass, and the test changes Kubernetes under it. Counts the operator's calls
 * by operation and repository.
 */
final class HoldingEcrPort implements InvocationHandler {
  // A test that fails while holding must not leave a reconcile thread parked for good.
  private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

  private final EcrPort real;
  private final EcrPort port;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final AtomicReference<Hold> armed = new AtomicReference<>();

  HoldingEcrPort(EcrPort real) {
    this.real = real;
    this.port =
        (EcrPort)
            Proxy.newProxyInstance(
                EcrPort.class.getClassLoader(), new Class<?>[] {EcrPort.class}, this);
  }

  /** The port to give the operator. */
  EcrPort port() {
    return port;
  }

  /**
   * Holds the answer to the next call of {@code operation} (an {@link EcrPort} method) for {@code
   * repository}: the call is made, ECR changes, and the operator waits for {@link Hold#release()}.
   */
  Hold holdAnswer(String operation, String repository) {
    if (Arrays.stream(EcrPort.class.getMethods()).noneMatch(m -> m.getName().equals(operation))) {
      throw new IllegalArgumentException("EcrPort has no operation " + operation);
    }
    Hold hold = new Hold(operation, repository);
    if (!armed.compareAndSet(null, hold)) {
      throw new IllegalStateException("a hold is already armed");
    }
    return hold;
  }

  /** Calls the operator made of {@code operation} for {@code repository}, failed ones included. */
  long calls(String operation, String repository) {
    AtomicLong count = calls.get(operation + " " + repository);
    return count == null ? 0 : count.get();
  }

  /** The repositories the operator made any call for, by name. */
  Set<String> repositories() {
    Set<String> names = new TreeSet<>();
    calls.keySet().stream()
        .map(key -> key.substring(key.indexOf(' ') + 1))
        .filter(name -> !name.equals("null"))
        .forEach(names::add);
    return names;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(real, args);
    }
    String repository = args != null && args[0] instanceof RepositoryRef ref ? ref.name() : null;
    calls
        .computeIfAbsent(method.getName() + " " + repository, k -> new AtomicLong())
        .incrementAndGet();
    Object answer;
    try {
      answer = method.invoke(real, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    Hold hold = armed.get();
    if (hold != null
        && hold.operation.equals(method.getName())
        && hold.repository.equals(repository)
        && armed.compareAndSet(hold, null)) {
      hold.reached.countDown();
      hold.released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }
    return answer;
  }

  /** One held answer; closing it releases it. */
  static final class Hold implements AutoCloseable {
    private final String operation;
    private final String repository;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(String operation, String repository) {
      this.operation = operation;
      this.repository = repository;
    }

    /** Waits until the call has been made and the operator is waiting for its answer. */
    void awaitHeld() {
      Awaitility.await().atMost(OperatorEnvironment.DEADLINE).until(() -> reached.getCount() == 0);
    }

    /** The operator gets its answer and goes on with the pass. */
    void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }
  }
}
