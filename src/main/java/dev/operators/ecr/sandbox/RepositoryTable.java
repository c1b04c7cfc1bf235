package dev.operators.ecr.sandbox;

import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** EcrRepository resources as {@code kubectl get ecrrepo -A} prints them. */
public final class RepositoryTable {
  private static final String[] HEADER = {
    "NAMESPACE", "NAME", "READY", "POLICY", "REPOSITORY", "URI", "AGE"
  };

  private RepositoryTable() {}

  public static String render(List<EcrRepository> resources, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (EcrRepository r : resources) {
      var status = r.getStatus();
      Condition ready = status == null ? null : Conditions.find(status.getConditions(), "Ready");
      rows.add(
          new String[] {
            r.getMetadata().getNamespace(),
            r.getMetadata().getName(),
            ready == null ? "" : ready.getStatus(),
            status == null || status.getLifecyclePolicy() == null
                ? ""
                : status.getLifecyclePolicy().getVersion(),
            status == null || status.getRepositoryName() == null ? "" : status.getRepositoryName(),
            status == null || status.getRepositoryUri() == null ? "" : status.getRepositoryUri(),
            age(r.getMetadata().getCreationTimestamp(), now)
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        text.append(
            i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
      }
      text.append('\n');
    }
    return text.toString().stripTrailing();
  }

  static String age(String creationTimestamp, Instant now) {
    return creationTimestamp == null ? "<unknown>" : TableForm.age(creationTimestamp, now);
  }
}
