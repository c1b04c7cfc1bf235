package dev.operators.ecr.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.kube.KubeFixtures;
import dev.operators.ecr.kube.RealKubernetes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: admission the same on both sides. Every document of the offline admission corpus (good
 * and bad, and the examples) is also sent to a real kube-apiserver holding the generated CRDs, as
 * {@code kubectl apply} sends it (strict field validation; server-side dry run, and for an update
 * the stored object created first). The real verdict must equal the offline one, and each offline
 * rejection, worded as the API server words it, must be in the real server's message.
 */
class AdmissionKubeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAMESPACE = "admission-it";
  private static final String RESOURCES =
      "apis/ecr.operators.dev/v1alpha1/namespaces/" + NAMESPACE + "/ecrrepositories";

  @Test
  void everyCorpusDocumentGetsTheSameVerdictAndMessageFromTheRealApiServer() throws Exception {
    RealKubernetes kube = RealKubernetes.shared();
    dev.operators.ecr.kube.Kubectl kubectl = kube.kubectl("admin");
    KubeFixtures.installCrds(kubectl);
    KubeFixtures.namespace(kubectl, NAMESPACE);

    Admission admission = Admission.ofGeneratedCrd();
    List<CorpusSpec> corpus =
        Stream.of(AdmissionCorpusTest.goodSpecs().toList(), AdmissionCorpusTest.badSpecs().toList())
            .flatMap(List::stream)
            .toList();
    List<String> disagreements = new ArrayList<>();
    int refusedByBoth = 0;
    int admittedByBoth = 0;
    try (KubernetesClient client = kube.client("admin")) {
      for (CorpusSpec spec : corpus) {
        List<Rejection> offline = spec.admission(admission);
        Answer real = send(client, spec);
        if (offline.isEmpty() != real.admitted()) {
          disagreements.add(
              spec
                  + ": offline "
                  + (offline.isEmpty() ? "admits" : "refuses " + offline)
                  + ", the API server "
                  + (real.admitted() ? "admits" : "refuses: " + real.message()));
          continue;
        }
        if (real.admitted()) {
          admittedByBoth++;
          continue;
        }
        refusedByBoth++;
        for (Rejection rejection : offline) {
          if (!real.message().contains(rejection.toString())) {
            disagreements.add(
                spec
                    + ": offline says <"
                    + rejection
                    + ">, the API server <"
                    + real.message()
                    + ">");
          }
        }
      }
    }
    System.out.printf(
        "admission compared with kube-apiserver %s: %d documents, %d refused by both, %d admitted"
            + " by both, %d disagreements%n",
        kube.version(), corpus.size(), refusedByBoth, admittedByBoth, disagreements.size());
    assertEquals(List.of(), disagreements);
    assertTrue(refusedByBoth >= 80 && admittedByBoth >= 20, "the whole corpus was compared");
  }

  /** The API server's answer: admitted (stored, or would be), or refused with its message. */
  private record Answer(int code, String message) {
    boolean admitted() {
      return code / 100 == 2;
    }
  }

  private static Answer send(KubernetesClient client, CorpusSpec spec) throws Exception {
    HttpClient http = client.getHttpClient();
    String base = client.getMasterUrl().toString().replaceAll("/$", "") + "/" + RESOURCES;
    String strict = "fieldValidation=Strict";
    ObjectNode object = inNamespace(spec.object());
    if (spec.old() == null) {
      return answer(http, "POST", base + "?dryRun=All&" + strict, object);
    }
    // An update: the stored object first, then the change, on the version just stored.
    ObjectNode old = inNamespace(spec.old());
    String name = old.path("metadata").path("name").asText();
    Answer stored = answer(http, "POST", base + "?" + strict, old);
    if (!stored.admitted()) {
      throw new IllegalStateException(
          spec + ": the stored object was refused: " + stored.message());
    }
    try {
      String version =
          JSON.readTree(stored.message()).path("metadata").path("resourceVersion").asText();
      ((ObjectNode) object.get("metadata")).put("resourceVersion", version);
      return answer(http, "PUT", base + "/" + name + "?dryRun=All&" + strict, object);
    } finally {
      answer(http, "DELETE", base + "/" + name, null);
    }
  }

  private static ObjectNode inNamespace(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("metadata")).put("namespace", NAMESPACE);
    return copy;
  }

  /** The answer's code and, for a refusal, the Status message; for a success, the body. */
  private static Answer answer(HttpClient http, String method, String url, JsonNode body)
      throws Exception {
    HttpRequest.Builder request = http.newHttpRequestBuilder().uri(url);
    if (body == null) {
      request.method(method, "application/json", "");
    } else {
      request.method(method, "application/json", JSON.writeValueAsString(body));
    }
    HttpResponse<String> response = http.sendAsync(request.build(), String.class).get();
    if (response.code() / 100 == 2) {
      return new Answer(response.code(), response.body());
    }
    return new Answer(response.code(), JSON.readTree(response.body()).path("message").asText());
  }
}
