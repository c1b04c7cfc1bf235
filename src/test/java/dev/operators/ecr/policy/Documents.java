package dev.operators.ecr.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Policy documents for tests, written with single quotes so they read well in Java strings. */
final class Documents {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A rule that expires all but the newest untagged image; valid on its own. */
  static final String KEEP_ONE_UNTAGGED =
      "{'rulePriority':1,'selection':{'tagStatus':'untagged','countType':'imageCountMoreThan',"
          + "'countNumber':1},'action':{'type':'expire'}}";

  private Documents() {}

  /** {@code text} with single quotes turned into double quotes. */
  static String json(String text) {
    return text.replace('\'', '"');
  }

  /** A policy document with these rules (single-quoted JSON). */
  static String policy(String... rules) {
    return json("{'rules':[" + String.join(",", rules) + "]}");
  }

  static JsonNode node(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** A tagged, standard-class rule keeping {@code keep} images that match the patterns. */
  static String keepTagged(int priority, String patterns, int keep) {
    return "{'rulePriority':"
        + priority
        + ",'selection':{'tagStatus':'tagged','tagPatternList':["
        + patterns
        + "],'countType':'imageCountMoreThan','countNumber':"
        + keep
        + "},'action':{'type':'expire'}}";
  }
}
