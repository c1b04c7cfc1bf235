package dev.operators.ecr.sync;

import dev.operators.ecr.aws.EcrPort;
import dev.operators.ecr.aws.ImageInfo;
import dev.operators.ecr.aws.ImagePage;
import dev.operators.ecr.aws.RepositoryRef;
import dev.operators.ecr.policy.Image;
import dev.operators.ecr.policy.StorageClass;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every image of a repository, archived ones included, read page by page with DescribeImages. */
final class RepositoryImages {
  private final EcrPort ecr;

  RepositoryImages(EcrPort ecr) {
    this.ecr = ecr;
  }

  /** Each image once, as the policy evaluator sees it; one DescribeImages call per 1,000. */
  List<Image> list(RepositoryRef ref) {
    Map<String, Image> images = new LinkedHashMap<>();
    String token = null;
    do {
      ImagePage page = ecr.describeImages(ref, token);
      page.images().forEach(image -> images.put(image.digest(), image(image)));
      token = page.nextToken();
    } while (token != null);
    return List.copyOf(images.values());
  }

  // An image being restored (ACTIVATING) is still stored, and billed, in archive.
  static Image image(ImageInfo info) {
    boolean archive =
        ImageInfo.ARCHIVED.equals(info.status()) || ImageInfo.ACTIVATING.equals(info.status());
    return new Image(
        info.digest(),
        info.tags(),
        info.pushedAt(),
        info.lastPulledAt(),
        archive ? StorageClass.ARCHIVE : StorageClass.STANDARD,
        info.archivedAt(),
        info.activatedAt(),
        info.sizeInBytes());
  }
}
