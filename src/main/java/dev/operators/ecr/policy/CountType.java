package dev.operators.ecr.policy;

/** How a rule limits the images it selects: by number kept, or by days since an event. */
public enum CountType {
  IMAGE_COUNT_MORE_THAN("imageCountMoreThan"),
  SINCE_IMAGE_PUSHED("sinceImagePushed"),
  SINCE_IMAGE_PULLED("sinceImagePulled"),
  SINCE_IMAGE_TRANSITIONED("sinceImageTransitioned");

  private final String jsonName;

  CountType(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The value as written in a policy document, for example {@code imageCountMoreThan}. */
  public String jsonName() {
    return jsonName;
  }

  /** True for the age limits, which count in days ({@code countUnit: days}). */
  public boolean isAge() {
    return this != IMAGE_COUNT_MORE_THAN;
  }
}
