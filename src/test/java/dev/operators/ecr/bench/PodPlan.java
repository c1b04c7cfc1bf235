package dev.operators.ecr.bench;

import dev.operators.ecr.process.EmulatorSideDoor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Pods of the benchmark's pod scenario and the images they use, decided before anything is
 * created: no cluster, no emulator here.
 *
 * <ul>
 *   <li>Every repository of the scenario holds {@value #IMAGES_PER_REPOSITORY} images, tagged
 *       {@code v1}, {@code v2}, {@code v3}, their digests drawn from the repository's name.
 *   <li>Pod {@code i} runs in namespace {@code i mod namespaces}; its container {@code app} uses
 *       repository {@code i mod R}, image {@code (i / R) mod 3}, named by tag for even {@code i}
 *       and by digest for odd {@code i}; every Pod with {@code (i / 2)} odd has a second container,
 *       {@code sidecar}, using image {@code v1} of the repository half-way round.
 *   <li>A sample Pod (for the time from a Pod's start to the operator knowing its image is in use)
 *       names its repository's {@code rollout} tag and runs an image no other Pod runs. Before the
 *       samples, one "anchor" Pod per sample names the same tag and never starts (a Pod of the same
 *       rollout still pulling): so the tag is in use already when the sample Pod is created, and
 *       only its start, which reports the new digest, changes what the operator knows.
 * </ul>
 *
 * <p>References use the ECR host name form, {@code <account>.dkr.ecr.<region>.amazonaws.com/
 * <repository>}, of the account and region the emulator reports.
 *
 * @param registry the registry's host name, {@link #registryHost}
 * @param repositories the repositories Pods use (at most 1,000 in the benchmark)
 * @param namespaces the namespaces Pods are created in
 * @param pods how many Pods
 * @param samples how many sample Pods (at most one per repository)
 */
record PodPlan(
    String registry, List<String> repositories, List<String> namespaces, int pods, int samples) {

  static final int IMAGES_PER_REPOSITORY = 3;

  /** The tag the sample Pods and their anchors name. */
  static final String ROLLOUT_TAG = "rollout";

  PodPlan {
    repositories = List.copyOf(repositories);
    namespaces = List.copyOf(namespaces);
    if (repositories.isEmpty() || namespaces.isEmpty() || pods < 0) {
      throw new IllegalArgumentException("a plan needs repositories, namespaces and pods >= 0");
    }
    samples = Math.max(0, Math.min(samples, repositories.size()));
  }

  /** One container: its name, the reference its spec names, and what it runs. */
  record Container(String name, String repository, String image, String digest) {}

  /** One Pod of the plan. */
  record PlannedPod(String namespace, String name, List<Container> containers) {}

  /**
   * One sample: a Pod named {@code sample-<index>} and its anchor {@code anchor-<index>}, both
   * naming {@code repository:rollout}; the anchor's image is the one the tag pointed at before,
   * {@code digest} the one the sample Pod runs.
   */
  record Sample(
      int index, String namespace, String repository, String anchorDigest, String digest) {}

  /** ECR's registry host name for an account and region. */
  static String registryHost(String account, String region) {
    return account + ".dkr.ecr." + region + ".amazonaws.com";
  }

  /** The account of a repository ARN, {@code arn:aws:ecr:<region>:<account>:repository/<name>}. */
  static String accountOf(String repositoryArn) {
    String[] parts = repositoryArn.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("ecr")) {
      throw new IllegalArgumentException("not a repository ARN: " + repositoryArn);
    }
    return parts[4];
  }

  /** The digest of image {@code label} of a repository: fixed by the two. */
  static String digest(String repository, String label) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("bench/" + repository + "/" + label).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("sha256:");
      for (byte b : hash) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static String tag(int image) {
    return "v" + (image + 1);
  }

  /** A reference by tag. */
  String byTag(String repository, String tag) {
    return registry + "/" + repository + ":" + tag;
  }

  /** A reference by digest, as a container status's {@code imageID} names what runs. */
  String byDigest(String repository, String digest) {
    return registry + "/" + repository + "@" + digest;
  }

  PlannedPod pod(int i) {
    int r = repositories.size();
    String repository = repositories.get(i % r);
    int image = (i / r) % IMAGES_PER_REPOSITORY;
    String digest = digest(repository, tag(image));
    List<Container> containers = new ArrayList<>(2);
    containers.add(
        new Container(
            "app",
            repository,
            i % 2 == 0 ? byTag(repository, tag(image)) : byDigest(repository, digest),
            digest));
    if ((i / 2) % 2 == 1) {
      String sidecar = repositories.get((i % r + r / 2) % r);
      containers.add(
          new Container("sidecar", sidecar, byTag(sidecar, tag(0)), digest(sidecar, tag(0))));
    }
    return new PlannedPod(namespaces.get(i % namespaces.size()), "pod-" + i, containers);
  }

  Sample sample(int index) {
    // Spread over the repositories.
    String repository = repositories.get(index * repositories.size() / samples);
    return new Sample(
        index,
        namespaces.get(index % namespaces.size()),
        repository,
        digest(repository, "anchor"),
        digest(repository, "sample-" + index));
  }

  /**
   * The images to seed before any Pod exists: every repository's three, and each sample
   * repository's anchor image under the rollout tag. A sample's own image is pushed under that tag
   * just before its Pod starts, as a new build would be.
   */
  List<EmulatorSideDoor.Seed> seeds() {
    List<EmulatorSideDoor.Seed> seeds = new ArrayList<>();
    for (String repository : repositories) {
      for (int image = 0; image < IMAGES_PER_REPOSITORY; image++) {
        seeds.add(
            new EmulatorSideDoor.Seed(
                repository, digest(repository, tag(image)), List.of(tag(image))));
      }
    }
    for (int s = 0; s < samples; s++) {
      Sample sample = sample(s);
      seeds.add(
          new EmulatorSideDoor.Seed(
              sample.repository(), sample.anchorDigest(), List.of(ROLLOUT_TAG)));
    }
    return seeds;
  }

  /** Containers in all the plan's Pods. */
  int containers() {
    int n = 0;
    for (int i = 0; i < pods; i++) {
      n += pod(i).containers().size();
    }
    return n;
  }

  /**
   * The distinct images (repository and digest) the plan's Pods run once started: what the
   * operator's {@code ecr_operator_images_in_use} shows when it knows them all (a running container
   * counts by its digest only).
   */
  int imagesInUse() {
    Set<String> images = new HashSet<>();
    for (int i = 0; i < pods; i++) {
      for (Container c : pod(i).containers()) {
        images.add(c.repository() + "@" + c.digest());
      }
    }
    return images.size();
  }
}
