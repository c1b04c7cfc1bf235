package dev.operators.ecr.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.ecr.cli.RunArguments;
import dev.operators.ecr.desired.AmbientCredentials;
import dev.operators.ecr.process.KubectlProgram;
import dev.operators.ecr.process.KubectlProgram.Result;
import dev.operators.ecr.runtime.OperatorSettings;
import dev.operators.ecr.runtime.inuse.InUseProtection;
import dev.operators.ecr.runtime.logging.LogFormat;
import dev.operators.ecr.ship.HelmChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer 5: the Helm chart with the real {@code helm} (built by cluster.sh from its Go module):
 * {@code helm lint --strict}, {@code helm template} with the default and with other values (the
 * RBAC of k8s/rbac.yaml, the hardening of k8s/deployment.yaml, every value's flag read by the
 * operator's own parser), wrong values refused by values.schema.json, and docs/install.md's Helm
 * commands run as printed against a real kube-apiserver of its own (so that the CRDs it finds are
 * the chart's): install, upgrade, uninstall. No pod runs (there is no kubelet, scheduler or
 * controller manager): the Deployment's pod template is proved acceptable by a server-side dry-run
 * of a Pod made from it, in a namespace that enforces the restricted Pod Security Standard.
 */
class HelmKubeIT {
  private static final String CHART = HelmChart.CHART.toString();
  private static final Path INSTALL_MD = Path.of("docs", "install.md");
  private static final Path README = Path.of("README.md");
  private static final String NAMESPACE = "ecr-operator";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RealKubernetes cluster;
  private static KubectlProgram helm;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Path.of("target", "kube", "helm-" + ProcessHandle.current().pid());
    cluster = RealKubernetes.start(dir);
    helm =
        new KubectlProgram(
            RealKubernetes.binaries().resolve("helm").toAbsolutePath(),
            Files.createDirectories(dir.resolve("helm-home")));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Result helm(String... args) {
    return helm.run(cluster.kubeconfig("admin"), args);
  }

  private static List<JsonNode> template(String release, String namespace, String... values) {
    List<String> args = new ArrayList<>(List.of("template", release, CHART, "-n", namespace));
    args.addAll(List.of(values));
    return HelmChart.documents(helm(args.toArray(String[]::new)).orFail().out());
  }

  private static JsonNode container(List<JsonNode> rendered) {
    return HelmChart.one(rendered, "Deployment").at("/spec/template/spec/containers/0");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** What the operator reads from the rendered container's args (after {@code run}). */
  private static RunArguments.Parsed flags(List<JsonNode> rendered, String namespace) {
    List<String> args = strings(container(rendered).get("args"));
    assertEquals("run", args.get(0), "args " + args);
    return RunArguments.parse(
        args.subList(1, args.size()), Map.of("POD_NAMESPACE", namespace, "POD_NAME", "pod-0"));
  }

  @Test
  void lintIsCleanInStrictMode() {
    Result lint = helm("lint", "--strict", CHART).orFail();
    assertTrue(lint.out().contains("1 chart(s) linted, 0 chart(s) failed"), lint.toString());
    assertFalse(lint.out().contains("[WARNING]") || lint.out().contains("[ERROR]"), lint.out());
  }

  @Test
  void theDefaultsRenderTheKustomizeBase() {
    List<JsonNode> rendered = template("ecr-operator", NAMESPACE);

    HelmChart.assertRbacAsKustomize(rendered);
    JsonNode deployment = HelmChart.one(rendered, "Deployment");
    HelmChart.assertHardenedAsKustomize(deployment);
    assertEquals(
        HelmChart.entrypoint(),
        strings(container(rendered).get("command")),
        "the chart starts the image's ENTRYPOINT");
    assertEquals(
        "ghcr.io/ecr-operator/ecr-operator:0.1.0", container(rendered).path("image").asText());
    assertEquals(
        "metadata.namespace",
        container(rendered).at("/env/0/valueFrom/fieldRef/fieldPath").asText(),
        "POD_NAMESPACE");

    OperatorSettings settings = flags(rendered, NAMESPACE).settings();
    assertEquals(LogFormat.JSON, flags(rendered, NAMESPACE).logFormat());
    assertEquals("ecr-operator-leader", settings.leaderElection().leaseName());
    assertEquals(NAMESPACE, settings.leaderElection().leaseNamespace());
    assertEquals(null, settings.defaultRegion());
    assertEquals(Set.of(), settings.namespaces());
    assertEquals(Duration.ofMinutes(10), settings.resyncPeriod());
    assertEquals(20.0, settings.awsCallsPerSecond());
    assertEquals(10, settings.reconcileThreads());
    assertEquals(InUseProtection.REPORT, settings.inUse().protection());
    assertTrue(settings.watchSelector().everything());
    assertEquals("default", settings.clusterName());
    assertEquals(AmbientCredentials.ALL, settings.ambientCredentials());
    assertEquals(8080, settings.httpAddress().getPort());

    JsonNode sa = HelmChart.one(rendered, "ServiceAccount");
    assertEquals("ecr-operator", sa.at("/metadata/name").asText());
    assertTrue(sa.path("automountServiceAccountToken").asBoolean());
    assertTrue(sa.at("/metadata/annotations").isMissingNode(), "no annotation: " + sa);
    JsonNode service = HelmChart.one(rendered, "Service");
    assertEquals(8080, service.at("/spec/ports/0/port").asInt());
    assertEquals(
        "metrics",
        service.at("/spec/ports/0/name").asText(),
        "the port name k8s/service.yaml and k8s/monitoring/servicemonitor.yaml use");
    assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
    assertTrue(
        rendered.stream().noneMatch(o -> o.path("kind").asText().equals("ServiceMonitor")),
        "no ServiceMonitor by default");
    assertTrue(
        rendered.stream()
            .noneMatch(
                o -> Set.of("PrometheusRule", "ConfigMap").contains(o.path("kind").asText())),
        "no alerts and no dashboard by default");
    assertEquals(
        new TreeSet<>(
            List.of(
                "ClusterRole",
                "ClusterRoleBinding",
                "Deployment",
                "Role",
                "RoleBinding",
                "Service",
                "ServiceAccount")),
        new TreeSet<>(rendered.stream().map(o -> o.path("kind").asText()).toList()));
  }

  @Test
  void everyValueBecomesTheFlagTheOperatorReads(@TempDir Path dir) throws IOException {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values,
        """
        image:
          repository: registry.example.com/platform/ecr-operator
          tag: 0.1.0-rc1
          pullPolicy: Always
          pullSecrets: [{name: registry}]
        replicaCount: 3
        region: eu-west-1
        namespaces: [team-a, team-b]
        resyncPeriod: 1h
        awsCallsPerSecond: 2.5
        reconcileThreads: 4
        inUseProtection: protect
        watchLabelSelector: ecr.operators.dev/shard=a
        clusterName: prod-eu
        logFormat: text
        ambientCredentials: none
        extraArgs: ["--tenancy-guard", "--aws-max-attempts=3"]
        extraEnv: [{name: EXAMPLE, value: "yes"}]
        jvmOptions: ["-Xmx200m", "-XX:+UseSerialGC"]
        resources: {requests: {cpu: 50m, memory: 300Mi}, limits: {memory: 400Mi}}
        serviceAccount:
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ecr-operator
        serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
        prometheusRule: {enabled: true, labels: {release: kube-prometheus-stack}}
        grafanaDashboard: {enabled: true, namespace: monitoring}
        podAnnotations: {example.com/team: platform}
        podLabels: {example.com/tier: infra}
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoSchedule}]
        affinity: {}
        priorityClassName: system-cluster-critical
        """);
    List<JsonNode> rendered = template("shard-a", "platform", "-f", values.toString());

    RunArguments.Parsed parsed = flags(rendered, "platform");
    OperatorSettings settings = parsed.settings();
    assertEquals("eu-west-1", settings.defaultRegion());
    assertEquals(Set.of("team-a", "team-b"), settings.namespaces());
    assertEquals(Duration.ofHours(1), settings.resyncPeriod());
    assertEquals(2.5, settings.awsCallsPerSecond());
    assertEquals(4, settings.reconcileThreads());
    assertEquals(InUseProtection.PROTECT, settings.inUse().protection());
    assertEquals("ecr.operators.dev/shard=a", settings.watchSelector().toString());
    assertEquals("prod-eu", settings.clusterName());
    assertEquals(LogFormat.TEXT, parsed.logFormat());
    assertEquals(AmbientCredentials.NONE, settings.ambientCredentials());
    assertTrue(settings.tenancyGuard(), "extraArgs --tenancy-guard");
    assertEquals(3, settings.awsMaxAttempts(), "extraArgs --aws-max-attempts=3");
    // One Lease per release, and the Role grants exactly that one.
    assertEquals("shard-a-ecr-operator-leader", settings.leaderElection().leaseName());
    assertEquals("platform", settings.leaderElection().leaseNamespace());
    JsonNode role = HelmChart.one(rendered, "Role");
    assertEquals(
        List.of("shard-a-ecr-operator-leader"), strings(role.at("/rules/1/resourceNames")));

    JsonNode container = container(rendered);
    assertEquals(
        List.of("java", "-Xmx200m", "-XX:+UseSerialGC", "-jar", last(HelmChart.entrypoint())),
        strings(container.get("command")));
    assertEquals(
        "registry.example.com/platform/ecr-operator:0.1.0-rc1", container.path("image").asText());
    assertEquals("Always", container.path("imagePullPolicy").asText());
    assertEquals("400Mi", container.at("/resources/limits/memory").asText());
    assertEquals("50m", container.at("/resources/requests/cpu").asText());
    assertEquals("yes", container.at("/env/1/value").asText(), "extraEnv: " + container);
    JsonNode pod = HelmChart.one(rendered, "Deployment").at("/spec/template");
    assertEquals(3, HelmChart.one(rendered, "Deployment").at("/spec/replicas").asInt());
    assertEquals("registry", pod.at("/spec/imagePullSecrets/0/name").asText());
    assertEquals("linux", pod.at("/spec/nodeSelector/kubernetes.io~1os").asText());
    assertEquals("infra", pod.at("/spec/tolerations/0/value").asText());
    assertEquals("system-cluster-critical", pod.at("/spec/priorityClassName").asText());
    assertEquals("platform", pod.at("/metadata/annotations/example.com~1team").asText());
    assertEquals("infra", pod.at("/metadata/labels/example.com~1tier").asText());
    assertEquals(
        "shard-a",
        pod.at(
                "/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0"
                    + "/podAffinityTerm/labelSelector/matchLabels/app.kubernetes.io~1instance")
            .asText(),
        "the anti-affinity keeps apart this release's replicas");
    assertEquals(
        "arn:aws:iam::111122223333:role/ecr-operator",
        HelmChart.one(rendered, "ServiceAccount")
            .at("/metadata/annotations/eks.amazonaws.com~1role-arn")
            .asText());
    JsonNode monitor = HelmChart.one(rendered, "ServiceMonitor");
    assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
    assertEquals("kube-prometheus-stack", monitor.at("/metadata/labels/release").asText());
    assertEquals("metrics", monitor.at("/spec/endpoints/0/port").asText());
    assertTrue(
        monitor.at("/spec/endpoints/0/honorLabels").asBoolean(),
        "the repository figures keep their own namespace label, which the alerts read");
    JsonNode rule = HelmChart.one(rendered, "PrometheusRule");
    assertEquals("kube-prometheus-stack", rule.at("/metadata/labels/release").asText());
    assertEquals("platform", rule.at("/metadata/namespace").asText());
    assertEquals(HelmChart.alertsSpec(), rule.get("spec"), "the alerts of k8s/monitoring/");
    JsonNode dashboard = HelmChart.one(rendered, "ConfigMap");
    assertEquals("monitoring", dashboard.at("/metadata/namespace").asText());
    assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
    assertEquals(
        HelmChart.dashboard(),
        JSON.readTree(dashboard.at("/data/grafana-dashboard.json").asText()),
        "the dashboard of k8s/monitoring/");
    assertEquals("/metrics", monitor.at("/spec/endpoints/0/path").asText());
    assertEquals(
        HelmChart.one(rendered, "Service").at("/metadata/labels/app.kubernetes.io~1instance"),
        monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1instance"));
  }

  @Test
  void wrongValuesAreRefusedWithTheValueNamed() {
    Map<List<String>, String> refused =
        Map.of(
            List.of("--set", "replicaCount=two"),
            "at '/replicaCount': got string, want integer",
            List.of("--set", "inUseProtection=always"),
            "at '/inUseProtection': value must be one of 'off', 'report', 'protect'",
            List.of("--set", "resyncPeriod=ten minutes"),
            "at '/resyncPeriod': 'ten minutes' does not match pattern '^[0-9]+(ms|s|m|h)$'",
            List.of("--set", "replicas=2"),
            "additional properties 'replicas' not allowed",
            List.of("--set", "awsCallsPerSecond=-1"),
            "at '/awsCallsPerSecond': minimum: got -1, want 0",
            List.of("--set", "logFormat=yaml"),
            "at '/logFormat': value must be one of 'json', 'text'",
            List.of("--set", "serviceAccount.annotation.x=y"),
            "at '/serviceAccount': additional properties 'annotation' not allowed",
            List.of("--set", "leaderElection.enabled=false"),
            "replicaCount above 1 needs leaderElection.enabled",
            List.of("--set", "serviceAccount.create=false"),
            "serviceAccount.name is required when serviceAccount.create is false");
    for (var wrong : refused.entrySet()) {
      List<String> args = new ArrayList<>(List.of("template", "ecr-operator", CHART));
      args.addAll(wrong.getKey());
      Result result = helm(args.toArray(String[]::new));
      assertNotEquals(0, result.exitCode(), result.toString());
      assertTrue(result.err().contains(wrong.getValue()), wrong.getValue() + "\n" + result);
    }
    Result lint = helm("lint", "--strict", CHART, "--set", "inUseProtection=always");
    assertNotEquals(0, lint.exitCode(), lint.toString());
    assertTrue(
        (lint.out() + lint.err()).contains("value must be one of 'off', 'report', 'protect'"),
        lint.toString());
    // A single replica may run without leader election.
    helm(
            "template",
            "ecr-operator",
            CHART,
            "--set",
            "replicaCount=1",
            "--set",
            "leaderElection.enabled=false")
        .orFail();
  }

  @Test
  void theDocumentedInstallUpgradeAndUninstallWork(@TempDir Path dir) throws Exception {
    String install = Files.readString(INSTALL_MD);
    Kubectl kubectl = cluster.kubectl("admin");
    Path myValues = dir.resolve("my-values.yaml");
    Files.writeString(myValues, documentedBlock(install, "# my-values.yaml"));

    assertTrue(
        kubectl.run("get", "crd", "-o", "name").orFail().out().isBlank(),
        "a fresh API server has no CRD yet");
    String installCommand =
        "helm install ecr-operator charts/ecr-operator --namespace ecr-operator"
            + " --create-namespace --values my-values.yaml";
    assertDocumented(install, installCommand);
    Result installed = helm(withValues(installCommand, myValues)).orFail();
    System.out.println(installCommand + ":\n" + installed.out());
    assertTrue(installed.out().contains("STATUS: deployed"), installed.toString());
    assertTrue(
        Files.readString(README).lines().anyMatch(l -> l.strip().equals(installCommand)),
        "README.md no longer prints: " + installCommand);
    // The command the release's notes print.
    String notesCommand =
        installed
            .out()
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("kubectl "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no command in the notes:\n" + installed));
    assertEquals("kubectl --namespace ecr-operator get deployment ecr-operator", notesCommand);
    assertTrue(
        kubectl
            .run(notesCommand.substring("kubectl ".length()).split(" "))
            .orFail()
            .out()
            .contains("ecr-operator"));
    String showValues = "helm show values charts/ecr-operator";
    assertTrue(
        install.contains("`" + showValues + "`"), INSTALL_MD + " no longer prints " + showValues);
    assertTrue(
        helm("show", "values", CHART).orFail().out().contains("inUseProtection: report"),
        showValues);

    // The CRDs came from the chart's crds/.
    assertEquals(
        new TreeSet<>(
            List.of(
                "customresourcedefinition.apiextensions.k8s.io/ecraccesses.ecr.operators.dev",
                "customresourcedefinition.apiextensions.k8s.io/ecrlifecyclepolicies.ecr.operators.dev",
                "customresourcedefinition.apiextensions.k8s.io/ecrpullthroughcacherules.ecr.operators.dev",
                "customresourcedefinition.apiextensions.k8s.io/ecrregistries.ecr.operators.dev",
                "customresourcedefinition.apiextensions.k8s.io/ecrrepositories.ecr.operators.dev",
                "customresourcedefinition.apiextensions.k8s.io/ecrrepositorycreationtemplates.ecr.operators.dev")),
        new TreeSet<>(kubectl.run("get", "crd", "-o", "name").orFail().out().lines().toList()));
    // What the release stored, as the chart rendered it.
    String stored =
        kubectl
            .run(
                "-n",
                NAMESPACE,
                "get",
                "deployment,serviceaccount,service,role,rolebinding",
                "-l",
                "app.kubernetes.io/instance=ecr-operator",
                "-o",
                "name")
            .orFail()
            .out();
    for (String object :
        List.of(
            "deployment.apps/ecr-operator",
            "serviceaccount/ecr-operator",
            "service/ecr-operator-metrics",
            "role.rbac.authorization.k8s.io/ecr-operator-leader-election",
            "rolebinding.rbac.authorization.k8s.io/ecr-operator-leader-election")) {
      assertTrue(stored.lines().anyMatch(object::equals), object + " in:\n" + stored);
    }
    kubectl.run("get", "clusterrole,clusterrolebinding", "ecr-operator").orFail();
    String sa = "system:serviceaccount:ecr-operator:ecr-operator";
    assertEquals(
        "yes",
        kubectl.canI(
            "update", "ecrrepositories.ecr.operators.dev", "--subresource", "status", "--as", sa));
    assertEquals(
        "yes", kubectl.canI("patch", "leases/ecr-operator-leader", "-n", NAMESPACE, "--as", sa));
    assertEquals("no", kubectl.canI("get", "secrets", "-n", NAMESPACE, "--as", sa));
    JsonNode deployment =
        JSON.readTree(
            kubectl
                .run("-n", NAMESPACE, "get", "deployment", "ecr-operator", "-o", "json")
                .orFail()
                .out());
    assertEquals(
        "arn:aws:iam::111122223333:role/ecr-operator",
        JSON.readTree(
                kubectl
                    .run("-n", NAMESPACE, "get", "serviceaccount", "ecr-operator", "-o", "json")
                    .orFail()
                    .out())
            .at("/metadata/annotations/eks.amazonaws.com~1role-arn")
            .asText(),
        "the IRSA annotation of my-values.yaml");
    List<String> args = strings(deployment.at("/spec/template/spec/containers/0/args"));
    assertTrue(args.contains("--region=eu-west-1"), "my-values.yaml region: " + args);

    // No kubelet runs the pods: the API server is asked to admit one made from the template, in a
    // namespace that enforces the restricted Pod Security Standard.
    kubectl
        .run("label", "namespace", NAMESPACE, "pod-security.kubernetes.io/enforce=restricted")
        .orFail();
    Result admitted = dryRunPod(kubectl, deployment.at("/spec/template"));
    assertEquals("pod/ecr-operator-dry-run", admitted.orFail().out().strip(), admitted.toString());
    ObjectNode unhardened = deployment.at("/spec/template").deepCopy();
    ((ObjectNode) unhardened.at("/spec/containers/0")).remove("securityContext");
    Result refused = dryRunPod(kubectl, unhardened);
    assertNotEquals(0, refused.exitCode(), "without the container's securityContext: " + refused);
    assertTrue(refused.err().contains("violates PodSecurity \"restricted"), refused.toString());

    // Upgrade as documented: the CRDs first (Helm never upgrades crds/), then the release with
    // changed values.
    String applyCrds = "kubectl apply -f charts/ecr-operator/crds/";
    assertDocumented(install, applyCrds);
    kubectl.run("apply", "-f", HelmChart.CHART.resolve("crds").toString()).orFail();
    String upgradeCommand =
        "helm upgrade ecr-operator charts/ecr-operator --namespace ecr-operator"
            + " --values my-values.yaml";
    assertDocumented(install, upgradeCommand);
    Files.writeString(
        myValues, Files.readString(myValues) + "inUseProtection: protect\nreplicaCount: 3\n");
    Result upgraded = helm(withValues(upgradeCommand, myValues)).orFail();
    assertTrue(upgraded.out().contains("REVISION: 2"), upgraded.toString());
    JsonNode after =
        JSON.readTree(
            kubectl
                .run("-n", NAMESPACE, "get", "deployment", "ecr-operator", "-o", "json")
                .orFail()
                .out());
    assertEquals(3, after.at("/spec/replicas").asInt());
    assertTrue(
        strings(after.at("/spec/template/spec/containers/0/args"))
            .contains("--in-use-protection=protect"),
        after.at("/spec/template/spec/containers/0/args").toString());

    String uninstallCommand = "helm uninstall ecr-operator --namespace ecr-operator";
    assertDocumented(install, uninstallCommand);
    helm(uninstallCommand.substring("helm ".length()).split(" ")).orFail();
    assertTrue(
        kubectl
            .run("-n", NAMESPACE, "get", "deployment,serviceaccount,service,role", "-o", "name")
            .orFail()
            .out()
            .isBlank(),
        "the release's objects are gone");
    assertNotEquals(
        0, kubectl.run("get", "clusterrole", "ecr-operator").exitCode(), "ClusterRole gone");
    assertEquals(
        6,
        kubectl.run("get", "crd", "-o", "name").orFail().out().lines().count(),
        "Helm leaves the CRDs (and so every resource) in place");
    String deleteCrds = "kubectl delete -f charts/ecr-operator/crds/";
    assertDocumented(install, deleteCrds);
    // The API server keeps a CRD whose deletion comes while it still rebuilds the CRD's storage
    // after the apply above (its finalizer fails once with "storage is (re)initializing" and is
    // not retried in minutes): wait until every kind is served, as it is long after an upgrade.
    kubectl
        .runUntilOk(
            Duration.ofMinutes(1),
            "get",
            "ecraccesses,ecrlifecyclepolicies,ecrpullthroughcacherules,ecrregistries,"
                + "ecrrepositories,ecrrepositorycreationtemplates",
            "-A")
        .orFail();
    // As printed; kubectl then waits for each CRD to go. Its watch has been seen to miss a
    // deletion here, so the test waits for the server's answer and gives kubectl 30 s more.
    KubectlProgram.Running deleting =
        kubectl
            .program()
            .start(
                kubectl.kubeconfig(), "delete", "-f", HelmChart.CHART.resolve("crds").toString());
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!kubectl.run("get", "crd", "-o", "name").orFail().out().isBlank()) {
      assertTrue(System.nanoTime() < deadline, "the CRDs are still there after a minute");
      Thread.sleep(200);
    }
    if (deleting.process().waitFor(30, TimeUnit.SECONDS)) {
      assertEquals(0, deleting.process().exitValue(), deleting.err().toString());
    } else {
      KubectlProgram.end(deleting);
      System.out.println(deleteCrds + ": the CRDs are gone, kubectl was still waiting; ended");
    }
  }

  private static String last(List<String> values) {
    return values.get(values.size() - 1);
  }

  private static Result dryRunPod(Kubectl kubectl, JsonNode template) throws IOException {
    ObjectNode pod = JSON.createObjectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode metadata = ((ObjectNode) template.get("metadata")).deepCopy();
    metadata.put("name", "ecr-operator-dry-run");
    metadata.put("namespace", NAMESPACE);
    pod.set("metadata", metadata);
    pod.set("spec", template.get("spec"));
    return kubectl.runWithInput(
        JSON.writeValueAsString(pod), "create", "--dry-run=server", "-o", "name", "-f", "-");
  }

  /** The command's arguments after {@code helm}, with my-values.yaml at {@code values}. */
  private static String[] withValues(String command, Path values) {
    return command
        .substring("helm ".length())
        .replace("charts/ecr-operator", CHART)
        .replace("my-values.yaml", values.toString())
        .split(" ");
  }

  private static void assertDocumented(String markdown, String command) {
    assertTrue(
        markdown.lines().anyMatch(l -> l.strip().equals(command)),
        INSTALL_MD + " no longer prints: " + command);
  }

  /** The fenced block of {@code markdown} whose first line is {@code firstLine}. */
  private static String documentedBlock(String markdown, String firstLine) {
    int start = markdown.indexOf("```yaml\n" + firstLine + "\n");
    assertTrue(start >= 0, INSTALL_MD + " has no yaml block starting " + firstLine);
    int from = start + "```yaml\n".length();
    return markdown.substring(from, markdown.indexOf("```", from));
  }
}
