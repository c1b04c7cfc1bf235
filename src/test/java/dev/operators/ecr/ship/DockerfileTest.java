package dev.operators.ecr.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.ecr.ship.Dockerfile.Instruction;
import dev.operators.ecr.ship.Dockerfile.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the image without building it: the Dockerfile's stages, base images and
 * build arguments, user, entry point and JVM flags, and that the Deployment runs as the image's
 * user. The image itself is built and started by ImageIT (profile image).
 */
class DockerfileTest {
  private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
  private static final String JAR = "/opt/ecr-operator/ecr-operator.jar";

  private final Dockerfile dockerfile = Dockerfile.read(ShipFiles.DOCKERFILE);
  private final Stage runtime = dockerfile.finalStage();

  @Test
  void buildsInOneStageAndRunsOnAJreInAnother() {
    List<Stage> stages = dockerfile.stages();
    assertTrue(stages.size() >= 2, "a build stage and a run stage");
    String base = dockerfile.base(runtime, Map.of()).toLowerCase();
    assertTrue(base.contains("jre"), "the run stage is a JRE: " + base);
    assertFalse(base.contains("jdk") || base.contains("maven"), "no build tools at run time");
    assertTrue(base.contains(":") && !base.endsWith(":latest"), "a pinned base: " + base);

    // The jar comes from an earlier stage, by its name.
    Set<String> earlier =
        stages.subList(0, stages.size() - 1).stream().map(Stage::name).collect(Collectors.toSet());
    List<Instruction> copies =
        runtime.all("COPY").stream().filter(c -> c.arguments().startsWith("--from=")).toList();
    assertEquals(1, copies.size());
    String[] copy = copies.get(0).arguments().split("\\s+");
    assertTrue(earlier.contains(copy[0].substring("--from=".length())), copies.toString());
    assertEquals(JAR, copy[copy.length - 1]);
  }

  @Test
  void theBaseImagesAreBuildArgumentsWithPinnedDefaults() {
    Stage build = dockerfile.stages().get(0);
    assertEquals("${BUILD_IMAGE}", build.base());
    assertEquals("${RUNTIME_IMAGE}", runtime.base());
    String buildImage = dockerfile.base(build, Map.of());
    assertTrue(buildImage.contains("maven") && buildImage.contains("17"), buildImage);
    for (String image : List.of(buildImage, dockerfile.base(runtime, Map.of()))) {
      assertTrue(image.contains(":") && !image.endsWith(":latest"), "a pinned base: " + image);
    }
    assertEquals(
        "localhost/debian-jre:17",
        dockerfile.base(runtime, Map.of("RUNTIME_IMAGE", "localhost/debian-jre:17")));
  }

  /**
   * By default the jar is compiled in the build stage; with JAR_FROM=context it is the one of
   * target/, and the build stage (with its Maven image) is not needed at all.
   */
  @Test
  void theJarComesFromTheBuildStageOrFromTheContext() {
    assertEquals("build", dockerfile.globalArgs().get("JAR_FROM"));
    // The same default in the FROM itself, for builders that choose stages before ARG defaults.
    assertEquals("jar-${JAR_FROM:-build}", dockerfile.stage("jar").base());
    Set<String> byDefault = names(dockerfile.stagesNeeded(Map.of()));
    assertTrue(byDefault.contains("build"), byDefault.toString());
    assertFalse(byDefault.contains("jar-context"), byDefault.toString());

    Set<String> fromContext = names(dockerfile.stagesNeeded(Map.of("JAR_FROM", "context")));
    assertTrue(fromContext.contains("jar-context"), fromContext.toString());
    assertFalse(fromContext.contains("build"), "the Maven stage is not needed: " + fromContext);
    // The context's jar lands where the build stage leaves its own.
    Stage build = dockerfile.stage("build");
    String built =
        build.last("WORKDIR").arguments() + "/target/ecr-operator.jar"; // mvn package's output
    List<String> copy =
        List.of(dockerfile.stage("jar-context").last("COPY").arguments().split("\\s+"));
    assertEquals(List.of("target/ecr-operator.jar", built), copy);
    String fromJar = runtime.all("COPY").get(0).arguments().split("\\s+")[1];
    assertEquals(built, fromJar);
  }

  @Test
  void theUserIsCreatedWithTheIdsItRunsAs() {
    Matcher numeric = NUMERIC_USER.matcher(runtime.last("USER").arguments());
    assertTrue(numeric.matches());
    String created =
        runtime.all("RUN").stream()
            .map(Instruction::arguments)
            .filter(r -> r.contains("useradd"))
            .findFirst()
            .orElseThrow();
    assertTrue(created.contains("groupadd --system --gid " + numeric.group(2) + " "), created);
    assertTrue(created.contains("useradd --system --uid " + numeric.group(1) + " "), created);
    // Debian's and Ubuntu's base-passwd already has a group "operator" (gid 37): groupadd fails.
    assertFalse(created.matches("(?s).*groupadd[^&]* operator(\\s.*)?"), created);
  }

