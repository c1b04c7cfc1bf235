package dev.operators.ecr.policy;

/** ECR storage classes an image can be in, as lifecycle policies name them. */
public enum StorageClass {
  STANDARD,
  ARCHIVE
}
