package dev.operators.ecr.aws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.sandbox.emulator.FaultPlan;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Concurrent DescribeRepositories of one region, one call for many names. */
class BatchingEcrPortTest {
  private static final String REGION = "eu-west-1";
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final FakeEcr fake = new FakeEcr();
  private final BatchingEcrPort port = new BatchingEcrPort(fake.port());

  @AfterEach
  void stop() throws InterruptedException {
    fake.open();
    port.close();
    callers.shutdownNow();
    assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void aLoneCallIsSentAtOnceWithItsOneName() throws Exception {
    fake.exists("a");
    fake.hold();

    CompletableFuture<Optional<RepositoryInfo>> a = describe("a");

    await().atMost(DEADLINE).until(() -> fake.calls.size() == 1);
    assertEquals(List.of(List.of("a")), fake.calls, "sent without waiting for company");
    fake.open();
    assertEquals("a", a.get().orElseThrow().name());
  }

  @Test
  void callsMadeWhileOneIsInFlightGoTogetherInTheNext() throws Exception {
    fake.exists("a", "b", "c", "d");
    fake.hold();
    CompletableFuture<Optional<RepositoryInfo>> a = describe("a");
    await().atMost(DEADLINE).until(() -> fake.calls.size() == 1);

    List<CompletableFuture<Optional<RepositoryInfo>>> queued =
        List.of(describe("b"), describe("c"), describe("d"));
    await().atMost(DEADLINE).until(() -> port.waiting(REGION) == 3);
    fake.open();

    assertEquals("a", a.get().orElseThrow().name());
    assertEquals(List.of("b", "c", "d"), names(queued));
    assertEquals(2, fake.calls.size(), "calls: " + fake.calls);
    assertEquals(Set.of("b", "c", "d"), Set.copyOf(fake.calls.get(1)));
    assertEquals(List.of("single", "batch"), fake.kinds);
  }

  @Test
  void aMissingRepositoryIsAnsweredNoneAndTheOthersAskedAgain() throws Exception {
    fake.exists("b", "e");
    fake.hold();
    CompletableFuture<Optional<RepositoryInfo>> first = describe("a");
    await().atMost(DEADLINE).until(() -> fake.calls.size() == 1);
    var b = describe("b");
    var c = describe("c");
    var d = describe("d");
    var e = describe("e");
    await().atMost(DEADLINE).until(() -> port.waiting(REGION) == 4);
    fake.open();

    assertTrue(first.get().isEmpty());
    assertTrue(b.get().isPresent());
    assertTrue(c.get().isEmpty());
    assertTrue(d.get().isEmpty());
    assertTrue(e.get().isPresent());
    // One call more for each missing name, which ECR names one at a time.
    assertEquals(List.of(1, 4, 3, 2), fake.calls.stream().map(List::size).toList());
    assertEquals(Set.of("b", "e"), Set.copyOf(fake.calls.get(3)));
  }

  @Test
  void aMissingRepositoryEcrDoesNotNameIsSettledNameByName() throws Exception {
    fake.exists("b");
    fake.unnamedNotFound = true;
    List<CompletableFuture<Optional<RepositoryInfo>>> answers = heldBatch("b", "c");

    assertTrue(answers.get(0).get().isPresent());
    assertTrue(answers.get(1).get().isEmpty());
    assertEquals(List.of("single", "batch", "single", "single"), fake.kinds);
  }

  @Test
  void throttlingReachesEveryCallerAsTheSameException() throws Exception {
    fake.exists("b", "c");
    EcrException throttled =
        new EcrException(
            EcrErrorKind.THROTTLED, "DescribeRepositories", "ThrottlingException", "slow", null);
    fake.failure = (names, batch) -> batch ? throttled : null;
    List<CompletableFuture<Optional<RepositoryInfo>>> answers = heldBatch("b", "c");

    for (var answer : answers) {
      ExecutionException e = assertThrows(ExecutionException.class, answer::get);
      assertSame(throttled, e.getCause());
    }
    assertEquals(List.of("single", "batch"), fake.kinds, "no retry by name: that is the SDK's");
  }

  @Test
  void aRefusalThatMayConcernOnlySomeNamesIsSettledNameByName() throws Exception {
    // An IAM policy may allow some repositories and not others: each caller gets its own answer.
    fake.exists("team-a/api", "team-b/api");
    fake.failure =
        (names, batch) ->
            names.contains("team-b/api")
                ? new EcrException(
                    EcrErrorKind.ACCESS_DENIED,
                    "DescribeRepositories",
                    "AccessDeniedException",
                    "not allowed",
                    null)
                : null;
    List<CompletableFuture<Optional<RepositoryInfo>>> answers =
        heldBatch("team-a/api", "team-b/api");

    assertEquals("team-a/api", answers.get(0).get().orElseThrow().name());
    ExecutionException denied = assertThrows(ExecutionException.class, answers.get(1)::get);
    assertEquals(EcrErrorKind.ACCESS_DENIED, ((EcrException) denied.getCause()).kind());
  }

  @Test
  void noCallCarriesMoreThanEcrsLimit() throws Exception {
    List<String> many = IntStream.range(0, 150).mapToObj(i -> "repo-" + i).toList();
    fake.exists(many.toArray(String[]::new));

    List<CompletableFuture<Optional<RepositoryInfo>>> answers =
        heldBatch(many.toArray(String[]::new));

    for (var answer : answers) {
      assertTrue(answer.get().isPresent());
    }
    assertEquals(List.of(1, 100, 50), fake.calls.stream().map(List::size).toList());
  }

  @Test
  void callersAskingForTheSameNameShareOneSlot() throws Exception {
    fake.exists("b");
    List<CompletableFuture<Optional<RepositoryInfo>>> answers = heldBatch("b", "b", "c");

    assertTrue(answers.get(0).get().isPresent());
    assertTrue(answers.get(1).get().isPresent());
    assertEquals(List.of("b", "c"), fake.calls.get(1));
  }

  @Test
  void regionsAreBatchedApart() throws Exception {
    fake.exists("a");
    CompletableFuture<Optional<RepositoryInfo>> here = describe("a");
    CompletableFuture<Optional<RepositoryInfo>> there =
        CompletableFuture.supplyAsync(
            () -> port.describeRepository(new RepositoryRef("us-east-1", "a")), callers);

    assertTrue(here.get().isPresent());
    assertTrue(there.get().isPresent());
    assertEquals(Set.of(REGION, "us-east-1"), new HashSet<>(fake.regions));
  }

  @Test
  void closingAnswersWhoWaitsEndsTheDispatchersAndRefusesLaterCalls() throws Exception {
    fake.exists("a", "b");
    fake.hold();
    CompletableFuture<Optional<RepositoryInfo>> inFlight = describe("a");
    await().atMost(DEADLINE).until(() -> fake.calls.size() == 1);
    CompletableFuture<Optional<RepositoryInfo>> waiting = describe("b");
    await().atMost(DEADLINE).until(() -> port.waiting(REGION) == 1);

    port.close();

    ExecutionException e = assertThrows(ExecutionException.class, waiting::get);
    assertEquals(EcrErrorKind.UNKNOWN, ((EcrException) e.getCause()).kind());
    assertThrows(ExecutionException.class, inFlight::get, "the call in flight is interrupted");
    await().atMost(DEADLINE).until(() -> dispatcherThreads().isEmpty());
    assertThrows(
        IllegalStateException.class, () -> port.describeRepository(new RepositoryRef(REGION, "a")));
  }

  @Test
  void throughTheSdkAgainstTheEmulatorManyCallersShareFewCalls() throws Exception {
    try (EmulatedEcr ecr = new EmulatedEcr();
        BatchingEcrPort batching = new BatchingEcrPort(ecr.port)) {
      List<String> names = IntStream.range(0, 30).mapToObj(i -> "team/repo-" + i).toList();
      for (String name : names.subList(0, 20)) {
        ecr.port.createRepository(
            new RepositoryRef(EmulatedEcr.REGION, name), RepositorySettings.NONE, Map.of());
      }
      ecr.emulator.faults(
          FaultPlan.builder().latency(Duration.ofMillis(20), Duration.ZERO).build());
      ecr.emulator.resetCalls();

      List<CompletableFuture<Optional<RepositoryInfo>>> answers = new ArrayList<>();
      for (String name : names) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> batching.describeRepository(new RepositoryRef(EmulatedEcr.REGION, name)),
                callers));
      }

