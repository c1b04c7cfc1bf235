package dev.operators.ecr.policy;

/**
 * The one representation of a policy's meaning.
 *
 * @param json canonical JSON with defaults explicit; two policies mean the same exactly when these
 *     are equal
 * @param ecrJson the compact, deterministic text sent to ECR (defaults left implicit)
 * @param digest {@code sha256:<hex>} of {@code json}
 */
public record CanonicalPolicy(String json, String ecrJson, String digest) {}
