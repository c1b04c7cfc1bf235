package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The last time the operator restored fields changed in ECR behind its back. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftCorrection {
  private String time;
  private List<String> fields;

  public DriftCorrection() {}

  public DriftCorrection(String time, List<String> fields) {
    this.time = time;
    this.fields = fields;
  }

  public String getTime() {
    return time;
  }

  public void setTime(String time) {
    this.time = time;
  }

  public List<String> getFields() {
    return fields;
  }

  public void setFields(List<String> fields) {
    this.fields = fields;
  }
}
