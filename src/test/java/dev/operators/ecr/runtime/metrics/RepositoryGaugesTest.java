package dev.operators.ecr.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.api.ImagesAtRiskStatus;
import dev.operators.ecr.api.LifecyclePreviewStatus;
import dev.operators.ecr.api.ProtectionStatus;
import dev.operators.ecr.api.RepositoryStorageStatus;
import dev.operators.ecr.api.StorageClassUsage;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each repository's images and bytes on /metrics, labelled by its resource, gone with it. */
class RepositoryGaugesTest {
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final Set<String> cached = new CopyOnWriteArraySet<>();

  @AfterEach
  void close() {
    metrics.close();
  }

  private static EcrRepositoryStatus status(
      long standard,
      long standardBytes,
      long archive,
      long archiveBytes,
      long expiring,
      long expiringBytes) {
    EcrRepositoryStatus status = new EcrRepositoryStatus();
    LifecyclePreviewStatus preview =
        new LifecyclePreviewStatus("sha256:abc", expiring, 0L, "2026-03-01T00:00:00Z");
    preview.setExpiringBytes(expiringBytes);
    status.setPreview(preview);
    status.setStorage(
        new RepositoryStorageStatus(
            new StorageClassUsage(standard, standardBytes),
            new StorageClassUsage(archive, archiveBytes),
            "2026-03-01T00:00:00Z"));
    return status;
  }

  /** The repository series of a scrape, sorted. */
  private Set<String> series() {
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith("ecr_operator_repository_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void eachRepositoryHasItsImagesBytesAndWhatItsPolicyWouldExpire() {
    metrics.gaugeRepositories(cached::stream);
    cached.add("team/api");
    metrics.repositoryStatus("team/api", "team", "api", status(4, 4000, 1, 500, 2, 1500));

    assertEquals(
        Set.of(
            "ecr_operator_repository_bytes{name=\"api\",namespace=\"team\"} 4500.0",
            "ecr_operator_repository_expiring_bytes{name=\"api\",namespace=\"team\"} 1500.0",
            "ecr_operator_repository_expiring_images{name=\"api\",namespace=\"team\"} 2.0",
            "ecr_operator_repository_images{name=\"api\",namespace=\"team\"} 5.0",
            "ecr_operator_repository_in_use_at_risk_images{name=\"api\",namespace=\"team\"} 0.0",
            "ecr_operator_repository_protected_images{name=\"api\",namespace=\"team\"} 0.0"),
        series());

    metrics.repositoryStatus("team/api", "team", "api", status(1, 100, 0, 0, 0, 0));

    assertEquals(
        Set.of(
            "ecr_operator_repository_bytes{name=\"api\",namespace=\"team\"} 100.0",
            "ecr_operator_repository_expiring_bytes{name=\"api\",namespace=\"team\"} 0.0",
            "ecr_operator_repository_expiring_images{name=\"api\",namespace=\"team\"} 0.0",
            "ecr_operator_repository_images{name=\"api\",namespace=\"team\"} 1.0",
            "ecr_operator_repository_in_use_at_risk_images{name=\"api\",namespace=\"team\"} 0.0",
            "ecr_operator_repository_protected_images{name=\"api\",namespace=\"team\"} 0.0"),
        series(),
        "the last status counts");
  }

  @Test
  void theImagesProtectedAndTheImagesInUseAtRiskAreGaugedFromTheStatus() {
    metrics.gaugeRepositories(cached::stream);
    cached.add("team/api");
    EcrRepositoryStatus status = status(4, 4000, 0, 0, 2, 1500);
    ProtectionStatus protection = new ProtectionStatus();
    protection.setProtectedImages(3L);
    status.setProtection(protection);
    status.getPreview().setInUseAtRisk(new ImagesAtRiskStatus(1L, 1L, List.of(), List.of()));

    metrics.repositoryStatus("team/api", "team", "api", status);

    assertTrue(
        series()
            .contains(
                "ecr_operator_repository_protected_images{name=\"api\",namespace=\"team\"} 3.0"),
        series().toString());
    assertTrue(
        series()
            .contains(
                "ecr_operator_repository_in_use_at_risk_images{name=\"api\",namespace=\"team\"}"
                    + " 2.0"),
        series().toString());
  }

  @Test
  void aDeletedRepositoryOrOneWithoutAPolicyHasNoSeries() {
    metrics.gaugeRepositories(cached::stream);
    cached.add("team/api");
    cached.add("team/web");
    metrics.repositoryStatus("team/api", "team", "api", status(4, 4000, 1, 500, 2, 1500));
    metrics.repositoryStatus("team/web", "team", "web", status(3, 300, 0, 0, 1, 100));
    assertEquals(12, series().size());

    cached.remove("team/api");

    assertEquals(6, series().size());
    assertEquals(
        Set.of(),
        series().stream().filter(s -> s.contains("name=\"api\"")).collect(Collectors.toSet()),
        "gone from the cache, gone from /metrics");

    metrics.repositoryStatus("team/web", "team", "web", new EcrRepositoryStatus());

    assertEquals(Set.of(), series(), "no lifecycle policy managed: nothing previewed");
  }
}
