package dev.operators.ecr.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.admission.BadCorpus;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.api.SettingStatus;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bad-input suite for the registry-level kinds: every bad document of theirs that admission
 * lets through is stalled by the real operator with reason InvalidSpec and a message naming the
 * path, and nothing is written to ECR, not even after resyncs.
 */
class BadSettingsOperatorTest {
  private static final List<Class<? extends CustomResource<?, ? extends SettingStatus>>> KINDS =
      List.of(
          EcrPullThroughCacheRule.class, EcrRepositoryCreationTemplate.class, EcrRegistry.class);

  // As stored: the API server prunes the fields its schema does not declare.
  private static final ObjectMapper STORED =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  private record Case(
      BadCorpus.Entry entry,
      Class<? extends CustomResource<?, ? extends SettingStatus>> type,
      String name) {}

  @Test
  void everyAdmittedBadSettingIsStalledWithItsPathAndNothingIsWritten() throws Exception {
    List<Case> cases = new ArrayList<>();
    int refusedAtAdmission = 0;
    for (var type : KINDS) {
      for (BadCorpus.Entry entry : BadCorpus.load(HasMetadata.getKind(type))) {
        if (!entry.admitted()) {
          refusedAtAdmission++;
          continue;
        }
        assertTrue(entry.old() == null, entry + ": an admitted update needs a valid first state");
        cases.add(new Case(entry, type, "bad-" + cases.size()));
      }
    }
    assertTrue(cases.size() >= 3, "admitted bad settings: " + cases);

    // A valid repository that stays valid: its resyncs show when a resync period has passed.
    env.client.resource(Specs.repository("sentinel", "api", Specs.keepUntagged(1))).create();
    env.awaitReady("sentinel", "api");
    env.ecr.resetCalls();

    for (Case c : cases) {
      ObjectNode object = c.entry().object().deepCopy();
      object.with("metadata").put("name", c.name());
      env.client.resource(STORED.convertValue(object, c.type())).create();
    }
    for (Case c : cases) {
      var stalled =
          SettingResources.await(
              env.client,
              c.type(),
              c.name(),
              r ->
                  SettingResources.isCondition(
                      r, Conditions.STALLED, "True", Reasons.INVALID_SPEC));
      String message = SettingResources.condition(stalled, Conditions.STALLED).getMessage();
      assertTrue(
          message.contains(c.entry().operatorRefuses()),
          c.entry() + ": expected <" + c.entry().operatorRefuses() + "> in <" + message + ">");
    }
    // Two resyncs later (the sentinel read its tags twice more) nothing has been written.
    long reads = env.ecr.callCount("ListTagsForResource");
    org.awaitility.Awaitility.await()
        .atMost(OperatorEnvironment.DEADLINE)
        .until(() -> env.ecr.callCount("ListTagsForResource") >= reads + 2);
    assertEquals(0, env.ecr.writeCallCount(), "ECR write calls: " + env.ecr.calls());
    System.out.println(
        "bad settings: "
            + (cases.size() + refusedAtAdmission)
            + " | refused at admission: "
            + refusedAtAdmission
            + " | stalled InvalidSpec by the operator: "
            + cases.size()
            + " "
            + cases.stream().map(c -> c.entry().file()).toList());
  }
}
