package dev.operators.ecr.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.operators.ecr.api.AppliedLifecyclePolicy;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositoryTableTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  @Test
  void printsTheColumnsKubectlShowsAligned() {
    EcrRepository r = new EcrRepository();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team")
            .withName("web")
            .withCreationTimestamp("2026-11-27T11:00:00Z")
            .build());
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    status.setRepositoryName("team/web");
    status.setRepositoryUri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web");
    status.setLifecyclePolicy(
        new AppliedLifecyclePolicy("inline", null, "sha256:19136b272e487abab83cb6b3", null));
    status.setConditions(
        List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    r.setStatus(status);

    String[] lines = RepositoryTable.render(List.of(r), NOW).split("\n");

    assertEquals(
        "NAMESPACE   NAME   READY   POLICY         REPOSITORY   URI" + " ".repeat(53) + "AGE",
        lines[0]);
    assertEquals(
        "team        web    True    19136b272e48   team/web     "
            + "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web   60m",
        lines[1]);
  }

  @Test
  void agesReadAsKubectlWritesThem() {
    assertEquals("45s", RepositoryTable.age("2026-11-27T11:59:15Z", NOW));
    assertEquals("90m", RepositoryTable.age("2026-11-27T10:30:00Z", NOW));
    assertEquals("5h", RepositoryTable.age("2026-11-27T07:00:00Z", NOW));
    assertEquals("3d", RepositoryTable.age("2026-11-24T12:00:00Z", NOW));
    assertEquals("<unknown>", RepositoryTable.age(null, NOW));
  }
}
