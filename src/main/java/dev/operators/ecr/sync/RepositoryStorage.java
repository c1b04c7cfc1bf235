package dev.operators.ecr.sync;

import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.util.Collection;

/**
 * The images a repository holds and their sizes, by storage class, as DescribeImages reported them.
 * An image of unknown size counts as an image and 0 bytes.
 */
public record RepositoryStorage(
    long standardImages, long standardBytes, long archiveImages, long archiveBytes) {
  /** A repository with no image. */
  public static final RepositoryStorage EMPTY = new RepositoryStorage(0, 0, 0, 0);

  public static RepositoryStorage of(Collection<Image> images) {
    long standardImages = 0;
    long standardBytes = 0;
    long archiveImages = 0;
    long archiveBytes = 0;
    for (Image image : images) {
      long size = image.sizeInBytes() == null ? 0 : image.sizeInBytes();
      if (image.storageClass() == StorageClass.ARCHIVE) {
        archiveImages++;
        archiveBytes = Math.addExact(archiveBytes, size);
      } else {
        standardImages++;
        standardBytes = Math.addExact(standardBytes, size);
      }
    }
    return new RepositoryStorage(standardImages, standardBytes, archiveImages, archiveBytes);
  }

  /** Every image, both storage classes. */
  public long images() {
    return standardImages + archiveImages;
  }

  /** Every byte, both storage classes. */
  public long bytes() {
    return standardBytes + archiveBytes;
  }
}
