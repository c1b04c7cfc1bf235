package dev.operators.ecr.reconciler.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeflatedJsonTest {
  private final DeflatedJson deflated = new DeflatedJson();

  private static byte[] repository(int i) {
    String digest = String.format("%064x", 0x9e3779b97f4a7c15L * (i + 1));
    return ("{\"apiVersion\":\"ecr.operators.dev/v1alpha1\",\"kind\":\"EcrRepository\","
            + "\"metadata\":{\"finalizers\":[\"ecr.operators.dev/finalizer\"],\"generation\":1,"
            + "\"name\":\"repo-"
            + i
            + "\",\"namespace\":\"team-"
            + (i % 7)
            + "\",\"resourceVersion\":\""
            + (1000 + i)
            + "\"},\"spec\":{\"lifecyclePolicy\":{\"rules\":[{\"rulePriority\":1,"
            + "\"description\":\"Keep only one untagged image, expire all others\","
            + "\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\","
            + "\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}},\"status\":{"
            + "\"observedGeneration\":1,\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
            + "\"reason\":\"Synced\",\"message\":\"ECR repository eu-west-1/team/repo-"
            + i
            + " matches the spec; lifecycle policy sha256:"
            + digest
            + "\"}]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givesBackEveryTextExactlyBeforeAndAfterThereIsADictionary() {
    byte[] before = repository(1);
    byte[] keptBefore = deflated.encode(before);
    deflated.adoptDictionary(repository(0));
    byte[] after = repository(2);
    byte[] keptAfter = deflated.encode(after);

    assertArrayEquals(before, deflated.decode(keptBefore));
    assertArrayEquals(after, deflated.decode(keptAfter));
    assertArrayEquals(new byte[0], deflated.decode(deflated.encode(new byte[0])));
  }

  @Test
  void aTextLikeTheDictionaryTakesAFractionOfWhatItTakesAlone() {
    byte[] text = repository(2);
    int alone = deflated.encode(text).length;
    deflated.adoptDictionary(repository(1));
    int against = deflated.encode(text).length;

    assertTrue(alone < text.length * 3 / 4, "alone: " + alone + " of " + text.length);
    assertTrue(
        against < text.length / 4, "against the dictionary: " + against + " of " + text.length);
  }

  @Test
  void theFirstDictionaryStays() {
    deflated.adoptDictionary(repository(1));
    byte[] kept = deflated.encode(repository(5));
    deflated.adoptDictionary("{}".getBytes(StandardCharsets.UTF_8));

    assertArrayEquals(repository(5), deflated.decode(kept));
  }

  @Test
  void textThatDoesNotCompressStillComesBack() {
    byte[] noise = new byte[5000];
    new Random(7).nextBytes(noise);
    deflated.adoptDictionary(repository(1));

    assertArrayEquals(noise, deflated.decode(deflated.encode(noise)));
  }

  @Test
  void aDamagedEntryIsAnErrorNotAWrongResource() {
    byte[] kept = deflated.encode(repository(3));

    assertThrows(
        IllegalStateException.class, () -> deflated.decode(Arrays.copyOf(kept, kept.length / 2)));
  }
}
