package dev.operators.ecr.runtime.inuse;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What runs, and what is done about it.
 *
 * @param protection off, report or protect ({@code --in-use-protection})
 * @param sources the kinds watched ({@code --in-use-sources}); none watched when protection is off
 */
public record InUseSettings(InUseProtection protection, Set<InUseSource> sources) {

  /** The defaults: report, from every source. */
  public static final InUseSettings DEFAULT =
      new InUseSettings(InUseProtection.REPORT, InUseSource.all());

  /** Nothing watched. */
  public static final InUseSettings OFF = new InUseSettings(InUseProtection.OFF, Set.of());

  public InUseSettings {
    Objects.requireNonNull(protection, "protection");
    sources = sources == null || sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
  }

  /** The sources to watch: none when protection is off. */
  public Set<InUseSource> watched() {
    return protection == InUseProtection.OFF ? Set.of() : sources;
  }
}
