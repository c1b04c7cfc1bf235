package dev.operators.ecr.sync;

import java.util.List;

/**
 * What a pass over an EcrRegistry leaves in ECR, section by section; a field is null when its
 * section is not managed.
 *
 * @param sections the sections managed after the pass
 * @param replicationRules the replication rules
 * @param replicationDestinations the distinct destinations of those rules
 * @param scanType the registry's scan type
 * @param scanningRules the scanning rules
 * @param policyDigest the registry policy's canonical digest
 * @param signingRules the signing rules
 * @param registeredExclusions the exclusions the resource registered and keeps, sorted
 * @param exclusions every exclusion in ECR, the resource's and others'
 */
public record RegistryObservation(
    List<String> sections,
    Integer replicationRules,
    Integer replicationDestinations,
    String scanType,
    Integer scanningRules,
    String policyDigest,
    Integer signingRules,
    List<String> registeredExclusions,
    Integer exclusions) {

  public RegistryObservation {
    sections = List.copyOf(sections);
    registeredExclusions = registeredExclusions == null ? null : List.copyOf(registeredExclusions);
  }
}
