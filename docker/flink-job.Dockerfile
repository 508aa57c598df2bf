# The learning job's image: Flink's own image with the job jar in usrlib, where the Flink Kubernetes
# Operator's application mode finds it (local:///opt/flink/usrlib/streamrec-flink-job.jar). Build from
# the repository root:
#   docker build -f docker/flink-job.Dockerfile -t streamrec-flink-job:0.1.0 .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -pl flink-jobs -am package -DskipTests \
 && cp flink-jobs/target/streamrec-flink-job-*.jar /streamrec-flink-job.jar

FROM flink:2.2-java17
COPY --from=build --chown=flink:flink /streamrec-flink-job.jar /opt/flink/usrlib/streamrec-flink-job.jar
USER flink
