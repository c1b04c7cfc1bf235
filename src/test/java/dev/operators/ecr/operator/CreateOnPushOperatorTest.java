package dev.operators.ecr.operator;

import static dev.operators.ecr.operator.OperatorEnvironment.REGION;
import static dev.operators.ecr.operator.OperatorEnvironment.isCondition;
import static dev.operators.ecr.operator.Specs.keepUntagged;
import static dev.operators.ecr.operator.Specs.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.Reasons;
import dev.operators.ecr.aws.RepositoryCreationTemplate;
import dev.operators.ecr.desired.Owner;
import dev.operators.ecr.sandbox.emulator.RepositorySnapshot;
import dev.operators.ecr.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A repository ECR created by itself, from a creation template on push, meets the operator's
 * adoption rules like any repository it did not create: left alone unless adopted, then managed as
 * declared.
 */
class CreateOnPushOperatorTest {
  private static final String TEMPLATE_POLICY =
      "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"any\","
          + "\"countType\":\"imageCountMoreThan\",\"countNumber\":50},"
          + "\"action\":{\"type\":\"expire\"}}]}";

  @RegisterExtension static final OperatorEnvironment env = OperatorEnvironment.create();

  @Test
  void aRepositoryCreatedOnPushIsAdoptedOnlyWhenTheSpecSaysSo() {
    env.port.createRepositoryCreationTemplate(
        REGION,
        new RepositoryCreationTemplate(
            "pushed",
            "made on push",
            List.of("CREATE_ON_PUSH"),
            null,
            null,
            null,
            null,
            TEMPLATE_POLICY,
            null,
            Map.of("made-by", "template"),
            null));
    env.ecr.pushImage(
        REGION, "pushed/app", "sha256:" + "c".repeat(64), List.of("v1"), Instant.now());
    RepositorySnapshot made = env.ecr.repository(REGION, "pushed/app").orElseThrow();
    assertTrue(
        made.lifecyclePolicyText().contains("\"countNumber\":50"), made.lifecyclePolicyText());

    // Declared without adopt: the repository is someone else's, and nothing of it changes (the
    // operator's create is refused as the repository exists, and it writes nothing after).
    EcrRepository declared = repository("pushed", "app", keepUntagged(1));
    env.client.resource(declared).create();
    EcrRepository refused =
        env.await(
            "pushed",
            "app",
            r -> isCondition(r, Conditions.STALLED, "True", Reasons.ALREADY_EXISTS));
    assertTrue(
        OperatorEnvironment.condition(refused, Conditions.READY).getMessage().contains("adopt"));
    assertEquals(made, env.ecr.repository(REGION, "pushed/app").orElseThrow());

    // Adopted: the owner tag is added, the declared policy replaces the template's, and the tag
    // the template set stays (the spec manages no tags).
    env.resource("pushed", "app")
        .edit(
            r -> {
              r.getSpec().setAdopt(true);
              return r;
            });
    env.awaitReady("pushed", "app");
    RepositorySnapshot adopted = env.ecr.repository(REGION, "pushed/app").orElseThrow();
    assertTrue(adopted.tags().containsKey(Owner.TAG_KEY), adopted.tags().toString());
    assertEquals("template", adopted.tags().get("made-by"));
    assertTrue(
        adopted.lifecyclePolicyText().contains("\"countNumber\":1"), adopted.lifecyclePolicyText());
  }
}