      for (int i = 0; i < names.size(); i++) {
        Optional<RepositoryInfo> answer = answers.get(i).get(30, TimeUnit.SECONDS);
        assertEquals(i < 20, answer.isPresent(), names.get(i));
        answer.ifPresent(r -> assertEquals(EmulatedEcr.arn(r.name()), r.arn()));
      }
      long calls = ecr.emulator.callCount("DescribeRepositories");
      // Each missing name costs a call of its own (ECR fails the whole call, naming one).
      assertTrue(calls < names.size(), "DescribeRepositories calls: " + calls);
    }
  }

  /**
   * The names asked for while a first call ("first") is held in flight, so that they all go in one
   * batch once it is let through.
   */
  private List<CompletableFuture<Optional<RepositoryInfo>>> heldBatch(String... names) {
    fake.hold();
    describe("first");
    await().atMost(DEADLINE).until(() -> fake.calls.size() == 1);
    List<CompletableFuture<Optional<RepositoryInfo>>> answers = new ArrayList<>();
    for (String name : names) {
      answers.add(describe(name));
    }
    long distinct = List.of(names).stream().distinct().count();
    await().atMost(DEADLINE).until(() -> port.waiting(REGION) == distinct);
    fake.open();
    return answers;
  }

  private CompletableFuture<Optional<RepositoryInfo>> describe(String name) {
    return CompletableFuture.supplyAsync(
        () -> port.describeRepository(new RepositoryRef(REGION, name)), callers);
  }

  private static List<String> names(List<CompletableFuture<Optional<RepositoryInfo>>> answers)
      throws Exception {
    List<String> names = new ArrayList<>();
    for (var answer : answers) {
      names.add(answer.get().orElseThrow().name());
    }
    return names;
  }

  private static List<Thread> dispatcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("ecr-describe-batch-") && t.isAlive())
        .toList();
  }

  /**
   * ECR's DescribeRepositories as the port sees it: a call with several names fails as a whole when
   * one is missing, naming the first; calls can be held in flight until let through.
   */
  private static final class FakeEcr {
    final List<List<String>> calls = new CopyOnWriteArrayList<>();
    final List<String> kinds = new CopyOnWriteArrayList<>();
    final List<String> regions = new CopyOnWriteArrayList<>();
    final Set<String> existing = Collections.synchronizedSet(new HashSet<>());
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile boolean unnamedNotFound;
    volatile BiFunction<List<String>, Boolean, EcrException> failure = (names, batch) -> null;

    void exists(String... names) {
      existing.addAll(List.of(names));
    }

    /** Holds every call from now on until {@link #open()}. */
    void hold() {
      gate = new CountDownLatch(1);
    }

    void open() {
      gate.countDown();
    }

    private void enter(String region, List<String> names, String kind) {
      regions.add(region);
      calls.add(List.copyOf(names));
      kinds.add(kind);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EcrException(
            EcrErrorKind.UNKNOWN, "DescribeRepositories", null, "interrupted", e);
      }
      EcrException e = failure.apply(names, kind.equals("batch"));
      if (e != null) {
        throw e;
      }
    }

    Optional<RepositoryInfo> single(RepositoryRef ref) {
      enter(ref.region(), List.of(ref.name()), "single");
      return existing.contains(ref.name()) ? Optional.of(info(ref.name())) : Optional.empty();
    }

    Map<String, RepositoryInfo> batch(String region, List<String> names) {
      enter(region, names, "batch");
      for (String name : names) {
        if (!existing.contains(name)) {
          throw new EcrException(
              EcrErrorKind.NOT_FOUND,
              "DescribeRepositories",
              "RepositoryNotFoundException",
              unnamedNotFound
                  ? "not found"
                  : "The repository with name '"
                      + name
                      + "' does not exist in the registry with id '123456789012'",
              null);
        }
      }
      Map<String, RepositoryInfo> found = new java.util.LinkedHashMap<>();
      names.forEach(name -> found.put(name, info(name)));
      return found;
    }

    @SuppressWarnings("unchecked")
    EcrPort port() {
      return (EcrPort)
          Proxy.newProxyInstance(
              EcrPort.class.getClassLoader(),
              new Class<?>[] {EcrPort.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "describeRepository" -> single((RepositoryRef) args[0]);
                    case "describeRepositories" -> batch((String) args[0], (List<String>) args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    private static RepositoryInfo info(String name) {
      return new RepositoryInfo(
          name, "arn:" + name, "uri/" + name, "123456789012", null, "MUTABLE", null, false, null);
    }
  }

  @Test
  void theMissingNameIsReadFromEcrsMessageOnlyWhenItIsOneAskedFor() {
    EcrException e =
        new EcrException(
            EcrErrorKind.NOT_FOUND,
            "DescribeRepositories",
            "RepositoryNotFoundException",
            "The repository with name 'team/api' does not exist in the registry with id"
                + " '123456789012'",
            null);
    assertEquals("team/api", BatchingEcrPort.missingName(e, List.of("x", "team/api")));
    assertNull(BatchingEcrPort.missingName(e, List.of("x", "y")));
    assertNull(
        BatchingEcrPort.missingName(
            new EcrException(EcrErrorKind.NOT_FOUND, "DescribeRepositories", null, null, null),
            List.of("x")));
  }
}
