package dev.operators.ecr.sync;

/**
 * What a lifecycle policy would do now, as ECR's own preview computed it.
 *
 * @param policyDigest the policy the preview is for
 * @param expiring images it would expire now
 * @param transitioning images it would move to archive now
 * @param computedAt when ECR computed it, as an ISO-8601 instant
 */
public record PolicyPreview(
    String policyDigest, Long expiring, Long transitioning, String computedAt) {}
