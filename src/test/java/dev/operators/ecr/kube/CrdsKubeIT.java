package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: the generated CRDs on a real kube-apiserver, installed as a platform team installs them
 * ({@code kubectl apply -f crds/}): accepted (structural schema, every CEL rule within the cost
 * budgets), explained by {@code kubectl explain}, listed with their printer columns, short name and
 * categories.
 */
class CrdsKubeIT {
  private static final Path REPOSITORY_CRD =
      Path.of("crds", "ecrrepositories.ecr.operators.dev-v1.yml");
  private static final String NAMESPACE = "crds-it";
  private static final String ROW_NAME = "(ecrrepository.ecr.operators.dev/)?columns";

  private static Kubectl kubectl;

  @BeforeAll
  static void installCrds() {
    RealKubernetes kube = RealKubernetes.shared();
    kubectl = kube.kubectl("admin");
    KubeFixtures.installCrds(kubectl);
    KubeFixtures.namespace(kubectl, NAMESPACE);
  }

  @Test
  void crdsAreAcceptedEstablishedAndStructural() {
    // What is stored is what the files say: a second apply changes nothing (each change of a CRD
    // makes the API server rebuild the storage of its resources), and kubectl diff, as GitOps tools
    // compare, finds nothing.
    String again = kubectl.run("apply", "-f", "crds/").orFail().out();
    for (String crd : KubeFixtures.CRDS) {
      assertTrue(again.contains(crd + " unchanged"), again);
    }
    kubectl.run("diff", "-f", "crds/").orFail();
    for (String crd : KubeFixtures.CRDS) {
      String conditions =
          kubectl
              .run(
                  "get",
                  "crd",
                  crd,
                  "-o",
                  "jsonpath={range .status.conditions[*]}{.type}={.status};{end}")
              .orFail()
              .out();
      assertTrue(conditions.contains("Established=True"), crd + ": " + conditions);
      assertTrue(conditions.contains("NamesAccepted=True"), crd + ": " + conditions);
      assertFalse(conditions.contains("NonStructuralSchema"), crd + ": " + conditions);
    }
  }

  @Test
  void explainShowsTheDescriptionsOfTheSchema() throws IOException {
    String explained =
        kubectl
            .runUntilOk(
                java.time.Duration.ofSeconds(60),
                "explain",
                "ecrrepository.spec.lifecyclePolicy.rules.selection")
            .orFail()
            .out();
    JsonNode selection =
        schema()
            .at(
                "/properties/spec/properties/lifecyclePolicy/properties/rules/items/properties/selection/properties");
    // The object's own description, then each field's.
    String own =
        schema()
            .at(
                "/properties/spec/properties/lifecyclePolicy/properties/rules/items/properties/selection/description")
            .asText();
    assertFalse(own.isEmpty(), "selection has no description in the CRD");
    assertTrue(squeezed(explained).contains(squeezed(own)), explained);
    List<String> fields = new ArrayList<>();
    selection.fieldNames().forEachRemaining(fields::add);
    assertTrue(fields.size() >= 6, fields.toString());
    for (String field : fields) {
      assertTrue(explained.contains(field), field + " missing in:\n" + explained);
      String description = selection.get(field).path("description").asText();
      assertFalse(description.isEmpty(), field + " has no description in the CRD");
      // kubectl wraps long descriptions: compare the words.
      assertTrue(
          squeezed(explained).contains(squeezed(description)),
          "description of " + field + " missing in:\n" + explained);
    }
  }

  @Test
  void getPrintsThePrinterColumnsAndShortNameAndCategoriesWork() throws IOException {
    kubectl
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrRepository",
                "metadata: {name: columns, namespace: " + NAMESPACE + "}",
                "spec:",
                "  lifecyclePolicy:",
                "    rules:",
                "      - selection: {tagStatus: untagged, countType: imageCountMoreThan,"
                    + " countNumber: 1}",
                "        action: {type: expire}"),
            "apply",
            "-f",
            "-")
        .orFail();
    // The status an operator would write, through the status subresource.
    kubectl
        .run(
            "patch",
            "ecrrepo",
            "columns",
            "-n",
            NAMESPACE,
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"observedGeneration\":1,\"repositoryName\":\"columns\","
                + "\"repositoryUri\":\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/columns\","
                + "\"lifecyclePolicy\":{\"source\":\"inline\",\"version\":\"19136b272e48\"},"
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Ready\","
                + "\"message\":\"in sync\",\"observedGeneration\":1,"
                + "\"lastTransitionTime\":\"2026-12-01T00:00:00Z\"}]}}")
        .orFail();

    List<String> header = new ArrayList<>(List.of("NAME"));
    for (JsonNode column : crd().at("/spec/versions/0/additionalPrinterColumns")) {
      if (column.path("priority").asInt() == 0) {
        header.add(column.get("name").asText().toUpperCase(java.util.Locale.ROOT));
      }
    }
    for (String resource : List.of("ecrrepositories", "ecrrepository", "ecrrepo", "ecr", "aws")) {
      String out = kubectl.run("get", resource, "-n", NAMESPACE).orFail().out();
      // A category lists one table per kind, each row named with its kind.
      List<String> table =
          Stream.of(out.split("\n\\s*\n"))
              .map(block -> block.lines().toList())
              .filter(lines -> lines.stream().anyMatch(l -> l.matches(ROW_NAME + " .*")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(resource + ":\n" + out));
      assertEquals(header, List.of(table.get(0).trim().split("\\s+")), resource + ":\n" + out);
      String row = table.stream().filter(l -> l.matches(ROW_NAME + " .*")).findFirst().get();
      assertTrue(
          row.matches(
              ROW_NAME
                  // AGE, REASON (the Ready condition's), READY, POLICY, REPOSITORY, URI
                  + "\\s+\\S+\\s+Ready\\s+True\\s+19136b272e48\\s+columns\\s+"
                  + "123456789012\\.dkr\\.ecr\\.eu-west-1\\.amazonaws\\.com/columns\\s*"),
          resource + ": " + row);
    }
    String categories =
        kubectl.run("api-resources", "--categories=ecr", "-o", "name").orFail().out();
    assertEquals(KubeFixtures.CRDS, categories.lines().sorted().toList());

    // The README's "kubectl get ecr -A": the cluster-scoped kinds are listed with the
    // repositories.
    kubectl
        .runWithInput(
            KubeFixtures.yaml(
                "apiVersion: ecr.operators.dev/v1alpha1",
                "kind: EcrPullThroughCacheRule",
                "metadata: {name: columns}",
                "spec: {ecrRepositoryPrefix: columns, upstreamRegistryUrl: quay.io}"),
            "apply",
            "-f",
            "-")
        .orFail();
    String all = kubectl.run("get", "ecr", "-A").orFail().out();
    assertTrue(all.contains("ecrrepository.ecr.operators.dev/columns"), all);
    assertTrue(all.contains("ecrpullthroughcacherule.ecr.operators.dev/columns"), all);
  }

  private static JsonNode crd() throws IOException {
    return new YAMLMapper().readTree(REPOSITORY_CRD.toFile());
  }

  private static JsonNode schema() throws IOException {
    return crd().at("/spec/versions/0/schema/openAPIV3Schema");
  }

  private static String squeezed(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
