package dev.operators.ecr.aws;

/**
 * Encryption of a repository as ECR reports it. type: AES256 | KMS | KMS_DSSE; kmsKey null for
 * AES256.
 */
public record Encryption(String type, String kmsKey) {}
