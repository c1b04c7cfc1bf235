package dev.operators.ecr.policy;

import java.util.Locale;

/** ECR storage classes an image can be in, as lifecycle policies name them. */
public enum StorageClass {
  STANDARD,
  ARCHIVE;

  /** The value as written in a policy document: {@code standard} or {@code archive}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
