package dev.operators.ecr.admission;

/** One reason the API server would refuse an object: where, as a field path, and what. */
record Rejection(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
