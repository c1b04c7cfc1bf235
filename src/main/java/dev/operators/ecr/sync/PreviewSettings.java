package dev.operators.ecr.sync;

import dev.operators.ecr.policy.StoragePrices;
import java.time.Duration;
import java.util.Objects;

/**
 * How lifecycle previews are asked of ECR.
 *
 * @param period how often the preview of the policy in force is refreshed
 * @param timeout how long a pass waits for ECR to finish a preview
 * @param expiryWarningShare a policy change that would expire more than this share of the
 *     repository's images at once gets a warning first
 * @param prices what storage costs, in US dollars per GB-month, for the money a preview stands for
 */
public record PreviewSettings(
    Duration period, Duration timeout, double expiryWarningShare, StoragePrices prices) {
  public PreviewSettings {
    Objects.requireNonNull(prices, "prices");
  }
}
