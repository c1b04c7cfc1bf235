package dev.operators.ecr.cli;

/** One document of a manifest, as the commands see it. */
sealed interface Item permits Resource, Skipped {}
