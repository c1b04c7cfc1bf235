package dev.operators.ecr.operator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrAccessSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.util.Map;

/** EcrAccesses and labelled namespaces for the tests. */
public final class Accesses {
  static final String ACCOUNT_A = "111111111111";
  static final String ACCOUNT_B = "222222222222";
  static final String ROLE_A = "arn:aws:iam::" + ACCOUNT_A + ":role/ecr-team-a";
  static final String ROLE_B = "arn:aws:iam::" + ACCOUNT_B + ":role/ecr-team-b";
  private static final YAMLMapper YAML = new YAMLMapper();

  private Accesses() {}

  /** An EcrAccess assuming {@code roleArn}, the rest of its spec in YAML lines. */
  public static EcrAccess access(String name, String roleArn, String... specLines) {
    StringBuilder yaml = new StringBuilder("roleArn: \"" + roleArn + "\"\n");
    for (String line : specLines) {
      yaml.append(line).append('\n');
    }
    EcrAccess access = new EcrAccess();
    access.getMetadata().setName(name);
    try {
      access.setSpec(YAML.readValue(yaml.toString(), EcrAccessSpec.class));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return access;
  }

  static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
