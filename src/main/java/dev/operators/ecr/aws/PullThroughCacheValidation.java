package dev.operators.ecr.aws;

/** ValidatePullThroughCacheRule's answer; failure is null when valid. */
public record PullThroughCacheValidation(boolean valid, String failure) {}
