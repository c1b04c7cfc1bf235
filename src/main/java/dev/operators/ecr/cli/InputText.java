package dev.operators.ecr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The text a command reads: a file, or standard input when the file is {@code -}. */
final class InputText {
  static final String STANDARD_INPUT = "-";

  private InputText() {}

  static String read(String file, InputStream stdin) throws UnusableInputException {
    try {
      return file.equals(STANDARD_INPUT)
          ? StandardCharsets.UTF_8
              .newDecoder()
              .decode(ByteBuffer.wrap(stdin.readAllBytes()))
              .toString()
          : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new UnusableInputException(name(file) + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UnusableInputException("cannot read " + name(file) + ": " + e.getMessage());
    }
  }

  /** How messages name an input. */
  static String name(String file) {
    return file.equals(STANDARD_INPUT) ? "standard input" : file;
  }
}
