package dev.operators.ecr.sandbox.emulator;

/** Tells the endpoint to close the connection without answering. */
final class DroppedConnection extends RuntimeException {
  DroppedConnection() {
    super("connection dropped by the fault plan", null, false, false);
  }
}