  /**
   * docs/install.md's table gives each build argument with its default, and its commands use only
   * those.
   */
  @Test
  void theInstallGuideNamesTheDockerfilesBuildArguments() {
    String guide = ShipFiles.read(Path.of("docs/install.md"));
    dockerfile
        .globalArgs()
        .forEach(
            (name, value) ->
                assertTrue(
                    guide.contains("| `" + name + "` | `" + value + "` |"),
                    "docs/install.md's table lacks " + name + " = " + value));
    Matcher given = Pattern.compile("--build-arg (\\w+)=").matcher(guide);
    Set<String> named = new java.util.TreeSet<>();
    while (given.find()) {
      named.add(given.group(1));
    }
    assertEquals(dockerfile.globalArgs().keySet(), named);
  }

  private static Set<String> names(Set<Stage> stages) {
    return stages.stream().map(Stage::name).collect(Collectors.toSet());
  }

  @Test
  void theBuildStageCopiesEverySourceTheJarIsBuiltFrom() {
    Set<String> copied =
        dockerfile.stages().get(0).all("COPY").stream()
            .map(c -> c.arguments().split("\\s+")[0])
            .collect(Collectors.toSet());
    // The pom's resource directories (the sandbox's bundled examples among them).
    Matcher directory =
        Pattern.compile("<directory>([^<]+)</directory>")
            .matcher(ShipFiles.read(Path.of("pom.xml")));
    while (directory.find()) {
      String dir = directory.group(1);
      assertTrue(
          copied.contains(dir) || copied.stream().anyMatch(c -> dir.startsWith(c + "/")),
          "the build stage does not copy " + dir);
    }
    assertTrue(copied.containsAll(Set.of("pom.xml", "src")), copied.toString());
  }

  @Test
  void runsAsANumericNonRootUserTheDeploymentAlsoUses() {
    Instruction user = runtime.last("USER");
    assertNotNull(user, "the run stage sets USER");
    Matcher numeric = NUMERIC_USER.matcher(user.arguments());
    assertTrue(numeric.matches(), "USER is numeric (uid:gid): " + user.arguments());
    long uid = Long.parseLong(numeric.group(1));
    assertTrue(uid > 0, "not root");

    JsonNode security =
        ShipFiles.installed("Deployment", "ecr-operator")
            .at("/spec/template/spec/containers/0/securityContext");
    assertEquals(uid, security.path("runAsUser").asLong());
    if (numeric.group(2) != null) {
      assertEquals(Long.parseLong(numeric.group(2)), security.path("runAsGroup").asLong());
    }
  }

  @Test
  void theEntryPointRunsTheJarWithContainerJvmFlags() {
    List<String> entrypoint = runtime.last("ENTRYPOINT").execForm();
    assertEquals("java", entrypoint.get(0));
    assertEquals(
        List.of("-jar", JAR), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
    List<String> flags = jvmFlags();
    assertTrue(
        flags.stream().anyMatch(f -> f.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?")),
        flags.toString());
    assertTrue(flags.contains("-XX:+ExitOnOutOfMemoryError"), flags.toString());
    assertEquals(List.of("run"), runtime.last("CMD").execForm());
    // The Deployment passes the same command.
    JsonNode args =
        ShipFiles.installed("Deployment", "ecr-operator")
            .at("/spec/template/spec/containers/0/args");
    assertEquals("run", args.get(0).asText());
  }

  /** A JVM accepts every flag: a misspelt -XX option would stop the container at start. */
  @Test
  void thisJvmAcceptsTheFlags() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new java.util.ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmFlags());
    command.add("-version");
    Path output = Files.createTempFile("jvm-flags", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      assertTrue(process.waitFor(1, TimeUnit.MINUTES));
      assertEquals(0, process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  @Test
  void nothingIsFetchedFromARemoteUrl() {
    for (Instruction instruction : dockerfile.instructions()) {
      if (instruction.keyword().equals("ADD")) {
        assertFalse(
            instruction.arguments().matches("(?s).*\\b(https?|ftp|git)://.*")
                || instruction.arguments().contains("git@"),
            "ADD of a remote URL: " + instruction.arguments());
      }
    }
  }

  static List<String> jvmFlags(Dockerfile dockerfile) {
    List<String> entrypoint = dockerfile.finalStage().last("ENTRYPOINT").execForm();
    return entrypoint.subList(1, entrypoint.size() - 2);
  }

  private List<String> jvmFlags() {
    return jvmFlags(dockerfile);
  }
}
