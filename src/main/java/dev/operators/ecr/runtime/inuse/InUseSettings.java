package dev.operators.ecr.runtime.inuse;

import dev.operators.ecr.api.InUseProtectionMode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What runs, and what is done about it.
 *
 * @param protection off, report or protect ({@code --in-use-protection})
 * @param sources the kinds watched ({@code --in-use-sources}); none watched when protection is off
 * @param grace how long an image stays protected after it stopped being in use ({@code
 *     --in-use-grace})
 */
public record InUseSettings(InUseProtection protection, Set<InUseSource> sources, Duration grace) {

  /** The grace period when none is given. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  /** The defaults: report, from every source. */
  public static final InUseSettings DEFAULT =
      new InUseSettings(InUseProtection.REPORT, InUseSource.all(), DEFAULT_GRACE);

  /** Nothing watched. */
  public static final InUseSettings OFF =
      new InUseSettings(InUseProtection.OFF, Set.of(), DEFAULT_GRACE);

  /** Settings with the default grace period. */
  public InUseSettings(InUseProtection protection, Set<InUseSource> sources) {
    this(protection, sources, DEFAULT_GRACE);
  }

  public InUseSettings {
    Objects.requireNonNull(protection, "protection");
    sources = sources == null || sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
    grace = grace == null ? DEFAULT_GRACE : grace;
    if (grace.isNegative()) {
      throw new IllegalArgumentException("the grace period is not negative: " + grace);
    }
  }

  /** The sources to watch: none when protection is off. */
  public Set<InUseSource> watched() {
    return protection == InUseProtection.OFF ? Set.of() : sources;
  }

  /** What a repository whose spec does not say gets, in the spec's terms. */
  public InUseProtectionMode defaultMode() {
    return switch (protection) {
      case OFF -> InUseProtectionMode.Off;
      case REPORT -> InUseProtectionMode.Report;
      case PROTECT -> InUseProtectionMode.Protect;
    };
  }
}
