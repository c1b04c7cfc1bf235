package dev.operators.ecr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Which images a lifecycle rule selects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.tagStatus != 'tagged' || has(self.tagPrefixList) || has(self.tagPatternList)",
    message =
        "tagStatus tagged needs a tagPatternList or a tagPrefixList; add one, for example"
            + " tagPatternList: [\"prod*\"]")
@ValidationRule(
    value = "!has(self.tagPrefixList) || !has(self.tagPatternList)",
    message =
        "tagPrefixList and tagPatternList cannot be combined; keep one (a pattern such as"
            + " \"prod*\" also matches by prefix)")
@ValidationRule(
    value = "self.tagStatus == 'tagged' || !has(self.tagPrefixList) && !has(self.tagPatternList)",
    message =
        "tagPrefixList and tagPatternList are only allowed with tagStatus tagged; remove them, or"
            + " set tagStatus: tagged")
@ValidationRule(
    value = "self.countType == 'imageCountMoreThan' || has(self.countUnit)",
    message =
        "countType sinceImagePushed, sinceImagePulled and sinceImageTransitioned count days; add"
            + " countUnit: days")
@ValidationRule(
    value = "self.countType != 'imageCountMoreThan' || !has(self.countUnit)",
    message =
        "countUnit is not allowed with countType imageCountMoreThan, whose countNumber is a"
            + " number of images; remove countUnit")
@ValidationRule(
    value =
        "self.countType != 'sinceImageTransitioned'"
            + " || has(self.storageClass) && self.storageClass == 'archive'",
    message = "countType sinceImageTransitioned selects archived images; set storageClass: archive")
@ValidationRule(
    value =
        "!has(self.storageClass) || self.storageClass != 'archive'"
            + " || self.countType == 'sinceImageTransitioned'",
    message =
        "storageClass archive only works with countType sinceImageTransitioned; change the"
            + " countType, or set storageClass: standard")
@ValidationRule(
    value = "self.countType != 'sinceImageTransitioned' || self.countNumber >= 90",
    message =
        "countNumber must be at least 90 with countType sinceImageTransitioned: ECR keeps archived"
            + " images at least 90 days")
public class RuleSelection {

  /** Entries per tag list: ECR sets no limit; this bounds the cost of the CEL rules. */
  public static final int MAX_TAG_LIST_ENTRIES = 100;

  /** Characters per prefix or pattern: the longest image tag ECR accepts. */
  public static final int MAX_TAG_LENGTH = 300;

  @JsonPropertyDescription(
      "Which images: tagged (with tagPrefixList or tagPatternList), untagged, or any.")
  @Required
  @SchemaFrom(type = TagStatus.class)
  private String tagStatus;

  @JsonPropertyDescription(
      "With tagStatus tagged: images with a tag starting with each prefix, such as \"prod\".")
  @Size(min = 1, max = MAX_TAG_LIST_ENTRIES)
  private List<@Size(min = 1, max = MAX_TAG_LENGTH) String> tagPrefixList;

  @JsonPropertyDescription(
      "With tagStatus tagged: images with a tag matching each pattern, such as \"prod*\"; at"
          + " most four * per pattern.")
  @Size(min = 1, max = MAX_TAG_LIST_ENTRIES)
  @ValidationRule(
      value = "self.all(p, !p.matches('^([^*]*[*]){5}'))",
      message = "a tag pattern may contain at most four wildcards (*)")
  private List<@Size(min = 1, max = MAX_TAG_LENGTH) String> tagPatternList;

  @JsonPropertyDescription("Which images: standard (default) or archive.")
  @SchemaFrom(type = StorageClass.class)
  private String storageClass;

  @JsonPropertyDescription(
      "imageCountMoreThan keeps the countNumber newest images; sinceImagePushed,"
          + " sinceImagePulled and sinceImageTransitioned act on images pushed, last pulled or"
          + " archived more than countNumber days ago.")
  @Required
  @SchemaFrom(type = CountType.class)
  private String countType;

  @JsonPropertyDescription("days, with the since* count types only.")
  @SchemaFrom(type = CountUnit.class)
  private String countUnit;

  @JsonPropertyDescription("A number of images, or of days.")
  @Required
  @Min(1)
  @Max(Integer.MAX_VALUE)
  private Long countNumber;

  // The values the schema allows (its enum). The fields stay Strings so that a resource that
  // bypassed admission still reads, and the operator can say what is wrong with it.

  private enum TagStatus {
    @JsonProperty("tagged")
    TAGGED,
    @JsonProperty("untagged")
    UNTAGGED,
    @JsonProperty("any")
    ANY
  }

  private enum StorageClass {
    @JsonProperty("standard")
    STANDARD,
    @JsonProperty("archive")
    ARCHIVE
  }

  private enum CountType {
    @JsonProperty("imageCountMoreThan")
    IMAGE_COUNT_MORE_THAN,
    @JsonProperty("sinceImagePushed")
    SINCE_IMAGE_PUSHED,
    @JsonProperty("sinceImagePulled")
    SINCE_IMAGE_PULLED,
    @JsonProperty("sinceImageTransitioned")
    SINCE_IMAGE_TRANSITIONED
  }

  private enum CountUnit {
    @JsonProperty("days")
    DAYS
  }

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
