package dev.operators.ecr.aws;

import java.util.List;

/**
 * One page of DescribeImages.
 *
 * @param nextToken the token of the next page; null on the last one
 */
public record ImagePage(List<ImageInfo> images, String nextToken) {
  public ImagePage {
    images = List.copyOf(images);
  }
}
