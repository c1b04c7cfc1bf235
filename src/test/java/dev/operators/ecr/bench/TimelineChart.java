package dev.operators.ecr.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark runs drawn as plain SVG: one column per run, each with panels sharing the time axis,
 * resources Ready above, ECR calls per second (and, of them, writes) below, and, when a run
 * recorded it, the operator's resident memory at the bottom; the run's phases shaded behind them
 * all. The columns share their scales, so runs side by side compare at a glance.
 */
final class TimelineChart {
  static final int LEFT = 80;
  static final int PLOT_WIDTH = 600;
  static final int RIGHT = 30;
  static final int COLUMN = LEFT + PLOT_WIDTH + RIGHT;
  static final int READY_TOP = 112;
  static final int PANEL_HEIGHT = 200;
  static final int CALLS_TOP = READY_TOP + PANEL_HEIGHT + 30;
  static final int HEIGHT = CALLS_TOP + PANEL_HEIGHT + 95;
  static final int RSS_TOP = CALLS_TOP + PANEL_HEIGHT + 30;

  /** The height with the memory panel. */
  static final int HEIGHT_WITH_RSS = RSS_TOP + PANEL_HEIGHT + 95;

  static final String READY_COLOUR = "#2a9d48";
  static final String CALLS_COLOUR = "#1f66b4";
  static final String WRITES_COLOUR = "#d9730d";
  static final String RSS_COLOUR = "#7b3fa0";
  private static final String[] BAND_COLOURS = {"#f3f3f3", "#e4e9f0"};
  private static final int PHASE_LABEL_ROWS = 3;

  /** About the width of a character of the phases' names (11 px), to keep them apart. */
  private static final double PHASE_CHARACTER_WIDTH = 6.7;

  /** The title of a run's chart. */
  static final String TITLE = "ecr-operator benchmark";

  private TimelineChart() {}

