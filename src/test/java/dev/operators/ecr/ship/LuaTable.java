package dev.operators.ecr.ship;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** JSON written as a Lua table constructor, as Argo CD hands a resource to a health script. */
final class LuaTable {
  private LuaTable() {}

  /** A Lua chunk that returns the value. JSON null becomes an absent key, as in Argo CD. */
  static String chunk(JsonNode json) {
    StringBuilder out = new StringBuilder("return ");
    write(json, out);
    return out.append('\n').toString();
  }

  private static void write(JsonNode json, StringBuilder out) {
    if (json.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isNull()) {
          continue;
        }
        out.append('[');
        string(field.getKey(), out);
        out.append("]=");
        write(field.getValue(), out);
        out.append(',');
      }
      out.append('}');
    } else if (json.isArray()) {
      out.append('{');
      for (JsonNode item : json) {
        write(item, out);
        out.append(',');
      }
      out.append('}');
    } else if (json.isTextual()) {
      string(json.asText(), out);
    } else if (json.isNumber() || json.isBoolean()) {
      out.append(json.asText());
    } else {
      out.append("nil");
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append('\\').append((int) c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
