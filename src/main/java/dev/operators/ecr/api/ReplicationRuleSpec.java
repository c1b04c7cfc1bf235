package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * One replication rule: the repositories it selects (by name prefix, ECR's PREFIX_MATCH) are copied
 * to every destination.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicationRuleSpec {

  /** ECR's repository filter of a replication rule (PREFIX_MATCH). */
  public static final String FILTER_PATTERN =
      "^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$";

  /** The registry's limit on distinct destinations, across all its rules. */
  public static final int MAX_DESTINATIONS = 25;

  /** ECR's limit on the filters of one rule. */
  public static final int MAX_FILTERS = 100;

  public static final int MIN_FILTER = 2;
  public static final int MAX_FILTER = 256;

  @JsonPropertyDescription("Where the images go: 1 to 25 registries (region and account).")
  @Required
  @Size(min = 1, max = MAX_DESTINATIONS)
  private List<ReplicationDestinationSpec> destinations;

  @JsonPropertyDescription(
      "Repository name prefixes (ECR's PREFIX_MATCH filters), 1 to 100; a set. Absent: every"
          + " repository.")
  @Size(min = 1, max = MAX_FILTERS)
  private List<@Pattern(FILTER_PATTERN) @Size(min = MIN_FILTER, max = MAX_FILTER) String>
      repositoryFilters;

  public List<ReplicationDestinationSpec> getDestinations() {
    return destinations;
  }

  public void setDestinations(List<ReplicationDestinationSpec> destinations) {
    this.destinations = destinations;
  }

  public List<String> getRepositoryFilters() {
    return repositoryFilters;
  }

  public void setRepositoryFilters(List<String> repositoryFilters) {
    this.repositoryFilters = repositoryFilters;
  }
}
