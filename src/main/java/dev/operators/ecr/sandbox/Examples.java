package dev.operators.ecr.sandbox;

import dev.operators.ecr.api.EcrAccess;
import dev.operators.ecr.api.EcrLifecyclePolicy;
import dev.operators.ecr.api.EcrPullThroughCacheRule;
import dev.operators.ecr.api.EcrRegistry;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryCreationTemplate;
import dev.operators.ecr.api.SettingStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The example resources of {@code k8s/examples/}, shipped in the jar under {@code examples/}. */
public final class Examples {
  private static final String CLASSPATH_DIR = "examples";

  private Examples() {}

  /**
   * The resources of the examples, shared policies first so that references resolve.
   *
   * @param accesses the EcrAccesses, applied before what they serve so that nothing lands in the
   *     operator's own account first
   * @param settings the registry-level resources (pull-through cache rules...), each as its class
   */
  public record Loaded(
      List<EcrAccess> accesses,
      List<EcrLifecyclePolicy> policies,
      List<EcrRepository> repositories,
      List<CustomResource<?, ? extends SettingStatus>> settings) {}

  /** The registry-level kinds, by kind. */
  private static final Map<String, Class<? extends CustomResource<?, ? extends SettingStatus>>>
      SETTING_KINDS =
          Map.of(
              "EcrPullThroughCacheRule", EcrPullThroughCacheRule.class,
              "EcrRepositoryCreationTemplate", EcrRepositoryCreationTemplate.class,
              "EcrRegistry", EcrRegistry.class);

  /** Every resource in the YAML files of {@code dir}, or of the bundled examples if null. */
  public static Loaded load(KubernetesClient client, Path dir) {
    if (dir != null) {
      return loadDirectory(client, dir);
    }
    URI uri;
    try {
      var url = Examples.class.getClassLoader().getResource(CLASSPATH_DIR);
      if (url == null) {
        throw new IllegalStateException("the bundled examples are missing from the classpath");
      }
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return loadDirectory(client, Path.of(uri));
    }
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
      return loadDirectory(client, jar.getPath(CLASSPATH_DIR));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Loaded loadDirectory(KubernetesClient client, Path dir) {
    List<EcrAccess> accesses = new ArrayList<>();
    List<EcrLifecyclePolicy> policies = new ArrayList<>();
    List<EcrRepository> resources = new ArrayList<>();
    List<CustomResource<?, ? extends SettingStatus>> settings = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (HasMetadata item : client.load(in).items()) {
            var serialization = client.getKubernetesSerialization();
            if ("EcrRepository".equals(item.getKind())) {
              resources.add(serialization.convertValue(item, EcrRepository.class));
            } else if ("EcrAccess".equals(item.getKind())) {
              accesses.add(serialization.convertValue(item, EcrAccess.class));
            } else if ("EcrLifecyclePolicy".equals(item.getKind())) {
              policies.add(serialization.convertValue(item, EcrLifecyclePolicy.class));
            } else if (SETTING_KINDS.containsKey(item.getKind())) {
              settings.add(serialization.convertValue(item, SETTING_KINDS.get(item.getKind())));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the examples in " + dir, e);
    }
    return new Loaded(accesses, policies, resources, settings);
  }
}
