package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The images of one storage class and their sizes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageClassUsage {
  @JsonPropertyDescription("Images in this storage class.")
  private Long images;

  @JsonPropertyDescription(
      "The sum of their sizes as ECR reports them (imageSizeInBytes); layers shared between images"
          + " are stored once, so the repository may store less.")
  private Long bytes;

  public StorageClassUsage() {}

  public StorageClassUsage(Long images, Long bytes) {
    this.images = images;
    this.bytes = bytes;
  }

  public Long getImages() {
    return images;
  }

  public void setImages(Long images) {
    this.images = images;
  }

  public Long getBytes() {
    return bytes;
  }

  public void setBytes(Long bytes) {
    this.bytes = bytes;
  }
}
