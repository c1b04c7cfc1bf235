package dev.operators.ecr.cli;

/** A document no command acts on, with the note that says so. */
record Skipped(String note) implements Item {}
