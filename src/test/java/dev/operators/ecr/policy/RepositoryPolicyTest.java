package dev.operators.ecr.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepositoryPolicyTest {
  private static final String PULL =
      """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"Pull","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]},
         "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]},
        {"Sid":"Push","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},
         "Action":"ecr:PutImage","Condition":{"StringEquals":{"aws:PrincipalTag/team":["payments"]}}}
      ]}
      """;

  @Test
  void statementOrderListsOfOneKeyOrderAndWhitespaceDoNotMatter() {
    String same =
        """
        {"Statement":[
          {"Condition":{"StringEquals":{"aws:PrincipalTag/team":"payments"}},"Action":["ecr:PutImage"],
           "Principal":{"AWS":["arn:aws:iam::111122223333:role/ci"]},"Effect":"Allow","Sid":"Push"},
          {"Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Sid":"Pull",
           "Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:root"]}}
        ],"Version":"2012-10-17"}
        """;
    assertEquals(RepositoryPolicy.parse(PULL), RepositoryPolicy.parse(same));
  }

  @Test
  void aStatementNeedsAPrincipalAndAnActionAsEcrRequires() {
    var e =
        assertThrows(
            InvalidPolicyException.class,
            () ->
                RepositoryPolicy.parse(
                    "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
                        + "\"Principal\":\"*\"},{\"Effect\":\"Deny\"}]}"));
    assertEquals(
        java.util.List.of("Statement[1]", "Statement[1]"),
        e.problems().stream().map(PolicyProblem::path).toList());
    assertTrue(e.problems().get(0).message().contains("Principal"));
    assertTrue(e.problems().get(1).message().contains("Action"));
    // NotPrincipal and NotAction count, and a single statement object is named as such.
    RepositoryPolicy.parse(
        "{\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"x\"},"
            + "\"NotAction\":\"ecr:BatchGetImage\"}}");
    var single =
        assertThrows(
            InvalidPolicyException.class,
            () ->
                RepositoryPolicy.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"a\"}}"));
    assertEquals("Statement", single.problems().get(0).path());
  }

  @Test
  void actionNamesCompareWithoutCase() {
    assertEquals(
        RepositoryPolicy.parse(PULL).digest(),
        RepositoryPolicy.parse(PULL.replace("ecr:PutImage", "ECR:putimage")).digest());
  }

  @Test
  void aDifferentMeaningGivesADifferentDigest() {
    assertNotEquals(
        RepositoryPolicy.parse(PULL).digest(),
        RepositoryPolicy.parse(
                PULL.replace(
                    "\"Allow\",\"Principal\":{\"AWS\":\"", "\"Deny\",\"Principal\":{\"AWS\":\""))
            .digest());
    assertNotEquals(
        RepositoryPolicy.parse(PULL).digest(),
        RepositoryPolicy.parse(PULL.replace("444455556666", "999999999999")).digest());
  }

  @Test
  void aWildcardPrincipalStaysOneValue() {
    String text = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}}";
    assertTrue(RepositoryPolicy.parse(text).json().contains("\"Principal\":\"*\""));
  }

  @Test
  void whatIsNotAPolicyIsRefusedWithWhatIsWrong() {
    var notJson = assertThrows(InvalidPolicyException.class, () -> RepositoryPolicy.parse("{"));
    assertTrue(notJson.getMessage().contains("not valid JSON"), notJson.getMessage());
    var noStatement =
        assertThrows(
            InvalidPolicyException.class, () -> RepositoryPolicy.parse("{\"Version\":\"x\"}"));
    assertEquals("Statement", noStatement.problems().get(0).path());
    var array = assertThrows(InvalidPolicyException.class, () -> RepositoryPolicy.parse("[]"));
    assertTrue(array.getMessage().contains("JSON object"));
    var tooLong =
        assertThrows(
            InvalidPolicyException.class,
            () -> RepositoryPolicy.parse(PULL + " ".repeat(RepositoryPolicy.MAX_LENGTH)));
    assertTrue(tooLong.getMessage().contains("at most 10240"), tooLong.getMessage());
    var duplicate =
        assertThrows(
            InvalidPolicyException.class,
            () -> RepositoryPolicy.parse("{\"Statement\":[],\"Statement\":[]}"));
    assertTrue(duplicate.getMessage().contains("Duplicate"), duplicate.getMessage());
  }
}
