package dev.operators.ecr.aws;

/** Where a repository lives: its region and its name in the default registry. */
public record RepositoryRef(String region, String name) {
  @Override
  public String toString() {
    return region + "/" + name;
  }
}