  /**
   * The SVG document of {@code runs} side by side.
   *
   * @param title the picture's title
   */
  static String svg(String title, List<Timeline.Run> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw: no run");
    }
    double seconds = 0;
    double ready = 0;
    double rate = 0;
    // Below 0 when no run has the operator's memory: then no panel for it.
    double rss = -1;
    for (Timeline.Run run : runs) {
      for (Timeline.Sample s : run.samples()) {
        seconds = Math.max(seconds, s.seconds());
        ready = Math.max(ready, s.ready());
        rss = Math.max(rss, s.rssMib());
      }
      for (double[] r : run.perSecond(false)) {
        rate = Math.max(rate, r[1]);
      }
    }
    double[] timeTicks = ticks(seconds);
    double[] readyTicks = ticks(ready);
    double[] rateTicks = ticks(rate);
    double[] rssTicks = rss < 0 ? null : ticks(rss);
    int width = COLUMN * runs.size();
    int height = rss < 0 ? HEIGHT : HEIGHT_WITH_RSS;
    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\""
                    + " font-size=\"12\">\n",
                width,
                height,
                width,
                height))
        .append(
            String.format(
                Locale.ROOT,
                "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                width,
                height));
    text(svg, width / 2.0, 26, "middle", "font-size=\"17\" font-weight=\"bold\"", title);
    for (int i = 0; i < runs.size(); i++) {
      column(svg, i * COLUMN, runs.get(i), timeTicks, readyTicks, rateTicks, rssTicks);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void column(
      StringBuilder svg,
      int offset,
      Timeline.Run run,
      double[] timeTicks,
      double[] readyTicks,
      double[] rateTicks,
      double[] rssTicks) {
    double left = offset + LEFT;
    // The lowest panel carries the time axis' labels.
    int[] tops =
        rssTicks == null
            ? new int[] {READY_TOP, CALLS_TOP}
            : new int[] {READY_TOP, CALLS_TOP, RSS_TOP};
    int bottom = tops[tops.length - 1] + PANEL_HEIGHT;
    double xTop = timeTicks[timeTicks.length - 1];
    text(
        svg,
        left + PLOT_WIDTH / 2.0,
        50,
        "middle",
        "font-size=\"13\" class=\"run-title\"",
        run.title());
    phases(svg, left, xTop, run.samples(), tops);
    Scale ready = new Scale(left, READY_TOP, xTop, readyTicks[readyTicks.length - 1]);
    Scale calls = new Scale(left, CALLS_TOP, xTop, rateTicks[rateTicks.length - 1]);
    panel(svg, ready, timeTicks, readyTicks, false, "resources Ready");
    panel(svg, calls, timeTicks, rateTicks, rssTicks == null, "ECR calls per second");
    List<double[]> readyPoints = new ArrayList<>();
    for (Timeline.Sample s : run.samples()) {
      readyPoints.add(new double[] {s.seconds(), s.ready()});
    }
    line(svg, ready, readyPoints, READY_COLOUR, "ready");
    line(svg, calls, run.perSecond(false), CALLS_COLOUR, "calls");
    line(svg, calls, run.perSecond(true), WRITES_COLOUR, "writes");
    if (rssTicks != null) {
      Scale rss = new Scale(left, RSS_TOP, xTop, rssTicks[rssTicks.length - 1]);
      panel(svg, rss, timeTicks, rssTicks, true, "operator RSS (MiB)");
      // A line for each stretch with an operator running: none drawn across a restart's gap.
      List<double[]> stretch = new ArrayList<>();
      for (Timeline.Sample s : run.samples()) {
        if (s.rssMib() >= 0) {
          stretch.add(new double[] {s.seconds(), s.rssMib()});
        } else if (!stretch.isEmpty()) {
          line(svg, rss, stretch, RSS_COLOUR, "rss");
          stretch = new ArrayList<>();
        }
      }
      line(svg, rss, stretch, RSS_COLOUR, "rss");
    }
    if (run.samples().isEmpty()) {
      text(
          svg,
          left + PLOT_WIDTH / 2.0,
          READY_TOP + PANEL_HEIGHT / 2.0,
          "middle",
          "fill=\"#777777\"",
          "no samples");
    }
    text(
        svg,
        left + PLOT_WIDTH / 2.0,
        bottom + 38,
        "middle",
        "",
        "seconds from the start of the run (creating the resources)");
    legend(svg, left, bottom + 68);
  }

  /** Where a value falls in a panel: time to x, value to y. */
  record Scale(double left, double top, double xMax, double yMax) {
    double x(double seconds) {
      return left + seconds / xMax * PLOT_WIDTH;
    }

    double y(double value) {
      return top + PANEL_HEIGHT - value / yMax * PANEL_HEIGHT;
    }
  }

  /**
   * The phases as shaded bands behind the panels at {@code tops}, their names above, staggered when
   * narrow.
   */
  private static void phases(
      StringBuilder svg, double left, double xTop, List<Timeline.Sample> samples, int[] tops) {
    Scale scale = new Scale(left, READY_TOP, xTop, 1);
    int band = 0;
    // Where the last name on each row ends; row 0 is next to the panel.
    double[] rowEnds = new double[PHASE_LABEL_ROWS];
    java.util.Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < samples.size(); ) {
      String phase = samples.get(i).phase();
      int j = i;
      while (j + 1 < samples.size() && samples.get(j + 1).phase().equals(phase)) {
        j++;
      }
      double from = samples.get(i).seconds();
      double to = samples.get(Math.min(j + 1, samples.size() - 1)).seconds();
      double x0 = scale.x(from);
      double x1 = scale.x(to);
      for (int top : tops) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"phase\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                    + " fill=\"%s\"/>\n",
                x0,
                top,
                Math.max(0, x1 - x0),
                PANEL_HEIGHT,
                BAND_COLOURS[band % BAND_COLOURS.length]));
        // The boundary, so that a phase too short to see still shows where it began.
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#aaaaaa\""
                    + " stroke-width=\"0.6\" stroke-dasharray=\"2,2\"/>\n",
                x0,
                top,
                x0,
                top + PANEL_HEIGHT));
      }
      // Each name on the lowest row where it clears the name before it, else where the least
      // overlaps, so that the names of short neighbouring phases do not cover each other.
      int row = 0;
      for (int r = 0; r < PHASE_LABEL_ROWS; r++) {
        if (rowEnds[r] <= x0) {
          row = r;
          break;
        }
        if (rowEnds[r] < rowEnds[row]) {
          row = r;
        }
      }
      rowEnds[row] = x0 + 2 + phase.length() * PHASE_CHARACTER_WIDTH + 6;
      double y = READY_TOP - 6 - row * 13;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999999\""
                  + " stroke-width=\"0.6\"/>\n",
              x0,
              y + 2,
              x0,
              READY_TOP));
      text(svg, x0 + 2, y, "start", "font-size=\"11\" class=\"phase-name\"", phase);
      band++;
      i = j + 1;
    }
  }

  private static void panel(
      StringBuilder svg,
      Scale scale,
      double[] timeTicks,
      double[] valueTicks,
      boolean timeLabels,
      String name) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"plot\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333333\"/>\n",
            scale.left(),
            scale.top(),
            PLOT_WIDTH,
            PANEL_HEIGHT));
    double step = valueTicks.length > 1 ? valueTicks[1] - valueTicks[0] : 1;
    for (double v : valueTicks) {
      double y = scale.y(v);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#cccccc\""
                  + " stroke-width=\"0.5\"/>\n",
              scale.left(),
              y,
              scale.left() + PLOT_WIDTH,
              y));
      text(svg, scale.left() - 6, y + 4, "end", "class=\"y-tick\"", label(v, step));
    }
    double timeStep = timeTicks.length > 1 ? timeTicks[1] - timeTicks[0] : 1;
    double bottom = scale.top() + PANEL_HEIGHT;
    for (double t : timeTicks) {
      double x = scale.x(t);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>\n",
              x,
              bottom,
              x,
              bottom + 5));
      if (timeLabels) {
        text(svg, x, bottom + 18, "middle", "class=\"x-tick\"", label(t, timeStep));
      }
    }
    double middle = scale.top() + PANEL_HEIGHT / 2.0;
    text(
        svg,
        scale.left() - 58,
        middle,
        "middle",
        String.format(
            Locale.ROOT, "transform=\"rotate(-90 %.1f %.1f)\"", scale.left() - 58, middle),
        name);
  }

  /** A series as a polyline; a single point as a dot, so that it shows. */
  private static void line(
      StringBuilder svg, Scale scale, List<double[]> points, String colour, String series) {
    if (points.isEmpty()) {
      return;
    }
    if (points.size() == 1) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
              series,
              scale.x(points.get(0)[0]),
              scale.y(points.get(0)[1]),
              colour));
    }
    StringBuilder coordinates = new StringBuilder();
    for (double[] p : points) {
      if (coordinates.length() > 0) {
        coordinates.append(' ');
      }
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f", scale.x(p[0]), scale.y(p[1])));
    }
    svg.append("<polyline class=\"")
        .append(series)
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\"")
        // Writes are often all the calls: dashed, the calls' line shows through.
        .append(series.equals("writes") ? " stroke-dasharray=\"5,3\"" : "")
        .append(" points=\"")
        .append(coordinates)
        .append("\"/>\n");
  }

  private static void legend(StringBuilder svg, double left, double y) {
    String[][] entries = {
      {READY_COLOUR, "resources Ready", ""},
      {CALLS_COLOUR, "ECR calls/s", ""},
      {WRITES_COLOUR, "of them writes/s", " stroke-dasharray=\"5,3\""},
    };
    double x = left;
    for (String[] entry : entries) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                  + " stroke-width=\"3\"%s/>\n",
              x,
              y - 4,
              x + 22,
              y - 4,
              entry[0],
              entry[2]));
      text(svg, x + 28, y, "start", "class=\"legend\"", entry[1]);
      x += 28 + entry[1].length() * 7.3 + 24;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"10\" fill=\"%s\""
                + " stroke=\"#999999\" stroke-width=\"0.5\"/>\n",
            x,
            y - 9,
            BAND_COLOURS[1]));
    text(svg, x + 28, y, "start", "class=\"legend\"", "phases (shaded)");
  }

  private static void text(
      StringBuilder svg, double x, double y, String anchor, String attributes, String content) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"", x, y));
    if (!anchor.equals("start")) {
      svg.append(" text-anchor=\"").append(anchor).append('"');
    }
    if (!attributes.isEmpty()) {
      svg.append(' ').append(attributes);
    }
    svg.append('>').append(escape(content)).append("</text>\n");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Ticks from 0 to the first at or above {@code max}, 1, 2 or 5 times a power of ten apart, two to
   * five of them after 0; an axis of nothing (max 0 or less) goes from 0 to 1.
   */
  static double[] ticks(double max) {
    double top = max > 0 ? max : 1;
    double raw = top / 5;
    int exponent = (int) Math.floor(Math.log10(raw));
    double residual = raw / Math.pow(10, exponent);
    int nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
    BigDecimal step = BigDecimal.valueOf(nice).scaleByPowerOfTen(exponent);
    int count = (int) Math.ceil(top / step.doubleValue() - 1e-9);
    double[] ticks = new double[count + 1];
    for (int i = 0; i <= count; i++) {
      ticks[i] = step.multiply(BigDecimal.valueOf(i)).doubleValue();
    }
    return ticks;
  }

  /** A tick's label: as many decimals as the step needs, none for whole steps. */
  static String label(double value, double step) {
    int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
