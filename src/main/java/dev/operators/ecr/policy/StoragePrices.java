package dev.operators.ecr.policy;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Objects;

/**
 * What ECR charges to store images, per GB-month and storage class, and what images or a policy's
 * actions cost or save in a month. Amounts are exact (no rounding): a GB is 2^30 bytes, so every
 * division ends.
 *
 * @param standardPerGbMonth the price of a GB-month in the standard storage class
 * @param archivePerGbMonth the price of a GB-month in the archive storage class
 */
public record StoragePrices(BigDecimal standardPerGbMonth, BigDecimal archivePerGbMonth) {
  /** AWS bills storage in binary gigabytes. */
  public static final long BYTES_PER_GB = 1L << 30;

  /**
   * AWS's published prices, in US dollars, for the first 150 TB a month: 0.10 for standard storage,
   * and 0.10 for archive storage too (it falls to 0.07 only above 150 TB a month). Sources and
   * dates: docs/design.md, "Keep what runs".
   */
  public static final StoragePrices PUBLISHED =
      new StoragePrices(new BigDecimal("0.10"), new BigDecimal("0.10"));

  public StoragePrices {
    Objects.requireNonNull(standardPerGbMonth, "standardPerGbMonth");
    Objects.requireNonNull(archivePerGbMonth, "archivePerGbMonth");
    if (standardPerGbMonth.signum() < 0 || archivePerGbMonth.signum() < 0) {
      throw new IllegalArgumentException("prices are 0 or more");
    }
  }

  public BigDecimal perGbMonth(StorageClass storageClass) {
    return storageClass == StorageClass.ARCHIVE ? archivePerGbMonth : standardPerGbMonth;
  }

  /** What {@code bytes} cost a month in {@code storageClass}. */
  public BigDecimal monthlyCost(long bytes, StorageClass storageClass) {
    return gb(bytes).multiply(perGbMonth(storageClass));
  }

  /** What these images cost a month, each in its storage class; unknown sizes count 0. */
  public BigDecimal monthlyCost(Collection<Image> images) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Image image : images) {
      sum = sum.add(monthlyCost(size(image), image.storageClass()));
    }
    return sum;
  }

  /**
   * What a policy's actions save a month: an expired image its storage class's price, an image
   * moved to archive the difference between the two prices (negative if archive costs more).
   * Unknown sizes count 0.
   */
  public BigDecimal monthlySavings(Evaluation evaluation) {
    BigDecimal sum = BigDecimal.ZERO;
    for (ImageAction action : evaluation.actions()) {
      Image image = action.image();
      BigDecimal saved =
          action.type() == ActionType.EXPIRE
              ? monthlyCost(size(image), image.storageClass())
              : monthlyCost(size(image), StorageClass.STANDARD)
                  .subtract(monthlyCost(size(image), StorageClass.ARCHIVE));
      sum = sum.add(saved);
    }
    return sum;
  }

  private static long size(Image image) {
    return image.sizeInBytes() == null ? 0 : image.sizeInBytes();
  }

  private static BigDecimal gb(long bytes) {
    return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(BYTES_PER_GB));
  }
}
