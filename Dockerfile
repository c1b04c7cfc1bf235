# syntax=docker/dockerfile:1
# Build stage: compiles the operator and produces the runnable jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY k8s/examples k8s/examples
COPY crds crds
RUN mvn -B -q package -DskipTests

# Run stage: a JRE only, as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 65532 operator \
 && useradd --system --uid 65532 --gid operator --no-create-home --shell /usr/sbin/nologin operator
COPY --from=build /src/target/ecr-operator.jar /opt/ecr-operator/ecr-operator.jar
USER 65532:65532
# Container-aware heap sizing, a small collector, and no core dumps of credentials.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/./urandom"
ENTRYPOINT ["java", "-jar", "/opt/ecr-operator/ecr-operator.jar"]
CMD ["run"]
