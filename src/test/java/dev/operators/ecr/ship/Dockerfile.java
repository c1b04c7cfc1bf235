package dev.operators.ecr.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as BuildKit reads it, enough to check its shape: instructions with line
 * continuations joined and comments dropped, grouped into stages, and the build arguments declared
 * before the first stage with their defaults.
 */
final class Dockerfile {
  // $NAME, ${NAME}, and ${NAME:-DEFAULT} (DEFAULT when NAME is unset or empty).
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::-([^}]*))?}|\\$(\\w+)");

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
  private final Map<String, String> globalArgs;

  private Dockerfile(
      List<Instruction> instructions, List<Stage> stages, Map<String, String> globalArgs) {
    this.instructions = instructions;
    this.stages = stages;
    this.globalArgs = globalArgs;
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
    Map<String, String> globalArgs = new LinkedHashMap<>();
    List<Instruction> current = null;
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("ARG") && current == null) {
        String[] declared = instruction.arguments().split("=", 2);
        globalArgs.put(declared[0].strip(), declared.length > 1 ? declared[1].strip() : null);
      } else if (instruction.keyword().equals("FROM")) {
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
    return new Dockerfile(
        List.copyOf(instructions),
        List.copyOf(stages),
        java.util.Collections.unmodifiableMap(globalArgs));
  }

  /** The build arguments declared before the first FROM, with their defaults (null: none). */
  Map<String, String> globalArgs() {
    return globalArgs;
  }

  /** The stage's base with the build arguments substituted: {@code given}, else the defaults. */
  String base(Stage stage, Map<String, String> given) {
    Matcher variable = VARIABLE.matcher(stage.base());
    StringBuilder resolved = new StringBuilder();
    while (variable.find()) {
      String name = variable.group(1) != null ? variable.group(1) : variable.group(3);
      if (!globalArgs.containsKey(name)) {
        throw new AssertionError("FROM uses " + name + ", not declared before the first FROM");
      }
      String value = given.getOrDefault(name, globalArgs.get(name));
      if ((value == null || value.isEmpty()) && variable.group(2) != null) {
        value = variable.group(2);
      }
      if (value == null) {
        throw new AssertionError("build argument " + name + " has no default and was not given");
      }
      variable.appendReplacement(resolved, Matcher.quoteReplacement(value));
    }
    return variable.appendTail(resolved).toString();
  }

  /** The stage of that name, or null. */
  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst().orElse(null);
  }

  /**
   * The stages the final stage is built from with these build arguments: through FROM of an earlier
   * stage and {@code COPY --from=}. A builder that skips unused stages builds only these.
   */
  Set<Stage> stagesNeeded(Map<String, String> given) {
    Set<Stage> needed = new LinkedHashSet<>();
    List<Stage> pending = new ArrayList<>(List.of(finalStage()));
    while (!pending.isEmpty()) {
      Stage stage = pending.remove(pending.size() - 1);
      if (!needed.add(stage)) {
        continue;
      }
      List<String> from = new ArrayList<>(List.of(base(stage, given)));
      for (Instruction copy : stage.all("COPY")) {
        for (String word : copy.arguments().split("\\s+")) {
          if (word.startsWith("--from=")) {
            from.add(word.substring("--from=".length()));
          }
        }
      }
      from.stream().map(this::stage).filter(s -> s != null).forEach(pending::add);
    }
    return needed;
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
