package dev.operators.ecr.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as BuildKit reads it, enough to check its shape: instructions with line
 * continuations joined and comments dropped, grouped into stages.
 */
final class Dockerfile {

  /** One instruction: its keyword in upper case and the rest of the line. */
  record Instruction(String keyword, String arguments) {

    /** The arguments of the exec (JSON array) form. */
    List<String> execForm() {
      try {
        return ShipFiles.JSON.readValue(arguments, new TypeReference<List<String>>() {});
      } catch (IOException e) {
        throw new UncheckedIOException(keyword + " is not in exec form: " + arguments, e);
      }
    }
  }

  /** A stage: its base image, its name ({@code AS ...}) or null, and its instructions. */
  record Stage(String base, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The last instruction with that keyword (the one in force), or null. */
    Instruction last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? null : found.get(found.size() - 1);
    }
  }

  private final List<Instruction> instructions;
  private final List<Stage> stages;

  private Dockerfile(List<Instruction> instructions, List<Stage> stages) {
    this.instructions = instructions;
    this.stages = stages;
  }

  static Dockerfile read(Path file) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : ShipFiles.read(file).lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String text = pending.toString().strip();
      pending.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      String[] parts = text.split("\\s+", 2);
      instructions.add(
          new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
    }
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        String[] words = instruction.arguments().split("\\s+");
        int i = 0;
        while (words[i].startsWith("--")) {
          i++;
        }
        String name =
            words.length > i + 2 && words[i + 1].equalsIgnoreCase("AS") ? words[i + 2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(words[i], name, current));
      } else if (current != null) {
        current.add(instruction);
      }
    }
    return new Dockerfile(List.copyOf(instructions), List.copyOf(stages));
  }

  List<Instruction> instructions() {
    return instructions;
  }

  List<Stage> stages() {
    return stages;
  }

  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }
}
