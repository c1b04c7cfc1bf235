package dev.operators.ecr.reconciler;

import static dev.operators.ecr.reconciler.TestResources.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operators.ecr.api.Annotations;
import dev.operators.ecr.api.EcrRepository;
import dev.operators.ecr.api.EcrRepositoryStatus;
import dev.operators.ecr.status.StatusFactory;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of a resource get a pass, and when a pass handles a reconcile request. */
class ReconcileRequestsTest {
  private static final OnUpdateFilter<EcrRepository> UPDATES = ReconcileRequests.updates();
  private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

  private static EcrRepository changed(EcrRepository old, Consumer<EcrRepository> change) {
    EcrRepository fresh = io.fabric8.kubernetes.client.utils.Serialization.clone(old);
    change.accept(fresh);
    return fresh;
  }

  private static void annotate(EcrRepository r, String key, String value) {
    Map<String, String> annotations =
        r.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(r.getMetadata().getAnnotations());
    if (value == null) {
      annotations.remove(key);
    } else {
      annotations.put(key, value);
    }
    r.getMetadata().setAnnotations(annotations);
  }

  @Test
  void theOperatorsOwnStatusWritesAndOtherMetadataGetNoPass() {
    EcrRepository old = repository("{}");
    old.getMetadata().setFinalizers(List.of("ecrrepositories.ecr.operators.dev/finalizer"));

    assertFalse(
        UPDATES.accept(changed(old, r -> r.setStatus(StatusFactory.inProgress(r, NOW))), old));
    assertFalse(UPDATES.accept(changed(old, r -> annotate(r, "example.com/note", "x")), old));
    assertFalse(UPDATES.accept(changed(old, r -> r.getMetadata().setResourceVersion("9")), old));
  }

  @Test
  void aNewGenerationASteeringAnnotationLabelsADeletionOrAFinalizerGetAPass() {
    EcrRepository old = repository("{}");
    annotate(old, Annotations.RECONCILE_REQUESTED_AT, "1");

    assertTrue(UPDATES.accept(changed(old, r -> r.getMetadata().setGeneration(4L)), old));
    assertTrue(
        UPDATES.accept(
            changed(old, r -> annotate(r, Annotations.RECONCILE_REQUESTED_AT, "2")), old));
    assertTrue(
        UPDATES.accept(
            changed(old, r -> annotate(r, Annotations.RECONCILE_REQUESTED_AT, null)), old));
    assertTrue(UPDATES.accept(changed(old, r -> annotate(r, Annotations.PAUSED, "true")), old));
    // A value that does not pause is still a change to act on: its warning is logged.
    assertTrue(UPDATES.accept(changed(old, r -> annotate(r, Annotations.PAUSED, "yes")), old));
    // Labels choose the AWS identity (an EcrAccess's resourceSelector).
    assertTrue(
        UPDATES.accept(
            changed(old, r -> r.getMetadata().setLabels(Map.of("team", "orders"))), old));
    assertTrue(
        UPDATES.accept(
            changed(old, r -> r.getMetadata().setDeletionTimestamp("2026-12-05T00:00:00Z")), old));
    assertTrue(
        UPDATES.accept(
            changed(old, r -> r.getMetadata().setFinalizers(List.of("x/finalizer"))), old));
  }

  @Test
  void aRequestIsPendingUntilAStatusEchoesItsValue() {
    EcrRepository r = repository("{}");
    assertFalse(ReconcileRequests.pending(r), "no annotation, no request");

    annotate(r, Annotations.RECONCILE_REQUESTED_AT, "1");
    assertTrue(ReconcileRequests.pending(r), "no status yet");
    r.setStatus(new EcrRepositoryStatus());
    r.getStatus().setLastHandledReconcileAt("1");
    assertFalse(ReconcileRequests.pending(r));

    annotate(r, Annotations.RECONCILE_REQUESTED_AT, "2");
    assertTrue(ReconcileRequests.pending(r));
  }

  @Test
  void onlyTrueExactlyPauses() {
    EcrRepository r = repository("{}");
    assertFalse(Annotations.paused(r));
    for (String value : List.of("True", "yes", "1", "")) {
      annotate(r, Annotations.PAUSED, value);
      assertFalse(Annotations.paused(r), value);
      assertEquals(value, Annotations.pausedValueIgnored(r));
    }
    annotate(r, Annotations.PAUSED, "true");
    assertTrue(Annotations.paused(r));
    assertEquals(null, Annotations.pausedValueIgnored(r));
  }
}
