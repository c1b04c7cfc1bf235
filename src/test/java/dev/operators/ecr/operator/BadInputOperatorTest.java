package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.condition;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.ecr.admission.BadCorpus;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositorySpec;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.desired.DesiredState;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bad-input suite: every EcrRepository file of the bad admission corpus is either refused at
 * admission (offline schema and CEL rules) or, when admission lets it through, stalled by the real
 * operator with reason InvalidSpec and a message naming the path, without one ECR write and with
 * the ECR repository it would have changed left exactly as it was.
 */
class BadInputOperatorTest {
  static final String ADMISSION = "refused at admission";
  static final String NOT_STORABLE = "refused at admission (not storable: fabric8 cannot read it)";
  static final String STALLED = "stalled InvalidSpec by the operator";

  /**
   * Files the operator mishandles, left out of the run (each counted as such in the summary).
   * Empty: the operator refuses every admitted bad input without writing to ECR.
   */
  // KNOWN: none.
  static final Set<String> KNOWN = Set.of();

  static final String KNOWN_OUTCOME = "left out: known operator misbehaviour";

  private static final String PULL_POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Pull\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},"
          + "\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";

  // As stored: the API server prunes the fields its schema does not declare.
  private static final ObjectMapper STORED =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  /**
   * One admitted bad input, in a namespace of its own.
   *
   * @param existing the valid resource created first, whose ECR repository the bad input must leave
   *     alone; null when the bad input has no valid counterpart (its name itself is wrong)
   */
  record Case(
      String file,
      String fragment,
      String namespace,
      String name,
      EcrRepository existing,
      EcrRepository bad,
      String region,
      String ecrName) {}

  @Test
  void everyBadInputIsRefusedAtAdmissionOrStalledWithoutTouchingEcr() throws Exception {
    List<BadCorpus.Entry> corpus = BadCorpus.load(HasMetadata.getKind(EcrRepository.class));
    Map<String, String> outcomes = new TreeMap<>();
    List<Case> cases = new ArrayList<>();
    for (BadCorpus.Entry entry : corpus) {
      if (KNOWN.contains(entry.file())) {
        outcomes.put(entry.file(), KNOWN_OUTCOME);
      } else if (!entry.admitted()) {
        outcomes.put(entry.file(), read(entry.object()).isPresent() ? ADMISSION : NOT_STORABLE);
      } else {
        assertNotNull(
            entry.operatorRefuses(), entry + ": admitted, so the operator must refuse it");
        cases.add(prepare(entry, cases.size()));
      }
    }

    // A valid resource that stays valid: its resyncs show when a resync period has passed.
    env.client.resource(Specs.repository("sentinel", "api", Specs.keepUntagged(1))).create();
    env.awaitReady("sentinel", "api");

    // A valid existing state for each: created, synced and recorded.
    for (Case c : cases) {
      if (c.existing() != null) {
        env.client.resource(c.existing()).create();
      }
    }
    Map<String, Long> generations = new LinkedHashMap<>();
    Map<String, Optional<RepositorySnapshot>> before = new LinkedHashMap<>();
    for (Case c : cases) {
      if (c.existing() != null) {
        EcrRepository ready = env.awaitReady(c.namespace(), c.name());
        generations.put(c.file(), ready.getMetadata().getGeneration());
        assertTrue(env.ecr.repository(c.region(), c.ecrName()).isPresent(), c.file());
      }
      before.put(c.file(), env.ecr.repository(c.region(), c.ecrName()));
    }
    env.ecr.resetCalls();

    // The bad inputs, all at once: the spec replaced, or created when there is nothing to protect.
    for (Case c : cases) {
      if (c.existing() != null) {
        env.resource(c.namespace(), c.name())
            .edit(
                r -> {
                  r.setSpec(c.bad().getSpec());
                  return r;
                });
      } else {
        env.client.resource(c.bad()).create();
      }
    }
    for (Case c : cases) {
      EcrRepository stalled =
          env.await(
              c.namespace(),
              c.name(),
              r -> isCondition(r, Conditions.STALLED, "True", Reasons.INVALID_SPEC));
      if (c.existing() != null) {
        assertTrue(
            stalled.getMetadata().getGeneration() > generations.get(c.file()),
            c.file() + ": stalled at the bad input's generation");
      }
      String message = condition(stalled, Conditions.STALLED).getMessage();
      assertTrue(
          message.contains(c.fragment()),
          c.file() + ": expected <" + c.fragment() + "> in <" + message + ">");
      outcomes.put(c.file(), STALLED);
    }
    // Two resyncs later (the sentinel read its tags twice more) the operator still has not
    // written: stalled stays stalled.
    long reads = env.ecr.callCount("ListTagsForResource");
    org.awaitility.Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("ListTagsForResource") >= reads + 2);

    assertEquals(0, env.ecr.writeCallCount(), "ECR write calls: " + env.ecr.calls());
    for (Case c : cases) {
      assertEquals(
          before.get(c.file()),
          env.ecr.repository(c.region(), c.ecrName()),
          c.file() + ": ECR repository " + c.ecrName() + " changed");
    }

    assertEquals(corpus.size(), outcomes.size(), "every file has exactly one outcome");
    Map<String, Long> counts =
        outcomes.values().stream()
            .collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
    System.out.println(
        "bad inputs: "
            + corpus.size()
            + counts.entrySet().stream()
                .map(e -> " | " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining()));
    outcomes.forEach((file, outcome) -> System.out.println("  " + file + " -> " + outcome));
    assertTrue(corpus.size() >= 60, "at least 60 bad inputs, found " + corpus.size());
    assertTrue(counts.getOrDefault(STALLED, 0L) > 0, "some bad inputs reach the operator");
  }

  /**
   * The bad input in its own namespace, with a name of its own (the corpus files all say team/web,
   * which would be one ECR repository), and the valid state it must not disturb: the corpus's old
   * object for an update, else a valid repository of the same identity (name, region, encryption)
   * with a lifecycle policy, a repository policy and tags.
   */
  private static Case prepare(BadCorpus.Entry entry, int index) {
    String stem = entry.file().replaceFirst("\\.yaml$", "");
    String namespace = "bad-" + index;
    EcrRepository bad = read(entry.object()).orElseThrow();
    EcrRepository old = entry.old() == null ? null : read(entry.old()).orElseThrow();
    EcrRepository existing =
        old != null && BadCorpus.admitsCreate(entry.old()) && DesiredState.check(old).isEmpty()
            ? old
            : validCounterpart(bad);
    if (DesiredState.check(existing).isEmpty()) {
      // Unique names: the mistake is not in them, since the valid counterpart shares them.
      String name = stem.length() > 60 ? stem.substring(0, 60) : stem;
      for (EcrRepository r : List.of(existing, bad)) {
        r.getMetadata().setName(name);
        if (r.getSpec() != null && r.getSpec().getRepositoryName() != null) {
          r.getSpec().setRepositoryName(namespace + "/" + name);
        }
      }
    } else {
      existing = null;
    }
    for (EcrRepository r : existing == null ? List.of(bad) : List.of(existing, bad)) {
      r.getMetadata().setNamespace(namespace);
    }
    EcrRepositorySpec spec = bad.getSpec();
    String region = spec != null && spec.getRegion() != null ? spec.getRegion() : REGION;
    String ecrName =
        spec != null && spec.getRepositoryName() != null
            ? spec.getRepositoryName()
            : bad.getMetadata().getName();
    return new Case(
        entry.file(),
        entry.operatorRefuses(),
        namespace,
        bad.getMetadata().getName(),
        existing,
        bad,
        region,
        ecrName);
  }

  private static EcrRepository validCounterpart(EcrRepository bad) {
    EcrRepository r = new EcrRepository();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withName(bad.getMetadata().getName())
            .withNamespace(bad.getMetadata().getNamespace())
            .build());
    EcrRepositorySpec spec = new EcrRepositorySpec();
    EcrRepositorySpec from = bad.getSpec();
    if (from != null) {
      spec.setRepositoryName(from.getRepositoryName());
      spec.setRegion(from.getRegion());
      spec.setEncryption(from.getEncryption());
    }
    spec.setLifecyclePolicy(Specs.keepUntagged(3));
    spec.setRepositoryPolicy(PULL_POLICY);
    spec.setTags(Map.of("team", "payments", "suite", "bad-input"));
    r.setSpec(spec);
    return r;
  }

  private static Optional<EcrRepository> read(JsonNode object) {
    try {
      return Optional.of(STORED.convertValue(object, EcrRepository.class));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
