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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layer 5: admission the same on both sides. Every document of the offline admission corpus (good
 * and bad, and the examples), of every kind, is also sent to a real kube-apiserver holding the
 * generated CRDs, at its kind's resource path, as {@code kubectl apply} sends it (strict field
 * validation; server-side dry run, and for an update the stored object created first). The real
 * verdict must equal the offline one, and each offline rejection, worded as the API server words
 * it, must be in the real server's message.
 */
class AdmissionKubeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAMESPACE = "admission-it";
  // Just below what the corpus holds (134 refused, 56 admitted), so that a corpus cut short fails.
  private static final int REFUSED_AT_LEAST = 130;
  private static final int ADMITTED_AT_LEAST = 50;

  @Test
  void everyCorpusDocumentGetsTheSameVerdictAndMessageFromTheRealApiServer() throws Exception {
    RealKubernetes kube = RealKubernetes.shared();
    dev.operators.ecr.kube.Kubectl kubectl = kube.kubectl("admin");
    KubeFixtures.installCrds(kubectl);
    KubeFixtures.namespace(kubectl, NAMESPACE);

    List<CorpusSpec> corpus =
        Stream.of(AdmissionCorpusTest.goodSpecs().toList(), AdmissionCorpusTest.badSpecs().toList())
            .flatMap(List::stream)
            .toList();
    List<String> disagreements = new ArrayList<>();
    Map<String, Integer> refusedByBoth = new TreeMap<>();
    Map<String, Integer> admittedByBoth = new TreeMap<>();
    try (KubernetesClient client = kube.client("admin")) {
      for (CorpusSpec spec : corpus) {
        List<Rejection> offline = spec.admission();
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
          admittedByBoth.merge(spec.kind(), 1, Integer::sum);
          continue;
        }
        refusedByBoth.merge(spec.kind(), 1, Integer::sum);
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
        "admission compared with kube-apiserver %s: %d documents, refused by both %s, admitted by"
            + " both %s, %d disagreements%n",
        kube.version(), corpus.size(), refusedByBoth, admittedByBoth, disagreements.size());
    assertEquals(List.of(), disagreements);
    for (Crd crd : AdmissionCorpusTest.kinds()) {
      assertTrue(
          refusedByBoth.containsKey(crd.kind()) && admittedByBoth.containsKey(crd.kind()),
          crd.kind() + ": some documents refused and some admitted by both");
    }
    assertTrue(
        total(refusedByBoth) >= REFUSED_AT_LEAST && total(admittedByBoth) >= ADMITTED_AT_LEAST,
        "the whole corpus was compared");
  }

  private static int total(Map<String, Integer> byKind) {
    return byKind.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The API server's answer: admitted (stored, or would be), or refused with its message. */
  private record Answer(int code, String message) {
    boolean admitted() {
      return code / 100 == 2;
    }
  }

  private static Answer send(KubernetesClient client, CorpusSpec spec) throws Exception {
    HttpClient http = client.getHttpClient();
    Crd crd = Crd.generated(spec.kind());
    String base =
        client.getMasterUrl().toString().replaceAll("/$", "") + "/" + crd.resources(NAMESPACE);
    String strict = "fieldValidation=Strict";
    ObjectNode object = placed(crd, spec.object());
    if (spec.old() == null) {
      return answer(http, "POST", base + "?dryRun=All&" + strict, object);
    }
    // An update: the stored object first, then the change, on the version just stored.
    ObjectNode old = placed(crd, spec.old());
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

  // In the test's namespace; a cluster-scoped object has none.
  private static ObjectNode placed(Crd crd, JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ObjectNode metadata = (ObjectNode) copy.get("metadata");
    if (crd.namespaced()) {
      metadata.put("namespace", NAMESPACE);
    } else {
      metadata.remove("namespace");
    }
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
