package dev.operators.ecr.bench;

import dev.operators.ecr.process.EmulatorSideDoor.Calls;
import java.util.function.Function;

/**
 * The emulator's ECR call counts, which the benchmark resets between its phases, kept as a running
 * total for the timeline: a reset adds what it cleared, so the total never goes back.
 */
final class CumulativeCalls {
  private final Function<Boolean, Calls> emulator;
  private long callsBefore;
  private long writesBefore;

  /**
   * @param emulator the emulator's counts, reset when given true (as {@code
   *     EmulatorSideDoor.calls})
   */
  CumulativeCalls(Function<Boolean, Calls> emulator) {
    this.emulator = emulator;
  }

  /** The counts since the last reset, cleared; the running total keeps them. */
  synchronized Calls reset() {
    Calls cleared = emulator.apply(true);
    callsBefore += cleared.total();
    writesBefore += cleared.writes();
    return cleared;
  }

  /** Calls and writes counted since this object was made, resets included. */
  synchronized Timeline.Counts total() {
    Calls now = emulator.apply(false);
    return new Timeline.Counts(callsBefore + now.total(), writesBefore + now.writes());
  }
}
