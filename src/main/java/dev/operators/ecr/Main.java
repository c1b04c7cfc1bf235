package dev.operators.ecr;

/** The command line: run | sandbox. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("ecr-operator");
  }
}
