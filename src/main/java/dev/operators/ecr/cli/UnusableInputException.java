package dev.operators.ecr.cli;

/** Input a command cannot use at all; its message says why, naming the input. */
class UnusableInputException extends Exception {
  UnusableInputException(String message) {
    super(message);
  }
}
