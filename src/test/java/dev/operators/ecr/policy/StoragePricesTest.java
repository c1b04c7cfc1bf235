package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Image sizes, the bytes a policy's actions free or archive, and what they cost a month. */
class StoragePricesTest {
  private static final Instant PUSHED = Instant.parse("2026-01-01T00:00:00Z");
  private static final long GB = StoragePrices.BYTES_PER_GB;
  private static final StoragePrices PRICES =
      new StoragePrices(new BigDecimal("0.10"), new BigDecimal("0.04"));

  private static Image standard(String digest, Long size) {
    return new Image(digest, List.of(), PUSHED, null, StorageClass.STANDARD, null, null, size);
  }

  private static Image archived(String digest, Long size) {
    return new Image(digest, List.of(), PUSHED, null, StorageClass.ARCHIVE, PUSHED, null, size);
  }

  private static final Evaluation ACTIONS =
      new Evaluation(
          List.of(
              new ImageAction(standard("expired", 3 * GB), ActionType.EXPIRE, 1),
              new ImageAction(archived("expired-archived", GB / 2), ActionType.EXPIRE, 2),
              new ImageAction(standard("expired-unsized", null), ActionType.EXPIRE, 1),
              new ImageAction(standard("archiving", 2 * GB), ActionType.TRANSITION, 3)));

  @Test
  void anEvaluationSumsTheBytesOfEachAction() {
    assertEquals(3 * GB + GB / 2, ACTIONS.expiringBytes());
    assertEquals(2 * GB, ACTIONS.transitioningBytes());
    assertEquals(1, ACTIONS.withoutSize());
    assertEquals(0, new Evaluation(List.of()).expiringBytes());
  }

  @Test
  void aGbMonthIsTwoToTheThirtyBytesForAMonth() {
    assertEquals(
        0, new BigDecimal("0.10").compareTo(PRICES.monthlyCost(GB, StorageClass.STANDARD)));
    assertEquals(
        0, new BigDecimal("0.02").compareTo(PRICES.monthlyCost(GB / 2, StorageClass.ARCHIVE)));
    // Exact, not rounded: one byte of standard storage.
    assertEquals(
        0,
        new BigDecimal("0.10")
            .divide(BigDecimal.valueOf(GB))
            .compareTo(PRICES.monthlyCost(1, StorageClass.STANDARD)));
    assertEquals(
        0,
        new BigDecimal("0.34")
            .compareTo(
                PRICES.monthlyCost(
                    List.of(standard("a", 3 * GB), archived("b", GB), standard("c", null)))));
  }

  @Test
  void expiringSavesTheImagesClassPriceAndArchivingTheDifference() {
    // 3 GB standard at 0.10, 0.5 GB archive at 0.04, 2 GB moved to archive at 0.10 - 0.04.
    assertEquals(0, new BigDecimal("0.44").compareTo(PRICES.monthlySavings(ACTIONS)));
    // At AWS's published prices archiving saves nothing below 150 TB a month.
    Evaluation archiving =
        new Evaluation(List.of(new ImageAction(standard("x", 10 * GB), ActionType.TRANSITION, 1)));
    assertEquals(0, BigDecimal.ZERO.compareTo(StoragePrices.PUBLISHED.monthlySavings(archiving)));
  }

  @Test
  void pricesAndSizesAreNotNegative() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new StoragePrices(new BigDecimal("-0.01"), BigDecimal.ONE));
    assertThrows(IllegalArgumentException.class, () -> standard("x", -1L));
    assertEquals(0L, standard("x", null).withSize(0).sizeInBytes());
  }

  @Test
  void anImageDigestIsSha256AndSixtyFourHexDigits() {
    assertTrue(Image.isSha256Digest("sha256:" + "0123456789abcdef".repeat(4)));
    assertTrue(Image.isSha256Digest("sha256:" + "0123456789ABCDEF".repeat(4)));
    assertFalse(Image.isSha256Digest("sha256:" + "0123456789abcdef".repeat(4) + "0"));
    assertFalse(Image.isSha256Digest("sha256:" + "g".repeat(64)));
    assertFalse(Image.isSha256Digest("sha512:" + "a".repeat(64)));
    assertFalse(Image.isSha256Digest(" sha256:" + "a".repeat(64)));
    assertFalse(Image.isSha256Digest(null));
  }
}
