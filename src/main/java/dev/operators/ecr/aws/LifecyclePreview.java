package dev.operators.ecr.aws;

/**
 * A lifecycle policy preview as GetLifecyclePolicyPreview reports it. status: IN_PROGRESS |
 * COMPLETE | EXPIRED | FAILED.
 *
 * @param policyText the text the preview evaluated: the one given to it, or the repository's policy
 * @param expiring images the policy would expire, across the whole repository
 * @param transitioning images the policy would move to another storage class (archive)
 */
public record LifecyclePreview(
    String status, String policyText, long expiring, long transitioning) {}
