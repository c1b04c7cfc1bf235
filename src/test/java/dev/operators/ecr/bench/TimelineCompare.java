package dev.operators.ecr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs drawn side by side from their timeline CSVs ({@code -Dbench.compare=a.csv,b.csv}), on shared
 * scales: for instance the stand-in and the real API server at the same settings. One CSV is drawn
 * as the benchmark drew it.
 */
final class TimelineCompare {
  static final String TITLE = "ecr-operator benchmark, side by side";

  private TimelineCompare() {}

  /** Reads each CSV and writes one SVG with a column per run, in the order given. */
  static void write(List<Path> csvs, Path out) throws IOException {
    if (csvs.isEmpty()) {
      throw new IllegalArgumentException("bench.compare names no timeline CSV");
    }
    List<Timeline.Run> runs = new ArrayList<>();
    for (Path csv : csvs) {
      runs.add(Timeline.read(csv));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, TimelineChart.svg(runs.size() == 1 ? TimelineChart.TITLE : TITLE, runs));
  }
}
