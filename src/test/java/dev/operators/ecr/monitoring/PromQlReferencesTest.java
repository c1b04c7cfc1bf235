package dev.operators.ecr.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.operators.ecr.monitoring.PromQlReferences.Matcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names a PromQL expression refers to, as the monitoring files' checks read them. */
class PromQlReferencesTest {
  @Test
  void selectorsFunctionsAggregationsAndBinaryOperators() {
    PromQlReferences refs =
        PromQlReferences.of(
            "sum by (namespace, job) (rate(a_total{outcome=\"throttled\", op=~\"Put.*\"}[10m]))\n"
                + "/ on (job) group_left sum without (pod) (rate(b_total[$__rate_interval]"
                + " offset 5m)) > 0.1 and absent(c) or histogram_quantile(0.95, sum by (le)"
                + " (rate(d_bucket{job=~\"$job\"}[5m]))) unless max(e) > bool 1e3");
    assertEquals(
        Map.of(
            "a_total",
            List.of(new Matcher("outcome", "=", "throttled"), new Matcher("op", "=~", "Put.*")),
            "b_total",
            List.of(),
            "c",
            List.of(),
            "d_bucket",
            List.of(new Matcher("job", "=~", "$job")),
            "e",
            List.of()),
        refs.selectors());
    assertEquals(Set.of("namespace", "job", "pod", "le"), refs.groupingLabels());
  }

  @Test
  void aPromtoolSeriesIsASelector() {
    assertEquals(
        Map.of("m", List.of(new Matcher("a", "=", "x\"y"), new Matcher("b", "=", "2"))),
        PromQlReferences.of("m{a=\"x\\\"y\",b=\"2\"}").selectors());
  }

  @Test
  void whatItCannotReadIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PromQlReferences.of("{job=\"a\"}"));
    assertThrows(IllegalArgumentException.class, () -> PromQlReferences.of("m{job=\"a}"));
    assertThrows(IllegalArgumentException.class, () -> PromQlReferences.of("rate(m[5m)"));
  }
}
