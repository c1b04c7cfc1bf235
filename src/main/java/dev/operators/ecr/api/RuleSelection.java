package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Which images a lifecycle rule selects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuleSelection {

  @Required
  @Pattern("^(tagged|untagged|any)$")
  private String tagStatus;

  private List<String> tagPrefixList;

  private List<String> tagPatternList;

  @Pattern("^(standard|archive)$")
  private String storageClass;

  @Required
  @Pattern("^(imageCountMoreThan|sinceImagePushed|sinceImagePulled|sinceImageTransitioned)$")
  private String countType;

  @Pattern("^days$")
  private String countUnit;

  @Required
  @Min(1)
  private Long countNumber;

  public String getTagStatus() {
    return tagStatus;
  }

  public void setTagStatus(String tagStatus) {
    this.tagStatus = tagStatus;
  }

  public List<String> getTagPrefixList() {
    return tagPrefixList;
  }

  public void setTagPrefixList(List<String> tagPrefixList) {
    this.tagPrefixList = tagPrefixList;
  }

  public List<String> getTagPatternList() {
    return tagPatternList;
  }

  public void setTagPatternList(List<String> tagPatternList) {
    this.tagPatternList = tagPatternList;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public String getCountType() {
    return countType;
  }

  public void setCountType(String countType) {
    this.countType = countType;
  }

  public String getCountUnit() {
    return countUnit;
  }

  public void setCountUnit(String countUnit) {
    this.countUnit = countUnit;
  }

  public Long getCountNumber() {
    return countNumber;
  }

  public void setCountNumber(Long countNumber) {
    this.countNumber = countNumber;
  }
}
