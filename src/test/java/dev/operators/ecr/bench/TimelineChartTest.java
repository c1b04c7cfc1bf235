package dev.operators.ecr.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The benchmark's chart: well-formed SVG, series placed on their scales, sensible ticks. */
class TimelineChartTest {
  private static final double PIXEL = 0.051;

  static Timeline.Run converging(String title) {
    return new Timeline.Run(
        title,
        List.of(
            new Timeline.Sample(0, "create", 0, 0, 0),
            new Timeline.Sample(10, "converge", 250, 100, 50),
            new Timeline.Sample(20, "converge", 1000, 300, 100),
            new Timeline.Sample(40, "steady state", 1000, 340, 100)));
  }

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> elements(Document doc, String tag, String className) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (className == null || className.equals(e.getAttribute("class"))) {
        found.add(e);
      }
    }
    return found;
  }

  static List<String> texts(Document doc, String className) {
    return elements(doc, "text", className).stream().map(Element::getTextContent).toList();
  }

  static List<double[]> points(Element polyline) {
    List<double[]> points = new ArrayList<>();
    for (String pair : polyline.getAttribute("points").split(" ")) {
      String[] xy = pair.split(",");
      points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
    }
    return points;
  }

  static double attribute(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  /** Where (seconds, value) must fall in a plot rectangle whose axes end at xTop and yTop. */
  static void assertPlaced(
      Element plot, double xTop, double yTop, double[] expected, double[] actual) {
    double x = attribute(plot, "x") + expected[0] / xTop * attribute(plot, "width");
    double y =
        attribute(plot, "y")
            + attribute(plot, "height")
            - expected[1] / yTop * attribute(plot, "height");
    assertEquals(x, actual[0], PIXEL, "x of " + expected[0] + " s");
    assertEquals(y, actual[1], PIXEL, "y of " + expected[1]);
  }

  @Test
  void theChartIsWellFormedSvgWithTitleAxesLegendAndPhases() throws Exception {
    Document doc =
        parse(
            TimelineChart.svg(
                "ecr-operator benchmark", List.of(converging("real <API> server & etcd"))));
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals(String.valueOf(TimelineChart.COLUMN), root.getAttribute("width"));
    assertEquals(List.of("real <API> server & etcd"), texts(doc, "run-title"));
    assertEquals(2, elements(doc, "rect", "plot").size(), "two panels: no memory, no third");
    assertEquals(String.valueOf(TimelineChart.HEIGHT), root.getAttribute("height"));
    assertTrue(elements(doc, "polyline", "rss").isEmpty());
    assertTrue(texts(doc, null).stream().noneMatch(t -> t.contains("RSS")), "no memory panel");
    assertEquals(List.of("create", "converge", "steady state"), texts(doc, "phase-name"));
    assertEquals(6, elements(doc, "rect", "phase").size(), "three phases shaded in two panels");
    assertEquals(
        List.of("resources Ready", "ECR calls/s", "of them writes/s", "phases (shaded)"),
        texts(doc, "legend"));
    assertEquals(List.of("0", "10", "20", "30", "40"), texts(doc, "x-tick"));
    assertEquals(
        List.of("0", "200", "400", "600", "800", "1000", "0", "5", "10", "15", "20"),
        texts(doc, "y-tick"));
  }

  @Test
  void theSeriesArePlacedOnTheirScales() throws Exception {
    Timeline.Run run = converging("stand-in");
    Document doc = parse(TimelineChart.svg("t", List.of(run)));
    Element readyPlot = elements(doc, "rect", "plot").get(0);
    Element callsPlot = elements(doc, "rect", "plot").get(1);

    List<double[]> ready = points(elements(doc, "polyline", "ready").get(0));
    assertEquals(4, ready.size());
    double[][] readyData = {{0, 0}, {10, 250}, {20, 1000}, {40, 1000}};
    for (int i = 0; i < readyData.length; i++) {
      assertPlaced(readyPlot, 40, 1000, readyData[i], ready.get(i));
    }
    // 100 calls in the first 10 s, 200 in the next 10, 40 in the last 20: 10, 20 and 2 a second.
    List<double[]> calls = points(elements(doc, "polyline", "calls").get(0));
    double[][] callData = {{10, 10}, {20, 20}, {40, 2}};
    assertEquals(3, calls.size());
    for (int i = 0; i < callData.length; i++) {
      assertPlaced(callsPlot, 40, 20, callData[i], calls.get(i));
    }
    List<double[]> writes = points(elements(doc, "polyline", "writes").get(0));
    double[][] writeData = {{10, 5}, {20, 5}, {40, 0}};
    for (int i = 0; i < writeData.length; i++) {
      assertPlaced(callsPlot, 40, 20, writeData[i], writes.get(i));
    }
    // The bottom-left corner is (0 s, 0) and the top-right (40 s, the axis' top).
    assertEquals(attribute(readyPlot, "x"), ready.get(0)[0], PIXEL);
    assertEquals(
        attribute(readyPlot, "y") + attribute(readyPlot, "height"), ready.get(0)[1], PIXEL);
    assertEquals(attribute(readyPlot, "x") + attribute(readyPlot, "width"), ready.get(3)[0], PIXEL);
    assertEquals(attribute(readyPlot, "y"), ready.get(3)[1], PIXEL);
  }

  @Test
  void runsSideBySideShareTheirScales() throws Exception {
    Timeline.Run fast =
        new Timeline.Run(
            "stand-in",
            List.of(
                new Timeline.Sample(0, "converge", 0, 0, 0),
                new Timeline.Sample(10, "converge", 500, 50, 0)));
    Document doc = parse(TimelineChart.svg("both", List.of(fast, converging("real"))));
    assertEquals(
        String.valueOf(2 * TimelineChart.COLUMN), doc.getDocumentElement().getAttribute("width"));
    assertEquals(List.of("stand-in", "real"), texts(doc, "run-title"));
    List<Element> plots = elements(doc, "rect", "plot");
    assertEquals(4, plots.size());
    assertEquals(
        attribute(plots.get(0), "x") + TimelineChart.COLUMN, attribute(plots.get(2), "x"), PIXEL);
    // The first run's 500 Ready at 10 s on the 0-1000, 0-40 s scale that the second run sets.
    List<double[]> ready = points(elements(doc, "polyline", "ready").get(0));
    assertPlaced(plots.get(0), 40, 1000, new double[] {10, 500}, ready.get(1));
    List<double[]> calls = points(elements(doc, "polyline", "calls").get(0));
    assertPlaced(plots.get(1), 40, 20, new double[] {10, 5}, calls.get(0));
  }

  @Test
  void theOperatorsMemoryIsAThirdPanelWithAGapWhereNoOperatorRan() throws Exception {
    Timeline.Run withRss =
        new Timeline.Run(
            "real",
            List.of(
                new Timeline.Sample(0, "create", 0, 0, 0, -1),
                new Timeline.Sample(10, "converge", 250, 100, 50, 120.5),
                new Timeline.Sample(20, "converge", 1000, 300, 100, 231.4),
                new Timeline.Sample(30, "restart", 1000, 300, 100, -1),
                new Timeline.Sample(40, "restart", 1000, 340, 100, 90)));
    // A run from before the memory was recorded, beside it: its column gets an empty panel.
    Document doc = parse(TimelineChart.svg("t", List.of(withRss, converging("old"))));
    assertEquals(
        String.valueOf(TimelineChart.HEIGHT_WITH_RSS),
        doc.getDocumentElement().getAttribute("height"));
    List<Element> plots = elements(doc, "rect", "plot");
    assertEquals(6, plots.size(), "three panels a column");
    Element rssPlot = plots.get(2);
    assertTrue(
        attribute(rssPlot, "y") > attribute(plots.get(1), "y") + attribute(plots.get(1), "height"),
        "below the calls");
    assertEquals(attribute(plots.get(1), "x"), attribute(rssPlot, "x"), PIXEL);
    assertEquals(attribute(rssPlot, "x") + TimelineChart.COLUMN, attribute(plots.get(5), "x"));
    assertEquals(2 * 3 * 3, elements(doc, "rect", "phase").size(), "phases behind all panels");
    assertEquals(2, texts(doc, null).stream().filter(t -> t.equals("operator RSS (MiB)")).count());
    // 0 to 250 MiB; the time axis is labelled once a column, under the memory.
    assertEquals(
        List.of("0", "50", "100", "150", "200", "250"), texts(doc, "y-tick").subList(11, 17));
    assertEquals(2 * 5, texts(doc, "x-tick").size());
    double label = attribute(elements(doc, "text", "x-tick").get(0), "y");
    assertTrue(label > attribute(rssPlot, "y") + attribute(rssPlot, "height"), "under the memory");
    // No line across the restart, where no operator ran: two stretches, the second one sample.
    List<Element> lines = elements(doc, "polyline", "rss");
    assertEquals(2, lines.size(), "a line a stretch, none across the gap, none for the old run");
    List<double[]> first = points(lines.get(0));
    assertEquals(2, first.size());
    assertPlaced(rssPlot, 40, 250, new double[] {10, 120.5}, first.get(0));
    assertPlaced(rssPlot, 40, 250, new double[] {20, 231.4}, first.get(1));
    List<Element> dots = elements(doc, "circle", "rss");
    assertEquals(1, dots.size());
    assertPlaced(
        rssPlot,
        40,
        250,
        new double[] {40, 90},
        new double[] {attribute(dots.get(0), "cx"), attribute(dots.get(0), "cy")});
  }

  @Test
  void anEmptyRunIsDrawnAsEmptyAxes() throws Exception {
    Document doc = parse(TimelineChart.svg("t", List.of(new Timeline.Run("nothing", List.of()))));
    assertTrue(elements(doc, "polyline", null).isEmpty());
    assertTrue(elements(doc, "rect", "phase").isEmpty());
    assertEquals(2, elements(doc, "rect", "plot").size());
    assertTrue(
        elements(doc, "text", null).stream()
            .anyMatch(t -> t.getTextContent().equals("no samples")));
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), texts(doc, "x-tick"));
  }

  @Test
  void aSingleSampleIsADotAndNoRate() throws Exception {
    Timeline.Run one = new Timeline.Run("one", List.of(new Timeline.Sample(0, "create", 0, 0, 0)));
    Document doc = parse(TimelineChart.svg("t", List.of(one)));
    List<Element> dots = elements(doc, "circle", "ready");
    assertEquals(1, dots.size());
    Element plot = elements(doc, "rect", "plot").get(0);
    assertEquals(attribute(plot, "x"), attribute(dots.get(0), "cx"), PIXEL);
    assertEquals(
        attribute(plot, "y") + attribute(plot, "height"), attribute(dots.get(0), "cy"), PIXEL);
    assertTrue(elements(doc, "polyline", "calls").isEmpty());
    assertTrue(elements(doc, "circle", "calls").isEmpty());
  }

  @Test
  void ticksAreRoundNumbersFromZeroJustPastTheMaximum() {
    assertArrayEquals(new double[] {0, 200, 400, 600, 800, 1000}, TimelineChart.ticks(1000));
    assertArrayEquals(new double[] {0, 10, 20, 30, 40}, TimelineChart.ticks(37.9));
    assertArrayEquals(new double[] {0, 50, 100, 150, 200, 250}, TimelineChart.ticks(231.4));
    assertArrayEquals(new double[] {0, 2, 4, 6, 8}, TimelineChart.ticks(7));
    assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3}, TimelineChart.ticks(0.3));
    assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, TimelineChart.ticks(0));
    for (double max = 0.013; max < 1e6; max *= 1.37) {
      double[] ticks = TimelineChart.ticks(max);
      double step = ticks[1] - ticks[0];
      double exponent = Math.floor(Math.log10(step) + 1e-9);
      double mantissa = Math.round(step / Math.pow(10, exponent) * 1000) / 1000.0;
      assertTrue(List.of(1.0, 2.0, 5.0).contains(mantissa), max + ": step " + step);
      assertEquals(0, ticks[0]);
      assertTrue(ticks[ticks.length - 1] >= max, max + ": the axis ends before the maximum");
      assertTrue(ticks[ticks.length - 2] < max, max + ": a tick wasted past the maximum");
      assertTrue(ticks.length >= 3 && ticks.length <= 6, max + ": " + ticks.length + " ticks");
    }
  }

  @Test
  void tickLabelsHaveTheDecimalsTheStepNeeds() {
    assertEquals("1000", TimelineChart.label(1000, 200));
    assertEquals("0.3", TimelineChart.label(0.30000000000000004, 0.1));
    assertEquals("0.05", TimelineChart.label(0.05, 0.05));
    assertEquals("2.0", TimelineChart.label(2, 0.5));
  }

  @Test
  void compareDrawsTheCsvsOfTwoRunsSideBySide(@TempDir Path dir) throws Exception {
    Path mock = dir.resolve("timeline-1000-mock.csv");
    Path real = dir.resolve("timeline-1000-real.csv");
    Files.writeString(mock, Timeline.csv(converging("stand-in API server")));
    Files.writeString(real, Timeline.csv(converging("real API server")));
    Path out = dir.resolve("out/both.svg");
    TimelineCompare.write(List.of(mock, real), out);
    Document doc = parse(Files.readString(out));
    assertEquals(List.of("stand-in API server", "real API server"), texts(doc, "run-title"));
    assertEquals(2, elements(doc, "polyline", "ready").size());
    assertEquals(2, elements(doc, "polyline", "calls").size());
    assertEquals(TimelineCompare.TITLE, texts(doc, null).get(0));

    Path one = dir.resolve("one.svg");
    TimelineCompare.write(List.of(real), one);
    assertEquals(
        TimelineChart.svg(TimelineChart.TITLE, List.of(converging("real API server"))),
        Files.readString(one),
        "one CSV is drawn as the benchmark drew its run");
  }
}
