package dev.operators.ecr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OfflineInputTest {
  // Each offline command reading standard input, with the arguments that make it do so.
  private static final Map<Function<InputStream, Object>, List<String>> COMMANDS =
      Map.of(
          ValidateCommand::new, List.of("-"),
          RenderCommand::new, List.of("-"),
          PreviewCommand::new,
              List.of("--policy", "-", "--images", CommandRun.file("images.json")));

  @Test
  void theOfflineCommandsShareOneMixinForTheirOptionsAndInputs() {
    COMMANDS.forEach(
        (command, args) -> {
          CommandLine commandLine = new CommandLine(command.apply(InputStream.nullInputStream()));
          assertTrue(
              commandLine.getMixins().values().stream().anyMatch(OfflineInput.class::isInstance),
              commandLine.getCommandName());
          assertTrue(commandLine.getCommandSpec().findOption("--help") != null);
        });
  }

  @Test
  void anInputNoneOfThemCanUseIsOneLineAndExitStatusTwo() {
    COMMANDS.forEach(
        (command, args) -> {
          CommandRun run =
              CommandRun.of(
                  command.apply(new ByteArrayInputStream(new byte[] {(byte) 0xff})),
                  args.toArray(String[]::new));
          assertEquals(ExitCodes.UNUSABLE_INPUT, run.exitCode(), run.err());
          assertEquals(List.of("standard input is not UTF-8 text"), run.errLines());
          assertEquals("", run.out());
        });
  }
}
