package dev.operators.ecr.policy;

/** One image a rule acts on. */
public record ImageAction(Image image, ActionType type, int rulePriority) {}
