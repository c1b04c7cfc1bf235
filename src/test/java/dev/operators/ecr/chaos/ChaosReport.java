package dev.operators.ecr.chaos;

import java.util.List;
import java.util.Map;

/** The figures of one chaos run, its timeline, and every broken promise found. */
public record ChaosReport(
    ChaosRun.Settings settings,
    Map<String, Object> figures,
    List<String> timeline,
    List<String> problems) {

  public boolean passed() {
    return problems.isEmpty();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("Chaos run: ")
        .append(settings.resources())
        .append(" resources, faults ")
        .append(settings.faultPlan())
        .append(", ")
        .append(settings.kills())
        .append(" kills over ")
        .append(settings.churn().toSeconds())
        .append(" s of churn\n\n");
    figures.forEach((name, value) -> out.append(String.format("  %-62s %s%n", name, value)));
    out.append('\n').append(passed() ? "All promises held." : problems.size() + " problem(s):");
    out.append('\n');
    problems.stream().limit(50).forEach(p -> out.append("  - ").append(p).append('\n'));
    if (problems.size() > 50) {
      out.append("  ... and ").append(problems.size() - 50).append(" more\n");
    }
    out.append("\nTimeline:\n");
    timeline.forEach(line -> out.append("  ").append(line).append('\n'));
    return out.toString();
  }
}
