package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The images the repository holds and their sizes, by storage class, read with the preview. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryStorageStatus {
  @JsonPropertyDescription("Images in the standard storage class.")
  private StorageClassUsage standard;

  @JsonPropertyDescription("Images in the archive storage class, those being restored included.")
  private StorageClassUsage archive;

  @JsonPropertyDescription("When the images were read from ECR (DescribeImages).")
  private String observedAt;

  public RepositoryStorageStatus() {}

  public RepositoryStorageStatus(
      StorageClassUsage standard, StorageClassUsage archive, String observedAt) {
    this.standard = standard;
    this.archive = archive;
    this.observedAt = observedAt;
  }

  public StorageClassUsage getStandard() {
    return standard;
  }

  public void setStandard(StorageClassUsage standard) {
    this.standard = standard;
  }

  public StorageClassUsage getArchive() {
    return archive;
  }

  public void setArchive(StorageClassUsage archive) {
    this.archive = archive;
  }

  public String getObservedAt() {
    return observedAt;
  }

  public void setObservedAt(String observedAt) {
    this.observedAt = observedAt;
  }
}
