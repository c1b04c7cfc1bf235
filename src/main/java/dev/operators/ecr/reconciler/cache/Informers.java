package dev.operators.ecr.reconciler.cache;

/** How the operator's informers list. */
public final class Informers {
  /**
   * Objects per page of an informer's list (at start and on a relist): a real API server then sends
   * 10,000 resources in twenty answers instead of one of several megabytes, which the operator
   * would hold whole while decoding it.
   */
  public static final long LIST_PAGE = 500;

  private Informers() {}
}
