package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The benchmark reads one gauge from a scrape in the Prometheus text format. */
class MetricsScrapeTest {
  private static final String SCRAPE =
      """
      # HELP ecr_operator_images_in_use Distinct ECR image references used by the cluster's pods
      # TYPE ecr_operator_images_in_use gauge
      ecr_operator_images_in_use 3000.0
      # HELP ecr_operator_images_in_use_extra something else
      ecr_operator_images_in_use_extra 7.0
      ecr_operator_repository_images{name="repo-0",namespace="bench-0"} 3.0
      """;

  @Test
  void readsTheUnlabelledSampleOfAName() {
    assertEquals(
        OptionalDouble.of(3000), MetricsScrape.sample(SCRAPE, "ecr_operator_images_in_use"));
    assertEquals(
        OptionalDouble.of(7), MetricsScrape.sample(SCRAPE, "ecr_operator_images_in_use_extra"));
  }

  @Test
  void aNameWithoutAnUnlabelledSampleHasNone() {
    assertEquals(OptionalDouble.empty(), MetricsScrape.sample(SCRAPE, "ecr_operator_leader"));
    assertEquals(
        OptionalDouble.empty(), MetricsScrape.sample(SCRAPE, "ecr_operator_repository_images"));
  }
}
