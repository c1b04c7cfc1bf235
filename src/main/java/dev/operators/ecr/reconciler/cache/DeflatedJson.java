package dev.operators.ecr.reconciler.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * JSON texts kept deflated against a shared dictionary: the text of one resource of the same kind.
 * Two EcrRepositories share nearly everything but their names, identifiers and digests (field
 * names, condition types, reasons, messages, the URI's registry), so a repository deflated against
 * another takes about a tenth of its text, where deflating it alone only halves it.
 *
 * <p>The dictionary is the first text {@link #adoptDictionary offered}; texts deflated before there
 * was one are deflated alone and marked so, and are deflated again, against it, when they are next
 * stored. Encoding is serialized (one deflater, reused); decoding is not (an inflater per call).
 */
final class DeflatedJson {
  private static final byte ALONE = 0;
  private static final byte AGAINST_DICTIONARY = 1;
  private static final int HEADER = 1 + Integer.BYTES;

  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private volatile byte[] dictionary;

  boolean hasDictionary() {
    return dictionary != null;
  }

  /** Makes {@code text} the dictionary of every text encoded from now on, if there is none yet. */
  synchronized void adoptDictionary(byte[] text) {
    if (dictionary == null) {
      dictionary = text.clone();
    }
  }

  /** The text deflated, with what decoding it needs to know. */
  synchronized byte[] encode(byte[] text) {
    byte[] against = dictionary;
    deflater.reset();
    if (against != null) {
      deflater.setDictionary(against);
    }
    deflater.setInput(text);
    deflater.finish();
    byte[] out = new byte[HEADER + text.length / 2 + 64];
    int length = HEADER;
    while (!deflater.finished()) {
      if (length == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      length += deflater.deflate(out, length, out.length - length);
    }
    ByteBuffer.wrap(out).put(against == null ? ALONE : AGAINST_DICTIONARY).putInt(text.length);
    return Arrays.copyOf(out, length);
  }

  /** The text {@link #encode} was given. */
  byte[] decode(byte[] encoded) {
    ByteBuffer header = ByteBuffer.wrap(encoded, 0, HEADER);
    byte kind = header.get();
    byte[] text = new byte[header.getInt()];
    Inflater inflater = new Inflater(true);
    try {
      if (kind == AGAINST_DICTIONARY) {
        inflater.setDictionary(dictionary);
      }
      inflater.setInput(encoded, HEADER, encoded.length - HEADER);
      int length = 0;
      while (length < text.length && !inflater.finished()) {
        int inflated = inflater.inflate(text, length, text.length - length);
        if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a cached entry is truncated");
        }
        length += inflated;
      }
      return text;
    } catch (DataFormatException e) {
      throw new IllegalStateException("a cached entry is corrupt", e);
    } finally {
      inflater.end();
    }
  }
}
