package dev.operators.ecr.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time a process has used, from {@code /proc/<pid>/stat} (Linux). */
public final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture Java runs on. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** User plus system CPU time of {@code pid} so far; zero when unreadable. */
  public static Duration of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name, in parentheses, may hold spaces: count fields after its end.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }
}
