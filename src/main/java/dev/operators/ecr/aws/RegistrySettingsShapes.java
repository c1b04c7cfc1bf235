package dev.operators.ecr.aws;

import java.util.List;
import software.amazon.awssdk.services.ecr.model.RegistryScanningConfiguration;
import software.amazon.awssdk.services.ecr.model.RegistryScanningRule;
import software.amazon.awssdk.services.ecr.model.ReplicationConfiguration;
import software.amazon.awssdk.services.ecr.model.RepositoryFilter;
import software.amazon.awssdk.services.ecr.model.RepositoryFilterType;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilter;
import software.amazon.awssdk.services.ecr.model.ScanningRepositoryFilterType;
import software.amazon.awssdk.services.ecr.model.SigningConfiguration;
import software.amazon.awssdk.services.ecr.model.SigningRepositoryFilter;
import software.amazon.awssdk.services.ecr.model.SigningRepositoryFilterType;

/** The port's registry settings to and from the AWS SDK's shapes of the same names. */
final class RegistrySettingsShapes {
  private RegistrySettingsShapes() {}

  static List<ReplicationRule> replication(ReplicationConfiguration configuration) {
    if (configuration == null) {
      return List.of();
    }
    return configuration.rules().stream()
        .map(
            rule ->
                new ReplicationRule(
                    rule.destinations().stream()
                        .map(d -> new ReplicationDestination(d.region(), d.registryId()))
                        .toList(),
                    rule.repositoryFilters().stream().map(RepositoryFilter::filter).toList()))
        .toList();
  }

  /** Filters left out when there are none: the model wants at least one when they are given. */
  static ReplicationConfiguration replication(List<ReplicationRule> rules) {
    return ReplicationConfiguration.builder()
        .rules(rules.stream().map(RegistrySettingsShapes::replicationRule).toList())
        .build();
  }

  private static software.amazon.awssdk.services.ecr.model.ReplicationRule replicationRule(
      ReplicationRule rule) {
    var sdk =
        software.amazon.awssdk.services.ecr.model.ReplicationRule.builder()
            .destinations(
                rule.destinations().stream()
                    .map(RegistrySettingsShapes::replicationDestination)
                    .toList());
    if (!rule.prefixFilters().isEmpty()) {
      sdk.repositoryFilters(
          rule.prefixFilters().stream()
              .map(
                  f ->
                      RepositoryFilter.builder()
                          .filterType(RepositoryFilterType.PREFIX_MATCH)
                          .filter(f)
                          .build())
              .toList());
    }
    return sdk.build();
  }

  private static software.amazon.awssdk.services.ecr.model.ReplicationDestination
      replicationDestination(ReplicationDestination destination) {
    return software.amazon.awssdk.services.ecr.model.ReplicationDestination.builder()
        .region(destination.region())
        .registryId(destination.registryId())
        .build();
  }

  /** A configuration ECR answers without a part is read as ECR's default for it. */
  static RegistryScanning scanning(RegistryScanningConfiguration configuration) {
    if (configuration == null || configuration.scanType() == null) {
      return RegistryScanning.DEFAULT;
    }
    return new RegistryScanning(
        configuration.scanTypeAsString(),
        configuration.rules().stream()
            .map(
                rule ->
                    new ScanningRule(
                        rule.scanFrequencyAsString(),
                        rule.repositoryFilters().stream()
                            .map(ScanningRepositoryFilter::filter)
                            .toList()))
            .toList());
  }

  static List<RegistryScanningRule> scanningRules(RegistryScanning scanning) {
    return scanning.rules().stream()
        .map(
            rule ->
                RegistryScanningRule.builder()
                    .scanFrequency(rule.scanFrequency())
                    .repositoryFilters(
                        rule.wildcardFilters().stream()
                            .map(
                                f ->
                                    ScanningRepositoryFilter.builder()
                                        .filterType(ScanningRepositoryFilterType.WILDCARD)
                                        .filter(f)
                                        .build())
                            .toList())
                    .build())
        .toList();
  }

  static List<SigningRule> signing(SigningConfiguration configuration) {
    if (configuration == null) {
      return List.of();
    }
    return configuration.rules().stream()
        .map(
            rule ->
                new SigningRule(
                    rule.signingProfileArn(),
                    rule.repositoryFilters().stream()
                        .map(SigningRepositoryFilter::filter)
                        .toList()))
        .toList();
  }

  /** Filters left out when there are none: the model wants at least one when they are given. */
  static SigningConfiguration signing(List<SigningRule> rules) {
    return SigningConfiguration.builder()
        .rules(rules.stream().map(RegistrySettingsShapes::signingRule).toList())
        .build();
  }

  private static software.amazon.awssdk.services.ecr.model.SigningRule signingRule(
      SigningRule rule) {
    var sdk =
        software.amazon.awssdk.services.ecr.model.SigningRule.builder()
            .signingProfileArn(rule.signingProfileArn());
    if (!rule.wildcardFilters().isEmpty()) {
      sdk.repositoryFilters(
          rule.wildcardFilters().stream()
              .map(
                  f ->
                      SigningRepositoryFilter.builder()
                          .filterType(SigningRepositoryFilterType.WILDCARD_MATCH)
                          .filter(f)
                          .build())
              .toList());
    }
    return sdk.build();
  }
}
