package dev.operators.ecr.sync;

import java.time.Duration;

/**
 * How lifecycle previews are asked of ECR.
 *
 * @param period how often the preview of the policy in force is refreshed
 * @param timeout how long a pass waits for ECR to finish a preview
 * @param expiryWarningShare a policy change that would expire more than this share of the
 *     repository's images at once gets a warning first
 */
public record PreviewSettings(Duration period, Duration timeout, double expiryWarningShare) {}
